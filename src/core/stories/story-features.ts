/**
 * What story clustering looks at in an article besides its exact wording: topical content words,
 * named entities (capitalised names, speaker keys) and quotes, all in spelling-tolerant keys.
 */
import type { ExtractedArticle } from '../model/index.ts';
import { memoise, foldCase, wordTokens } from '../text/index.ts';

// Stemming and name keys are the hot path of clustering; words repeat, so results are memoised (bounded).
// (Clustering keeps its own token -> id map per run; these caches serve the other callers.)
const CACHE_LIMIT = 100_000;

/**
 * Indonesian function words, speech verbs and news boilerplate words: they say nothing about
 * which event an article reports, so topical similarity ignores them. Kept local on purpose —
 * quote extraction must never filter speech verbs, but topic matching must.
 */
const STOP = new Set(
  `ada adalah agar akan akhir akhirnya aku amat anda antar antara apa apabila apakah atas atau bagaimana bagi bahkan
  bahwa baik banyak baru beberapa begitu belum benar berada berbagai berikut bersama besar biasa bila bisa boleh
  bukan cukup dalam dan dapat dari daripada demikian dengan di dia diri dua hal hampir hanya hari harus hingga ia
  ialah ini itu jadi jika juga justru kali kalau kami kamu kan kapan karena kata ke kecil kedua kemudian kembali
  kepada ketika kini kita lagi lain lalu lama lebih lewat maka mana masih masing mau melalui memang menjadi menurut
  mereka meski meskipun mulai namun nanti oleh pada padahal para pernah pihak pula pun saat saja salah sama sambil
  sampai sangat satu saya sebagai sebelum sebuah secara sedang sehingga sejak sekali sekitar selain selama seluruh
  semua sendiri seorang seperti serta sesuai setelah setiap siapa suatu sudah supaya tak tanpa tapi telah tentang
  tentu terhadap tersebut tetap tetapi tidak tiga untuk waktu yaitu yakni yang
  kata katanya ujar ujarnya ucap ucapnya tutur tuturnya ungkap ungkapnya tegas tegasnya jelas jelasnya tambah
  tambahnya imbuh imbuhnya lanjut lanjutnya sebut sebutnya terang terangnya papar paparnya tulis tulisnya
  mengatakan menambahkan menjelaskan menuturkan menyatakan menyampaikan menyebutkan mengungkapkan menegaskan
  menekankan memperingatkan mengklaim menilai menyebut melanjutkan berkata dikatakan disampaikan diungkapkan
  dikutip dilansir seperti kutip lansir wib wita wit senin selasa rabu kamis jumat sabtu minggu januari februari
  maret april mei juni juli agustus september oktober november desember tahun bulan pekan jam pukul baca juga
  lihat halaman foto editor sumber berita artikel`.split(/\s+/),
);

/** True for words that carry no topic. */
export function isStopword(token: string): boolean {
  return STOP.has(token);
}

/**
 * Spelling-tolerant key of a name: first letter plus the consonant skeleton, doubled letters
 * collapsed, so transliteration variants meet (Sergey/Sergei, Zelenskyy/Zelensky, Kiev/Kyiv,
 * Lithuania/Lituania). Short names (≤ 3 letters, acronyms such as "AS") are kept as they are.
 */
export const nameKey: (name: string) => string = memoise(computeNameKey, CACHE_LIMIT);

function computeNameKey(name: string): string {
  const folded = foldCase(name).replace(/[^a-z0-9]/g, '');
  if (folded.length <= 3) return folded;
  const head = folded[0]!;
  const rest = folded
    .slice(1)
    .replace(/[aeiouyhwj]/g, '')
    .replace(/(.)\1+/g, '$1');
  return head + rest;
}

/**
 * A light Indonesian stemmer for topic matching: particles, possessives, the suffixes -kan/-an and
 * the common prefixes come off, so paraphrases meet ("mengungsi", "pengungsian", "diungsikan" ->
 * "ungsi"). It over-stems now and then; both sides are stemmed alike, which is all matching needs.
 */
export function stem(word: string): string {
  let w = word;
  for (const suffix of SUFFIXES) {
    const m = suffix.exec(w);
    if (m && w.length - m[0].length >= 4) w = w.slice(0, w.length - m[0].length);
  }
  for (let round = 0; round < 2; round++) {
    for (const [re, replacement] of PREFIXES) {
      const m = re.exec(w);
      if (m && w.length - m[0].length + replacement.length >= 4) {
        w = replacement + w.slice(m[0].length);
        break;
      }
    }
  }
  return w;
}

