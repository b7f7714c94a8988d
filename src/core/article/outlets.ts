/**
 * Names of news outlets and sites as they appear in scraped furniture: a header line holding only
 * "Tempo.co", "CNN Indonesia" or "detikNews", a byline "Nama - CNN Indonesia", a date line
 * "detikNews | Rabu, 6 Mar 2024". Pure lookups: one Set probe per line, no scan of the list.
 */
import { textKey, wordCount } from '../text/index.ts';

/**
 * Outlet names as {@link textKey}, without a domain suffix. Indonesian national and regional
 * outlets, their TV channels and the wire agencies they credit. Words that double as common
 * Indonesian words ("suara", "bisnis", "merdeka") only match a line holding nothing else.
 */
const OUTLETS: ReadonlySet<string> = new Set([
  'kompas', 'kompas tv', 'kompastv', 'kompas id', 'kompasiana', 'harian kompas', 'detik', 'detikcom', 'tempo',
  'koran tempo', 'majalah tempo', 'tempo english', 'antara', 'antaranews', 'antara news', 'lkbn antara',
  'cnn indonesia', 'cnn', 'cnbc indonesia', 'cnbc', 'liputan6', 'liputan 6', 'okezone', 'okezone news',
  'tribunnews', 'tribun', 'tribun news', 'republika', 'republika online', 'kumparan', 'kumparannews',
  'kumparanbisnis', 'suara', 'suaracom', 'idn times', 'idntimes', 'sindonews', 'sindo', 'koran sindo',
  'bisnis', 'bisnis indonesia', 'bisniscom', 'katadata', 'jawa pos', 'jawapos', 'merdeka', 'merdekacom',
  'viva', 'vivanews', 'inews', 'inews id', 'metro tv', 'metrotv', 'metrotvnews', 'medcom', 'kontan',
  'the jakarta post', 'jakarta post', 'jakarta globe', 'media indonesia', 'mediaindonesia', 'jpnn',
  'beritasatu', 'berita satu', 'tirto', 'pikiran rakyat', 'pikiran rakyat media network', 'tvone',
  'tvonenews', 'rmol', 'gatra', 'solopos', 'harian jogja', 'harianjogja', 'suara merdeka', 'gridoto',
  'bolasport', 'investor daily', 'investor id', 'voa indonesia', 'bbc indonesia', 'bbc news indonesia',
  'dw indonesia', 'abc indonesia', 'narasi', 'inilah', 'inilahcom', 'poskota', 'warta kota', 'wartakota',
  'wartakotalive', 'kabar24', 'jurnas', 'akurat', 'rri', 'tvri', 'sctv', 'rcti', 'mnc', 'idx channel',
  'idxchannel', 'ayobandung', 'ayojakarta', 'beritajatim', 'bangka pos', 'serambi indonesia', 'pojoksatu',
  'fajar', 'tribun timur', 'kaltim post', 'bali post', 'jawa pos radar', 'radar', 'hops', 'grid',
  'mojok', 'magdalene', 'the conversation', 'reuters', 'afp', 'ap', 'xinhua', 'bernama', 'kyodo', 'anadolu',
]);

// Suffixes a site name carries ("Tempo.co", "Liputan6.com", "viva.co.id", "www.kompas.com").
const SITE_AFFIXES: ReadonlySet<string> = new Set(['com', 'co', 'id', 'net', 'tv', 'or', 'www', 'online', 'news']);

/** A bare site address as a whole line: "Tempo.co", "Liputan6.com", "www.viva.co.id", "iNews.id". */
function isSiteDomain(line: string): boolean {
  return line.length <= 60 && /^(?:www\.)?[\p{L}\p{N}-]{2,40}(?:\.(?:com|co|id|net|org|tv|news|my\.id|or\.id|web\.id|co\.id)){1,2}\/?$/iu.test(line);
}

/**
 * Whether `text` is nothing but an outlet's name: a site address ("Kompas.com"), a known outlet
 * ("CNN Indonesia", "Okezone") or one of its desks written as one word ("detikNews", "detikFinance",
 * "TribunJakarta", "kumparanBISNIS"). A sentence that mentions an outlet is never one.
 */
