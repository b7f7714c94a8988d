import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedError } from '../../src/errors.ts';
import { charsetFromContentType, charsetFromXmlDeclaration, decodeBody } from '../../src/sources/charset.ts';
import {
  createBoundedFetch,
  DEFAULT_FETCH_OPTIONS,
  FeedHttpError,
  retryAfterMs,
} from '../../src/sources/http-fetch.ts';
import type { FetchOutcome } from '../../src/sources/http-fetch.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import type { FeedServer } from '../helpers/feed-server.ts';

const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Uji</title>
<item><title>Satu</title><link>https://uji.example.id/1</link><description>Isi pertama</description></item></channel></rss>`;
const CP1252_TEXT = 'Café “kutipan” – Rp 1.000 …';
const FIFTY_MB = 50 * 1024 * 1024;

let server: FeedServer;
const timers = new Set<NodeJS.Timeout>();

function later(ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

async function failure(promise: Promise<FetchOutcome>): Promise<FeedError> {
  const result = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in result)) throw new Error(`expected a failure, got ${JSON.stringify(result.value).slice(0, 200)}`);
  expect(result.error).toBeInstanceOf(FeedError);
  return result.error as FeedError;
}

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/rss', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' });
    res.end(RSS);
  });
  for (const status of [404, 410, 500, 503, 429]) {
    server.route(`/status-${status}`, (_req, res) => void res.writeHead(status).end('nope'));
  }
  const bomb = gzipSync(Buffer.alloc(FIFTY_MB, 0x20));
  server.route('/gzip-bomb', (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' }).end(bomb));
  server.route('/gzip', (req, res) => {
    const accepts = String(req.headers['accept-encoding'] ?? '').includes('gzip');
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', ...(accepts ? { 'content-encoding': 'gzip' } : {}) });
    res.end(accepts ? gzipSync(RSS) : RSS);
  });
  server.route('/busy', (_req, res) => void res.writeHead(503, { 'retry-after': '120' }).end());
  server.route('/slow-headers', (_req, res) => later(3_000, () => res.writeHead(200).end(RSS)));
  server.route('/slow-body', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.write(RSS.slice(0, 40));
    later(3_000, () => res.end(RSS.slice(40)));
  });
  const huge = (declare: boolean) => async (_req: unknown, res: import('node:http').ServerResponse) => {
    const path = declare ? '/huge-declared' : '/huge';
    res.writeHead(200, { 'content-type': 'text/xml', ...(declare ? { 'content-length': String(FIFTY_MB) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < FIFTY_MB; sent += chunk.byteLength) {
      if (!(await server.writeCounted(path, res, chunk))) return;
    }
    res.end();
  };
  server.route('/huge', huge(false));
  server.route('/huge-declared', huge(true));
  const cp1252 = iconv.encode(`<?xml version="1.0"?><rss version="2.0"><channel><title>${CP1252_TEXT}</title></channel></rss>`, 'win1252');
  server.route('/cp1252-header', (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml; charset=windows-1252' }).end(cp1252));
  server.route('/cp1252-latin1-label', (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml; charset=ISO-8859-1' }).end(cp1252));
  const declared = iconv.encode(
    `<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>${CP1252_TEXT}</title></channel></rss>`,
    'win1252',
  );
  server.route('/cp1252-declaration', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(declared));
  server.route('/cp1252-unlabelled', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(cp1252));
  server.route('/bom', (_req, res) => void res.writeHead(200, { 'content-type': 'text/xml' }).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RSS)])));
  server.route('/loop-a', (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end());
  server.route('/loop-b', (_req, res) => void res.writeHead(301, { location: `${server.baseUrl}/loop-a` }).end());
  server.route('/self', (_req, res) => void res.writeHead(307, { location: '/self#again' }).end());
  for (let i = 1; i <= 8; i++) {
    server.route(`/chain-${i}`, (_req, res) => void res.writeHead(i % 2 ? 301 : 308, { location: i === 8 ? '/rss' : `/chain-${i + 1}` }).end());
  }
  server.route('/no-location', (_req, res) => void res.writeHead(302).end());
  server.route('/to-ftp', (_req, res) => void res.writeHead(302, { location: 'ftp://example.com/feed' }).end());
  server.route('/conditional', (req, res) => {
    if (req.headers['if-none-match'] === '"abc"' || req.headers['if-modified-since'] === 'Mon, 21 Feb 2022 07:00:00 GMT') {
      res.writeHead(304, { etag: '"abc"' }).end();
      return;
    }
    res.writeHead(200, { etag: '"abc"', 'last-modified': 'Mon, 21 Feb 2022 07:00:00 GMT', 'content-type': 'text/xml' }).end(RSS);
  });
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  await server.close();
});

describe('createBoundedFetch against a local server', () => {
  const get = createBoundedFetch({ allowPrivate: true, timeoutMs: 2_000 });

  test('a good feed comes back decoded with its validators and our User-Agent', async () => {
    const out = await get(server.url('/rss'));
    expect(out.status).toBe('ok');
    if (out.status !== 'ok') return;
    expect(out.body).toBe(RSS);
    expect(out.etag).toBe('"v1"');
    expect(out.charset).toBe('utf-8');
    expect(out.url).toBe(server.url('/rss'));
    const seen = server.requests.filter((r) => r.path === '/rss').at(-1);
    expect(seen?.headers['user-agent']).toBe(DEFAULT_FETCH_OPTIONS.userAgent);
    expect(seen?.headers['if-none-match']).toBeUndefined();
  });

  test.each([
    [404, false],
    [410, false],
    [500, true],
    [503, true],
    [429, true],
  ])('HTTP %i is a FeedError, transient=%s', async (status, transient) => {
    const error = await failure(get(server.url(`/status-${status}`)));
    expect(error.message).toContain(String(status));
    expect(error.transient).toBe(transient);
    expect(error.feedUrl).toBe(server.url(`/status-${status}`));
  });

  test('a 503 with Retry-After carries the status and the wait', async () => {
    const error = await failure(get(server.url('/busy')));
    expect(error).toBeInstanceOf(FeedHttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 120_000, transient: true });
  });

  test.each(['/slow-headers', '/slow-body'])('%s past the deadline is a transient timeout', async (path) => {
    const quick = createBoundedFetch({ allowPrivate: true, timeoutMs: 300 });
    const error = await failure(quick(server.url(path)));
    expect(error.message).toMatch(/timed out after 300 ms/);
    expect(error.transient).toBe(true);
  });

  test('a fetch that ignores the abort signal still cannot outlive the deadline', async () => {
    const stuck = createBoundedFetch({ allowPrivate: true, timeoutMs: 50, fetch: () => new Promise<Response>(() => {}) });
    const error = await failure(stuck('https://never.example.id/rss'));
    expect(error.message).toMatch(/timed out/);
  });

  test('a 50 MB streamed body is aborted at the cap, long before it is all sent', async () => {
    const error = await failure(get(server.url('/huge')));
    expect(error.message).toMatch(/larger than 5242880 bytes/);
    expect(error.transient).toBe(false);
    expect(server.bytesSent('/huge')).toBeLessThan(20 * 1024 * 1024);
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const error = await failure(get(server.url('/huge-declared')));
    expect(error.message).toMatch(/larger than/);
    expect(server.bytesSent('/huge-declared')).toBeLessThan(20 * 1024 * 1024);
  });

  test('a gzip body is decompressed, and a gzip bomb is capped on the decompressed size', async () => {
    const out = await get(server.url('/gzip'));
    expect(out.status === 'ok' && out.body).toBe(RSS);
    const error = await failure(get(server.url('/gzip-bomb')));
    expect(error.message).toMatch(/larger than/);
  });

  test('a body of exactly the cap is accepted, one byte more is not', async () => {
    const size = Buffer.byteLength(RSS);
    expect((await createBoundedFetch({ allowPrivate: true, maxBytes: size })(server.url('/rss'))).status).toBe('ok');
    expect((await failure(createBoundedFetch({ allowPrivate: true, maxBytes: size - 1 })(server.url('/rss')))).message).toMatch(/larger than/);
  });

  test('a small cap applies to ordinary feeds too', async () => {
    const tiny = createBoundedFetch({ allowPrivate: true, maxBytes: 100 });
    expect((await failure(tiny(server.url('/rss')))).message).toMatch(/larger than 100 bytes/);
  });

  test.each([
    ['/cp1252-header', 'windows-1252'],
    ['/cp1252-latin1-label', 'windows-1252'],
    ['/cp1252-declaration', 'windows-1252'],
    ['/cp1252-unlabelled', 'windows-1252'],
  ])('%s decodes é and curly quotes (%s)', async (path, charset) => {
    const out = await get(server.url(path));
    if (out.status !== 'ok') throw new Error('expected a body');
    expect(out.body).toContain(CP1252_TEXT);
    expect(out.body).not.toContain('\uFFFD');
    expect(out.charset).toBe(charset);
  });

  test('a UTF-8 byte-order mark is stripped', async () => {
    const out = await get(server.url('/bom'));
    if (out.status !== 'ok') throw new Error('expected a body');
    expect(out.body).toBe(RSS);
  });

  test.each(['/loop-a', '/self'])('redirect loop %s is detected', async (path) => {
    const error = await failure(get(server.url(path)));
    expect(error.message).toMatch(/redirect loop/);
    expect(error.transient).toBe(false);
  });

  test('a redirect chain within the cap is followed to the feed', async () => {
    const out = await get(server.url('/chain-4'));
    expect(out.status).toBe('ok');
    expect(out.url).toBe(server.url('/rss'));
  });

  test('a chain longer than the cap fails', async () => {
    const error = await failure(get(server.url('/chain-1')));
    expect(error.message).toMatch(/more than 5 redirects/);
    const lenient = createBoundedFetch({ allowPrivate: true, maxRedirects: 8 });
    expect((await lenient(server.url('/chain-1'))).status).toBe('ok');
  });

  test.each([
    ['/no-location', /without a Location/],
    ['/to-ftp', /only http and https/],
  ])('bad redirect %s fails permanently', async (path, message) => {
    const error = await failure(get(server.url(path)));
    expect(error.message).toMatch(message);
    expect(error.transient).toBe(false);
  });

  test('conditional GET: validators are sent back and 304 means not modified', async () => {
    const first = await get(server.url('/conditional'));
    if (first.status !== 'ok') throw new Error('expected a body first');
    expect(first.etag).toBe('"abc"');
    expect(first.lastModified).toBe('Mon, 21 Feb 2022 07:00:00 GMT');

    const byEtag = await get(server.url('/conditional'), { etag: first.etag });
    expect(byEtag).toMatchObject({ status: 'not-modified', etag: '"abc"' });
    const byDate = await get(server.url('/conditional'), { lastModified: first.lastModified });
    expect(byDate.status).toBe('not-modified');
    const stale = await get(server.url('/conditional'), { etag: '"old"' });
    expect(stale.status).toBe('ok');
    const sent = server.requests.filter((r) => r.path === '/conditional').map((r) => r.headers['if-none-match'] ?? null);
    expect(sent).toEqual([null, '"abc"', null, '"old"']);
  });

  test('a refused connection is a transient network error', async () => {
    const other = await startFeedServer();
    const url = other.url('/rss');
    await other.close();
    const error = await failure(get(url));
    expect(error.message).toMatch(/network error/);
    expect(error.transient).toBe(true);
    expect(error.cause).toBeDefined();
  });

  test.each(['ftp://example.com/feed', 'not a url', 'file:///etc/passwd'])('%s is refused without a request', async (url) => {
    const error = await failure(get(url));
    expect(error.transient).toBe(false);
  });
});

describe('retryAfterMs', () => {
  test.each([
    [{ 'retry-after': '30' }, 30_000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Mon, 21 Feb 2022 07:10:00 GMT', date: 'Mon, 21 Feb 2022 07:00:00 GMT' }, 600_000],
    [{ 'retry-after': 'Mon, 21 Feb 2022 06:00:00 GMT', date: 'Mon, 21 Feb 2022 07:00:00 GMT' }, 0],
    [{ 'retry-after': 'Mon, 21 Feb 2022 07:10:00 GMT' }, null],
    [{ 'retry-after': 'soon' }, null],
    [{ 'retry-after': '-5' }, null],
    [{}, null],
  ])('%o -> %s', (headers, expected) => {
    expect(retryAfterMs(new Headers(headers))).toBe(expected);
  });
});

describe('decodeBody', () => {
  const cp = iconv.encode(CP1252_TEXT, 'win1252');
  test.each([
    ['header charset', cp, 'text/xml; charset=windows-1252', CP1252_TEXT, 'windows-1252'],
    ['quoted header charset', cp, 'text/xml; charset="Windows-1252"', CP1252_TEXT, 'windows-1252'],
    ['utf-8 default', Buffer.from('Jalan “Sudirman”'), null, 'Jalan “Sudirman”', 'utf-8'],
    ['unknown charset falls back to utf-8', Buffer.from('aman'), 'text/xml; charset=x-unknown-9', 'aman', 'utf-8'],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss/>', 'utf16le')]), 'text/xml; charset=utf-8', '<rss/>', 'utf-16le'],
    ['iso-8859-15', iconv.encode('€uro', 'iso-8859-15'), 'text/xml; charset=iso-8859-15', '€uro', 'iso-8859-15'],
    ['declared utf-8 keeps utf-8 with U+FFFD for one bad byte', Buffer.concat([Buffer.from('“Kata” '), Buffer.from([0xff]), Buffer.from(' é')]), 'text/html; charset=utf-8', '“Kata” \uFFFD é', 'utf-8'],
    ['xml-declared utf-8 keeps utf-8', Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>é'), Buffer.from([0x93]), Buffer.from('</a>')]), null, '<?xml version="1.0" encoding="UTF-8"?><a>é\uFFFD</a>', 'utf-8'],
    ['undeclared and not utf-8: windows-1252', cp, null, CP1252_TEXT, 'windows-1252'],
    ['html meta charset', Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252">'), cp]), 'text/html', `<html><head><meta charset="windows-1252">${CP1252_TEXT}`, 'windows-1252'],
    ['html http-equiv', Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'), cp]), null, `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">${CP1252_TEXT}`, 'windows-1252'],
    ['header wins over meta', Buffer.from('<meta charset="windows-1252">“x”'), 'text/html; charset=utf-8', '<meta charset="windows-1252">“x”', 'utf-8'],
  ])('%s', (_name, bytes, contentType, text, charset) => {
    const out = decodeBody(new Uint8Array(bytes), contentType);
    expect(out.text).toBe(text);
    expect(out.charset).toBe(charset);
  });

  test.each([
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['application/rss+xml;charset="iso-8859-1"', 'iso-8859-1'],
    ['text/xml', null],
    [null, null],
  ])('charsetFromContentType(%s)', (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected);
  });

  test.each([
    ['<?xml version="1.0" encoding="windows-1252"?><rss/>', 'windows-1252'],
    ["  <?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?>", 'ISO-8859-1'],
    ['<?xml version="1.0"?><rss encoding="x"/>', null],
    ['<rss/>', null],
  ])('charsetFromXmlDeclaration(%s)', (head, expected) => {
    expect(charsetFromXmlDeclaration(new Uint8Array(Buffer.from(head)))).toBe(expected);
  });
});