const SUFFIXES = [/(lah|kah|tah|pun)$/, /(ku|mu|nya)$/, /(kan|an)$/];
// Nasal prefixes drop the root's first consonant: meny- + vowel was s- (menyebut: sebut),
// mem- + vowel was p- (memukul: pukul), men- + vowel was t- (menulis: tulis). meng- + vowel is
// ambiguous (mengambil: ambil, mengirim: kirim) and keeps the vowel reading.
const PREFIXES: readonly [RegExp, string][] = [
  [/^(meny|peny)(?=[aiueo])/, 's'],
  [/^(meng|peng)/, ''],
  [/^(mem|pem)(?=[aiueo])/, 'p'],
  [/^(mem|pem)/, ''],
  [/^(men|pen)(?=[aiueo])/, 't'],
  [/^(men|pen)/, ''],
  [/^(me|pe)/, ''],
  [/^(ber|ter|per)/, ''],
  [/^(be|te)/, ''],
  [/^(di|ke|se)/, ''],
];

/** A content word reduced to a comparable stem, or null for words that carry no topic. */
export const contentStem: (token: string) => string | null = memoise(computeContentStem, CACHE_LIMIT);

/** The distinct content stems of a text: what two texts share when they are about the same thing. */
export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of wordTokens(text)) {
    const s = contentStem(t);
    if (s) out.add(s);
  }
  return out;
}

function computeContentStem(token: string): string | null {
  if (token.length < 3 || isStopword(token) || /^\d+$/.test(token)) return null;
  let t = token;
  const dash = t.indexOf('-');
  if (dash > 0 && t.slice(0, dash) === t.slice(dash + 1)) t = t.slice(0, dash);
  if (/^\d/.test(t)) return t;
  const s = stem(t);
  return s.length < 3 || isStopword(s) ? null : s;
}