export function isOutletName(text: string): boolean {
  const t = text.trim();
  if (t.length < 2 || t.length > 60 || /[!?,;:"“”]|\.\s|\.$/.test(t) || wordCount(t) > 5) return false;
  if (isSiteDomain(t)) return true;
  const key = textKey(t);
  if (key === '' || key.length > 50) return false;
  if (OUTLETS.has(key)) return true;
  const words = key.split(' ');
  // Strip site affixes at either end: "tempo co" -> "tempo", "www kompas com" -> "kompas".
  let from = 0;
  let to = words.length;
  while (from < to && SITE_AFFIXES.has(words[from] ?? '')) from++;
  while (to > from && SITE_AFFIXES.has(words[to - 1] ?? '')) to--;
  if (from === to) return false;
  if (from > 0 || to < words.length) {
    const core = words.slice(from, to).join(' ');
    if (OUTLETS.has(core)) return true;
  }
  // Desk names glued to the outlet in camel case: "detikNews", "detikJabar", "TribunJakarta", "kumparanNEWS".
  if (to - from !== 1) return false;
  const m = /^(?:www\.)?([A-Za-z]+?\d?)([A-Z][A-Za-z]{1,14})(?:\.(?:com|co\.id|co|id))?$/.exec(t);
  return m?.[1] !== undefined && DESK_PREFIXES.has(m[1].toLowerCase());
}

const DESK_PREFIXES: ReadonlySet<string> = new Set([
  'detik', 'tribun', 'kompas', 'kumparan', 'okezone', 'sindo', 'suara', 'viva', 'cnn', 'liputan6', 'antara', 'tempo',
  'jawapos', 'merdeka', 'inews', 'idn', 'bisnis', 'grid', 'bola',
]);

/**
 * An outlet's display name from a feed list or a feed title: "ANTARA News - Berita Terkini" ->
 * "ANTARA News", "Tempo.co | Nasional" -> "Tempo.co", "detikNews RSS" -> "detikNews". A feed title's
 * tagline or section after a dash or bar goes; the outlet's own name stays as written.
 */
export function outletDisplayName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  const parts = trimmed.split(/\s+[-–—|:]\s+/).map((p) => p.trim()).filter((p) => p !== '');
  const named = parts.find((p) => isOutletName(p)) ?? parts[0] ?? trimmed;
  return named.replace(/\s+(?:rss|feed|rss feed)$/i, '').trim() || trimmed;
}

/**
 * The key that counts an outlet once however it is written: "Kompas.com", "kompas.com" and the
 * host www.kompas.com all give "kompas". Null for an empty name.
 */
function outletNameKey(name: string): string | null {
  const key = textKey(outletDisplayName(name))
    .split(' ')
    .filter((w, i, all) => !(SITE_AFFIXES.has(w) && (i === 0 || i >= all.length - 2)))
    .join('');
  return key === '' ? null : key;
}

/** Host of an http(s) URL without "www.", or null. */
function urlHost(url: string | null): string | null {
  if (url === null) return null;
  const m = /^https?:\/\/(?:[^@/?#]*@)?([^/:?#]+)/i.exec(url.trim());
  return m?.[1] ? m[1].toLowerCase().replace(/^www\./, '') || null : null;
}

/**
 * The source an article counts as: its outlet ("Kompas.com" and "kompas.com" alike), else the site
 * of its URL ("news.detik.com" -> "detik"), else the one unknown source: articles of unknown
 * origin never count as several outlets.
 */
export function sourceKey(outlet: string | null, url: string | null): string {
  const named = outlet?.trim() ? outletNameKey(outlet) : null;
  if (named) return `outlet:${named}`;
  const host = urlHost(url);
  if (host) {
    const labels = host.split('.');
    const suffix = labels.length > 2 && /^(?:co|or|ac|go|web|my|sch)$/.test(labels.at(-2)!) ? 3 : 2;
    return `outlet:${labels.at(-suffix) ?? host}`;
  }
  return 'unknown';
}
