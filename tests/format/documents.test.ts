import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Digest, QuoteHit, Story } from '../../src/core/model/index.ts';
import { digestDocument, digestTitle, EMPTY_DIGEST_TEXT, emptyDigestText, quoteForDisplay } from '../../src/format/digest-document.ts';
import type { Block, Document, Inline } from '../../src/format/document.ts';
import { formatIndonesianDate, formatIndonesianDateTime } from '../../src/format/indonesian-date.ts';
import { renderJson } from '../../src/format/json-renderer.ts';
import { quotesDocument } from '../../src/format/quotes-document.ts';
import { sourcesDocument } from '../../src/format/answers-document.ts';
import { renderDiscord } from '../../src/platforms/discord/renderer.ts';
import { renderTelegram } from '../../src/platforms/telegram/renderer.ts';
import { renderText } from '../../src/format/text-renderer.ts';

const fixture = (name: string): Digest =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../fixtures/format/${name}.json`), 'utf8')) as Digest;
const runsText = (runs: readonly Inline[] | undefined) => (runs ?? []).map((r) => r.text).join('');
const blocksOf = (doc: Document): Block[] => doc.sections.flatMap((s) => s.blocks);

describe('Indonesian dates', () => {
  // Weekdays as the seed articles themselves print them, plus calendar edge cases.
  test.each([
    ['2021-12-23', 'Kamis, 23 Desember 2021'],
    ['2022-03-31', 'Kamis, 31 Maret 2022'],
    ['2023-07-11', 'Selasa, 11 Juli 2023'],
    ['2022-02-02', 'Rabu, 2 Februari 2022'],
    ['2024-02-29', 'Kamis, 29 Februari 2024'],
    ['2026-11-23', 'Senin, 23 November 2026'],
    ['2026-11-22T23:59:00+07:00', 'Minggu, 22 November 2026'],
    ['2000-01-01', 'Sabtu, 1 Januari 2000'],
    ['2023-08-04', 'Jumat, 4 Agustus 2023'],
  ])('%s -> %s', (iso, expected) => expect(formatIndonesianDate(iso)).toBe(expected));

  test.each(['2023-02-29', '2023-13-01', 'kemarin', ''])('%j is not a date', (iso) => expect(formatIndonesianDate(iso)).toBeNull());

  test.each([
    ['2026-11-23T00:05:00Z', 'Asia/Jakarta', 'Senin, 23 November 2026 pukul 07.05 WIB'],
    ['2026-11-23T00:05:00Z', 'Asia/Makassar', 'Senin, 23 November 2026 pukul 08.05 WITA'],
    ['2026-11-22T16:30:00Z', 'Asia/Jayapura', 'Senin, 23 November 2026 pukul 01.30 WIT'],
    ['2026-11-23T00:05:00Z', 'UTC', 'Senin, 23 November 2026 pukul 00.05 UTC'],
    ['2026-11-23T00:05:00Z', 'Europe/Berlin', 'Senin, 23 November 2026 pukul 01.05 UTC+1'],
  ])('%s in %s', (instant, zone, expected) => expect(formatIndonesianDateTime(new Date(instant), zone)).toBe(expected));
});

describe('digestDocument', () => {
  const digest = fixture('digest-basic');
  const doc = digestDocument(digest, { length: 'lengkap' });

  test('title carries the Indonesian date; no date gives the bare name', () => {
    expect(runsText(doc.title)).toBe('Kilas Berita — Minggu, 22 November 2026');
    expect(digestTitle(null)).toBe('Kilas Berita');
    expect(digestTitle('not-a-date')).toBe('Kilas Berita');
  });

  test('intro counts what is shown: stories, distinct sources, quotes (one per story when ringkas)', () => {
    expect(doc.intro?.map((b) => (b.kind === 'paragraph' ? runsText(b.content) : ''))).toEqual(['3 berita dari 2 media, 6 kutipan']);
    // Stale stats on the digest never reach the reader: the line is counted from the stories.
    const stale = digestDocument({ ...digest, stats: { stories: 9, articles: 9, outlets: 9, quotes: 9 } }, { length: 'lengkap' });
    expect(renderText(stale)).toContain('3 berita dari 2 media, 6 kutipan');
    expect(renderText(digestDocument(digest))).toContain('3 berita dari 2 media, 3 kutipan');
  });

  test('one section per story, headline linked to the first source with a URL', () => {
    expect(doc.sections).toHaveLength(digest.stories.length);
    const heading = doc.sections[0]?.blocks[0];
    expect(heading).toEqual({ kind: 'heading', level: 2, content: [{ text: digest.stories[0]?.headline, href: digest.stories[0]?.link }] });
    const unlinked = doc.sections[1]?.blocks[0];
    expect(unlinked?.kind === 'heading' && unlinked.content.every((r) => r.href === undefined)).toBe(true);
  });

  test('at most three quotes per story, attributed, with outlet counts above one', () => {
    const quotes = (i: number) => (doc.sections[i]?.blocks ?? []).filter((b) => b.kind === 'quote');
    const story1 = digest.stories[1] as Story;
    expect(story1.quotes.length).toBeGreaterThan(3);
    expect(quotes(1)).toHaveLength(3);
    const attributions = quotes(0).map((b) => (b.kind === 'quote' ? runsText(b.attribution) : ''));
    expect(attributions).toEqual(['Anatoly Antonov', 'Maria Zakharova, dikutip 2 media']);
    const unattributed = quotes(1)[2];
    expect(unattributed?.kind === 'quote' && unattributed.attribution === undefined).toBe(true);
    const stoltenberg = quotes(2)[0];
    expect(stoltenberg?.kind === 'quote' ? runsText(stoltenberg.attribution) : '').toBe('Jens Stoltenberg, dikutip 3 media');
  });

  test('the comma that led into "kata X" ends the displayed quote as a full stop', () => {
    const q = blocksOf(doc).find((b) => b.kind === 'quote');
    expect(q?.kind === 'quote' ? runsText(q.content) : '').toMatch(/aliansi\.$/);
  });

  test.each([
    ['Kami tidak menginginkan perang,', 'Kami tidak menginginkan perang.'],
    ['Mengapa harus begitu?,', 'Mengapa harus begitu?'],
    ['Kami menunggu... ,', 'Kami menunggu...'],
    ['  Sudah selesai.  ', 'Sudah selesai.'],
    ['langkah-langkah yang tepat', 'langkah-langkah yang tepat'],
    ['daftarnya:', 'daftarnya.'],
  ])('quote %j is shown as %j', (input, expected) => expect(quoteForDisplay(input)).toBe(expected));

  test('sources list every article by outlet or host, linking http(s) URLs only', () => {
    const lists = (doc.sections[0]?.blocks ?? []).filter((b) => b.kind === 'list');
    expect(lists).toHaveLength(1);
    const items = lists[0]?.kind === 'list' ? lists[0].items : [];
    expect(items.map((i) => runsText(i))).toEqual(['sindonews.com', 'aljazeera.com']);
    const hostile = digestDocument(fixture('digest-hostile'), { length: 'lengkap' });
    const links = blocksOf(hostile).flatMap((b) => (b.kind === 'list' ? b.items.flat() : [])).filter((r) => r.href);
    expect(links.map((r) => r.href)).toEqual(['https://example.com/a(b)?q="x"&y=<z>']);
  });

  test('a story without summary or sources still shows its quotes', () => {
    const kinds = doc.sections[2]?.blocks.map((b) => b.kind);
    expect(kinds).toEqual(['heading', 'quote']);
  });

  test('an empty digest says so', () => {
    const empty = digestDocument(fixture('digest-empty'));
    expect(empty.sections).toEqual([]);
    const date = fixture('digest-empty').date;
    expect(renderText(empty)).toContain(date === null ? EMPTY_DIGEST_TEXT : emptyDigestText(date));
    expect(renderText(digestDocument({ ...fixture('digest-empty'), date: '2026-11-22' }))).toContain('Tidak ada berita untuk Minggu, 22 November 2026.');
  });

  test('`now` adds when it was put together, in the digest time zone', () => {
    const withNow = digestDocument(digest, { now: new Date('2026-11-23T00:05:00Z') });
    expect(renderText(withNow).trim().split('\n').at(-1)).toBe('Disusun Senin, 23 November 2026 pukul 07.05 WIB.');
    expect(renderText(doc)).not.toContain('Disusun');
  });
});

describe('quotesDocument', () => {
  const hit = (text: string, speaker: string | null, publishedAt: string | null, outlets = 1): QuoteHit => ({
    text,
    speaker,
    speakerKey: 'lavrov',
    outlets,
    articleIds: ['a'],
    publishedAt,
    sources: [{ title: 'Judul', url: 'https://news.example/1', outlet: 'news.example' }],
  });

  test('titles the list with the speaker most hits carry and keeps the given order', () => {
    const doc = quotesDocument('lavrov', [hit('Satu,', 'Sergei Lavrov', null), hit('Dua.', 'Sergey Lavrov', '2022-03-31'), hit('Tiga.', 'Sergey Lavrov', null, 2)]);
    expect(runsText(doc.title)).toBe('Kutipan Sergey Lavrov');
    const text = renderText(doc);
    expect(text.indexOf('Satu.')).toBeLessThan(text.indexOf('Dua.'));
    expect(text.indexOf('Dua.')).toBeLessThan(text.indexOf('Tiga.'));
    expect(text).toContain('Kamis, 31 Maret 2022');
    expect(text).toContain('Sergey Lavrov, dikutip 2 media');
    expect(text).toContain('news.example (https://news.example/1)');
  });

  test.each([
    [[], 'Tidak ada kutipan dari “lavrof”.'],
    [['lavrov'], 'Tidak ada kutipan dari “lavrof”.\n\nMaksud Anda: lavrov?'],
    [['lavrov', 'lavrova'], 'Tidak ada kutipan dari “lavrof”.\n\nMaksud Anda: lavrov atau lavrova?'],
    [['a', 'b', 'c', ' ', 'a'], 'Tidak ada kutipan dari “lavrof”.\n\nMaksud Anda: a, b atau c?'],
  ])('no hits, suggestions %j', (suggestions, expected) => {
    const doc = quotesDocument('  lavrof ', [], suggestions);
    expect(doc.title).toBeUndefined();
    expect(renderText(doc)).toBe(`${expected}\n`);
  });

  test.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://x.example/a'])(
    'a source link %s from a feed is neither linked nor shown, on any platform',
    (url) => {
      const bad: QuoteHit = { ...hit('Satu.', 'Sergey Lavrov', null), sources: [{ title: null, url, outlet: null }, { title: 'Judul', url, outlet: 'Media' }] };
      const doc = quotesDocument('lavrov', [bad]);
      const outputs = [
        renderText(doc),
        ...renderTelegram(doc),
        ...renderDiscord(doc).map((m) => JSON.stringify(m)),
      ];
      for (const out of outputs) {
        expect(out).not.toContain(url.slice(0, 8));
        expect(out).toContain('Media');
      }
    },
  );

  test('a very long name is cut when echoed', () => {
    const text = renderText(quotesDocument('x'.repeat(500), []));
    expect(text.length).toBeLessThan(130);
  });
});

describe('sourcesDocument', () => {
  test('feeds by outlet name; a failing feed with its last error, a disabled one said so', () => {
    const out = renderText(
      sourcesDocument({
        feeds: [
          { url: 'https://www.antaranews.com/rss/terkini.xml', name: 'ANTARA News', lastError: null, disabled: false },
          { url: 'https://rss.tempo.co/nasional', name: 'Tempo.co', lastError: 'HTTP 503 Service Unavailable', disabled: false },
          { url: 'https://x.example.id/rss', name: null, lastError: 'not a readable feed: Unexpected close tag', disabled: true },
          'https://lama.example.id/feed',
        ],
        seeds: 5,
        articles: 12,
      }),
    );
    expect(out).toContain('ANTARA News https://www.antaranews.com/rss/terkini.xml\n');
    expect(out).toContain('Tempo.co https://rss.tempo.co/nasional — gagal: HTTP 503 Service Unavailable');
    expect(out).toContain('https://x.example.id/rss — dinonaktifkan: not a readable feed');
    expect(out).toContain('https://lama.example.id/feed');
  });
});

describe('renderJson', () => {
  test('is the digest itself, with keys in the declared order whatever the input order', () => {
    const digest = fixture('digest-basic');
    const shuffled: Digest = { stats: digest.stats, stories: digest.stories.map((s) => ({ ...s })).map((s) => Object.fromEntries(Object.entries(s).reverse()) as unknown as Story), date: digest.date, timeZone: digest.timeZone, window: digest.window };
    expect(JSON.parse(renderJson(shuffled))).toEqual(digest);
    expect(renderJson(shuffled)).toBe(renderJson(digest));
    expect(Object.keys(JSON.parse(renderJson(shuffled)) as object)).toEqual(['window', 'timeZone', 'date', 'stories', 'stats']);
    expect(renderJson(digest).endsWith('}\n')).toBe(true);
  });
});

describe('the default digest is short enough for a phone', () => {
  test('ten stories of a multi-outlet day fit one Telegram message; the full form needs more', () => {
    const day = fixture('digest-coverage');
    expect(day.stories).toHaveLength(10);
    expect(renderTelegram(digestDocument(day))).toHaveLength(1);
    expect(renderTelegram(digestDocument(day, { length: 'lengkap' })).length).toBeGreaterThan(1);
  });
});
