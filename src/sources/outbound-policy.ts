/**
 * The one outbound-fetch policy of kilas, used for feeds, their redirects and article pages. Links
 * come from third-party feeds, so a link must not reach the machine kilas runs on or its network:
 * only http(s) URLs without credentials, and only public unicast addresses — checked on the URL's
 * host when it is an IP literal (`http://2130706433/` is parsed to 127.0.0.1 by the URL parser) and
 * on every address DNS returns for a name. The check runs inside the connection's own DNS lookup, so
 * the socket connects to exactly the address that was checked (no DNS-rebinding gap between a check
 * and a second lookup). `allowPrivate` (KILAS_ALLOW_PRIVATE_FETCH=1) lifts the address rules, not
 * the scheme rule.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';

/** Why a URL or an address was refused; carried as the cause of the fetch failure. */
export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

/** Whether an IP address is public unicast (not private, loopback, link-local, multicast, unspecified, reserved …). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 address it carries.
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Checks a URL against the policy before any connection is made.
 * @returns the URL as parsed and re-serialised (fragment removed).
 * @throws OutboundRefused for a non-http(s) scheme, credentials, a missing host, or (unless
 *   `allowPrivate`) a host that is a non-public IP literal in any notation.
 */
export function checkOutboundUrl(candidate: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new OutboundRefused(`invalid URL: ${candidate}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefused(`only http and https are fetched, not ${url.protocol}`);
  }
  if (!url.hostname) throw new OutboundRefused(`URL has no host: ${candidate}`);
  if (url.username || url.password) throw new OutboundRefused('credentials in URLs are not sent');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) {
    throw new OutboundRefused(`refused: ${host} is not a public address (set KILAS_ALLOW_PRIVATE_FETCH=1 to allow)`);
  }
  url.hash = '';
  return url.href;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` replacement for sockets: resolves the name, refuses it when any of its addresses
 * is not public (a name that also resolves to 10.0.0.1 is not trusted), and hands the checked
 * addresses to the socket.
 */
export function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true } satisfies LookupAllOptions, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const err: NodeJS.ErrnoException = new OutboundRefused(
        `refused: ${hostname} resolves to ${refused.address}, not a public address (set KILAS_ALLOW_PRIVATE_FETCH=1 to allow)`,
      );
      err.code = 'EKILASREFUSED';
      return callback(err, []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/** The subset of the WHATWG fetch signature the bounded fetch needs. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A fetch whose connections obey the address policy (undici's fetch over an Agent whose sockets use
 * {@link guardedLookup}); with `allowPrivate`, the plain global fetch. URL checks are the caller's
 * ({@link checkOutboundUrl} on the first URL and every redirect target).
 */
export function createPolicyFetch(allowPrivate: boolean): FetchLike {
  if (allowPrivate) return (input, init) => globalThis.fetch(input, init);
  const dispatcher = new Agent({ connect: { lookup: guardedLookup } });
  return (input, init) =>
    undiciFetch(input, { ...(init as unknown as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
}

/** The policy refusal somewhere in an error's cause chain, if any. */
export function refusalIn(error: unknown): OutboundRefused | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof OutboundRefused) return e;
  }
  return null;
}