// A word that starts with a capital letter (not inside a word: "McDonald" gives "McDonald").
const CAPITALISED = /(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}\p{N}]*(?:[-'’][\p{L}\p{N}]+)*/gu;
const SENTENCE_OPENER = /[.!?…:;"“”'‘’([]\s*$/u;

/**
 * Entity keys of a text (with their counts) and the case-folded words that spell them: words
 * written with a capital that are names, not sentence openers. A capitalised word at a sentence
 * start counts only when the same word is also capitalised somewhere mid-sentence (so "Namun" or
 * "Berbicara" at a sentence start are not names). The first `headlines` paragraphs are headlines,
 * which outlets write in Title Case ("KPK Tetapkan Bupati Tersangka"): every capitalised word there
 * counts as a sentence opener, a name only when the body also writes it capitalised mid-sentence —
 * otherwise the headline's content words would leave the topic of the whole article. `phrases`
 * are the name keys of each run of names written next to each other: the parts of one name.
 */
export function entities(paragraphs: readonly string[], headlines = 0): { keys: Map<string, number>; words: Set<string>; phrases: string[][] } {
  const midSentence = new Set<string>();
  const candidates: { folded: string; opener: boolean; phrase: number }[] = [];
  let phrase = -1;
  for (const [at, paragraph] of paragraphs.entries()) {
    let end = -1;
    for (const m of paragraph.matchAll(CAPITALISED)) {
      const text = m[0];
      const start = m.index;
      const folded = foldCase(text);
      if (isStopword(folded) || folded.length < 2) continue;
      const before = paragraph.slice(Math.max(0, start - 3), start);
      const opener = at < headlines || start === 0 || SENTENCE_OPENER.test(before) || /\s-\s*$/.test(before);
      if (!opener) midSentence.add(folded);
      // Capitalised words separated by spaces only are one name ("Bupati Lembah Hijau Arief Rachman").
      if (end < 0 || !/^ +$/.test(paragraph.slice(end, start))) phrase++;
      end = start + text.length;
      candidates.push({ folded, opener, phrase });
    }
  }
  const keys = new Map<string, number>();
  const words = new Set<string>();
  const phrases: string[][] = [];
  let last = -1;
  for (const { folded, opener, phrase: p } of candidates) {
    if (opener && !midSentence.has(folded)) continue;
    const key = nameKey(folded);
    keys.set(key, (keys.get(key) ?? 0) + 1);
    words.add(folded);
    if (p !== last) phrases.push([]);
    last = p;
    phrases.at(-1)!.push(key);
  }
  return { keys, words, phrases };
}

/** The comparable form of a quote: folded word tokens. */
export interface QuoteKey {
  readonly tokens: readonly string[];
  readonly folded: string;
  readonly speakerKey: string | null;
}

/** Quote keys of an article, skipping one- and two-word scare quotes. */
export function quoteKeys(item: ExtractedArticle): QuoteKey[] {
  return item.quotes
    .map((q) => {
      const tokens = wordTokens(q.text);
      return { tokens, folded: tokens.join(' '), speakerKey: q.speakerKey };
    })
    .filter((q) => q.tokens.length >= 3);
}

/**
 * Whether two speaker keys may name the same person: equal, the same spelling-tolerant key, or
 * one unknown. Two different known speakers never match.
 */
export function compatibleSpeakers(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  if (a === b) return true;
  return a.length > 3 && b.length > 3 && nameKey(a) === nameKey(b);
}

/**
 * Whether quote `part` is the same words as, or a fragment of, quote `whole`: a contiguous
 * substring for short fragments, or ≥ `minContainment` of its distinct words for longer ones
 * (outlets trim, translate and punctuate the same sentence differently).
 */
export function quoteContained(part: QuoteKey, whole: QuoteKey, minContainment = 0.8): boolean {
  if (part.tokens.length > whole.tokens.length) return false;
  if (` ${whole.folded} `.includes(` ${part.folded} `)) return true;
  if (part.tokens.length < 6) return false;
  const wholeSet = new Set(whole.tokens);
  const partSet = new Set(part.tokens);
  let shared = 0;
  for (const t of partSet) if (wholeSet.has(t)) shared++;
  return shared / partSet.size >= minContainment;
}

/** The whole text of an article used for topic features: headline then paragraphs. */
export function articleText(item: ExtractedArticle): string[] {
  const { title, paragraphs } = item.article;
  return title ? [title, ...paragraphs] : [...paragraphs];
}

/**
 * Day number (days since 1970-01-01 UTC) of an article's publication, from `publishedAt` or
 * `date`; null when neither is known or parseable.
 */
export function dayNumber(item: ExtractedArticle): number | null {
  const { publishedAt, date } = item.article;
  const source = publishedAt ?? (date ? `${date}T12:00:00Z` : null);
  if (!source) return null;
  const ms = Date.parse(source);
  return Number.isFinite(ms) ? ms / 86_400_000 : null;
}

const MONTHS = ['januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'desember'];
const NUMERIC_DATE = /\b(\d{1,2})\/(\d{1,2})\/((?:19|20)\d{2})\b/g;
const WRITTEN_DATE = new RegExp(`\\b(\\d{1,2}) (${MONTHS.join('|')}) ((?:19|20)\\d{2})\\b`, 'gi');

// Words that put a date in the future ("akan digelar pada 14 Februari 2029"): not a lower bound.
const FUTURE_CUE = /\b(akan|bakal|dijadwalkan|direncanakan|rencananya|mulai|hingga|sampai|paling lambat|batas|target|tenggat)\b/i;

/**
 * The latest full date an article's text mentions as past ("Selasa (11/7/2023)", "pada
 * 24 Februari 2022"), as a day number, or null. Dates announced as future ("akan", "mulai",
 * "hingga" … shortly before) are ignored. An article cannot report an event from before the dates
 * it already mentions as past, so for an undated article this is a lower bound of its date.
 */
export function latestMentionedDay(paragraphs: readonly string[]): number | null {
  let latest: number | null = null;
  const consider = (paragraph: string, at: number, day: number, month: number, year: number) => {
    if (month < 1 || month > 12 || day < 1 || day > 31) return;
    if (FUTURE_CUE.test(paragraph.slice(Math.max(0, at - 50), at))) return;
    const value = Date.UTC(year, month - 1, day) / 86_400_000;
    if (latest === null || value > latest) latest = value;
  };
  for (const paragraph of paragraphs) {
    for (const m of paragraph.matchAll(NUMERIC_DATE)) consider(paragraph, m.index, Number(m[1]), Number(m[2]), Number(m[3]));
    for (const m of paragraph.matchAll(WRITTEN_DATE)) {
      consider(paragraph, m.index, Number(m[1]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[3]));
    }
  }
  return latest;
}
