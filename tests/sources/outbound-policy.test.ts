import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedError } from '../../src/errors.ts';
import { createBoundedFetch } from '../../src/sources/http-fetch.ts';
import { checkOutboundUrl, guardedLookup, isPublicAddress, OutboundRefused } from '../../src/sources/outbound-policy.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';

describe('isPublicAddress', () => {
  test.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:8.8.8.8', true],
    ['not an ip', false],
  ])('%s -> %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('checkOutboundUrl', () => {
  test.each([
    ['file:///etc/passwd', /only http and https/],
    ['data:text/html,<p>x</p>', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['ftp://files.example.com/a', /only http and https/],
    ['gopher://example.com/', /only http and https/],
    ['http://user:pw@example.com/', /credentials/],
    ['http://127.0.0.1/', /127\.0\.0\.1 is not a public address/],
    ['http://2130706433/', /127\.0\.0\.1 is not a public address/],
    ['http://0x7f.0x0.0x0.0x1/', /127\.0\.0\.1 is not a public address/],
    ['http://0177.0.0.1/', /127\.0\.0\.1 is not a public address/],
    ['http://017700000001/', /127\.0\.0\.1 is not a public address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
    ['http://[::1]:8080/', /::1 is not a public address/],
    ['http://[::ffff:127.0.0.1]/', /not a public address/],
    ['http://0.0.0.0/', /not a public address/],
    ['http://[::]/', /not a public address/],
    ['http://224.0.0.251/', /not a public address/],
    ['not a url', /invalid URL/],
  ])('%s is refused', (url, reason) => {
    expect(() => checkOutboundUrl(url, false)).toThrow(OutboundRefused);
    expect(() => checkOutboundUrl(url, false)).toThrow(reason);
  });

  test('allowPrivate lifts the address rules, never the scheme rule', () => {
    expect(checkOutboundUrl('http://2130706433/x#frag', true)).toBe('http://127.0.0.1/x');
    expect(() => checkOutboundUrl('file:///etc/passwd', true)).toThrow(/only http and https/);
  });

  test.each(['https://www.antaranews.com/rss/terkini.xml', 'http://93.184.216.34/a', 'https://[2606:4700:4700::1111]/'])('%s passes', (url) => {
    expect(checkOutboundUrl(url, false)).toBe(new URL(url).href);
  });
});

describe('guardedLookup with real DNS', () => {
  test('localhost resolves to loopback and is refused', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup('localhost', { all: true }, (e) => resolve(e)));
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(error?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
  });
});

describe('the bounded fetch under the policy, against a local server', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/ok', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>'));
    const redirect = (to: string) => (_req: unknown, res: import('node:http').ServerResponse) => void res.writeHead(302, { location: to }).end();
    server.route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data/'));
    server.route('/to-decimal', redirect('http://2130706433/ok'));
    server.route('/to-file', redirect('file:///etc/passwd'));
    server.route('/to-mapped', redirect('http://[::ffff:7f00:1]/ok'));
  });
  afterAll(() => server.close());

  const refusal = async (promise: Promise<unknown>): Promise<FeedError> => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).transient).toBe(false);
    return error as FeedError;
  };

  test('a DNS name that resolves to loopback is refused at connect time, and nothing reaches the server', async () => {
    const before = server.requests.length;
    const url = server.url('/ok').replace('127.0.0.1', 'localhost');
    expect((await refusal(createBoundedFetch({ timeoutMs: 2_000 })(url))).message).toMatch(/localhost resolves to .* not a public address/);
    expect(server.requests.length).toBe(before);
  });

  test('an IP literal in any notation is refused before any connection', async () => {
    const before = server.requests.length;
    const port = new URL(server.baseUrl).port;
    for (const host of ['127.0.0.1', '2130706433', '0x7f000001', '[::ffff:127.0.0.1]']) {
      expect((await refusal(createBoundedFetch({ timeoutMs: 2_000 })(`http://${host}:${port}/ok`))).message).toMatch(/not a public address/);
    }
    expect(server.requests.length).toBe(before);
  });

  // The first hop goes through a plain fetch (the server itself is on loopback); the policy must
  // still refuse each redirect target.
  const firstHopAllowed = createBoundedFetch({ timeoutMs: 2_000, fetch: (input, init) => globalThis.fetch(input, init) });
  test.each([
    ['/to-metadata', /169\.254\.169\.254 is not a public address/],
    ['/to-decimal', /127\.0\.0\.1 is not a public address/],
    ['/to-mapped', /not a public address/],
    ['/to-file', /only http and https/],
  ])('a redirect %s is refused', async (path, reason) => {
    const url = server.url(path).replace('127.0.0.1', 'localhost');
    expect((await refusal(firstHopAllowed(url))).message).toMatch(reason);
  });

  test('KILAS_ALLOW_PRIVATE_FETCH (allowPrivate) reaches the local server by name', async () => {
    const url = server.url('/ok').replace('127.0.0.1', 'localhost');
    const out = await createBoundedFetch({ timeoutMs: 2_000, allowPrivate: true })(url);
    expect(out.status === 'ok' && out.body).toBe('<p>ok</p>');
  });
});
