/**
 * What a furniture line is: one full-line rule per kind of site furniture (menus and share bars,
 * related links and their labels, copyright, calls to action, credits, bylines, date lines, tags).
 * Every rule is general (it names a kind of furniture, never an outlet's text) and conservative: a
 * line is furniture only when it is clearly furniture as a whole — a real sentence that merely
 * mentions "foto", "editor" or "baca juga" is kept. The tests for credit lines and for the lines
 * around the headline (dates, bylines) live in credit-lines.ts and header-lines.ts.
 */
import { creditOf, isCreditOnly, isPhotoCredit } from './credit-lines.ts';
import { isDateLine, isOutletByline } from './header-lines.ts';
import { isOutletName } from './outlets.ts';
import { endsSentence, textKey, wordCount } from '../text/index.ts';

/** Why a line was removed. */
export type FurnitureKind =
  | 'loading'
  | 'buttons'
  | 'related-link'
  | 'pagination'
  | 'copyright'
  | 'render-time'
  | 'byline'
  | 'credit'
  | 'photo-credit'
  | 'initials'
  | 'menu'
  | 'promo'
  | 'embed'
  | 'syndication'
  | 'date-line'
  | 'outlet'
  | 'repeated-title'
  | 'repeated-paragraph'
  | 'trailing-menu';

/** Lines a whole menu or widget label consists of; compared as {@link textKey}. */
const MENU_WORDS: ReadonlySet<string> = new Set([
  'tags', 'tag', 'topik', 'topik terkait', 'terkait', 'terkini', 'terpopuler', 'populer', 'trending', 'terbaru',
  'artikel pilihan', 'berita pilihan', 'pilihan editor', 'rekomendasi', 'berita terkait', 'artikel terkait',
  'berita lainnya', 'artikel lainnya', 'baca berita terkait lainnya', 'home', 'beranda', 'share', 'bagikan',
  'bagikan artikel', 'komentar', 'tulis komentar', 'iklan', 'advertisement', 'scroll to continue with content',
  'scroll untuk melanjutkan', 'lanjutkan membaca', 'lanjut baca', 'tampilkan semua', 'show all', 'selanjutnya',
  'berikutnya', 'sebelumnya', 'next', 'prev', 'previous', 'ikuti kami', 'ikuti kami di', 'follow us',
  'follow us on', 'dengarkan berita ini', 'lihat foto', 'lihat video', 'tonton video', 'putar video',
  'editorial team', 'konten dari pengguna', 'konten premium', 'baca artikel lainnya', 'artikel selengkapnya',
  'berita selengkapnya', 'lihat selengkapnya', 'ilustrasi', 'foto', 'video', 'foto ilustrasi',
  'continue reading below', 'continue reading', 'read next', 'artikel berlanjut di bawah ini',
  'berita berlanjut di bawah ini', 'konten berlanjut setelah iklan', 'lanjut membaca di bawah', 'iklan berakhir',
  'advertisement scroll to continue', 'scroll to continue', 'artikel selanjutnya', 'berita selanjutnya',
  'baca berita lainnya',
  'listen to this article', 'copy link', 'salin tautan', 'link copied', 'tautan disalin', 'facebook', 'twitter',
  'whatsapp', 'telegram', 'linkedin', 'line', 'email', 'print', 'cetak', 'close', 'tutup', 'most popular',
  'related', 'related articles', 'video pilihan', 'video terkait', 'foto terkait', 'galeri', 'ads',
  'pilihan untukmu', 'rekomendasi untuk anda', 'berita populer', 'berita terbaru', 'video terkini', 'tim redaksi',
  'dengarkan artikel', 'dengarkan artikel ini', 'scroll untuk membaca', 'gulir untuk melanjutkan',
  'konten berlanjut di bawah', 'lanjutkan membaca artikel di bawah', 'baca selengkapnya', 'selengkapnya',
  'baca juga', 'lihat juga', 'simak juga', 'berita lainnya', 'kabar terkini', 'sponsored', 'konten sponsor',
]);

/**
 * Widget text with a number or a hashtag in it: reading time ("·waktu baca 2 menit", "Baca 10 detik",
 * "3 min read"), view counters ("Dibaca 1.234 kali"), hashtag rows ("#Korupsi #KPK"), relative times
 * ("2 jam yang lalu"), audio player clocks ("00:00 / 03:15"), scroll prompts
 * ("Scroll ke bawah untuk melanjutkan membaca") and page links ("Lanjut ke halaman berikutnya").
 */
function isWidgetText(l: string): boolean {
  return (
    /^[·•]?\s?(?:waktu baca|lama baca|estimasi (?:waktu )?baca|baca)\s?:?\s?(?:±\s?)?\d{1,3}\s?(?:menit|detik|min)$/i.test(l) ||
    /^\d{1,3}\s?(?:menit|min|mins|minutes?)\s(?:membaca|baca|read|bacaan)$/i.test(l) ||
    /^(?:dibaca|dilihat|views?)\s?:?\s?[\d.,]+\s?(?:rb|ribu|k|jt)?\s?(?:kali|x|views?)?$/i.test(l) ||
    /^(?:#[\p{L}\p{N}_]+\s?){1,15}$/u.test(l) ||
    /^(?:diperbarui\s|update\s)?\d{1,2}\s(?:detik|menit|jam|hari|minggu|pekan|bulan)\s(?:yang\s)?lalu$/i.test(l) ||
    /^\d{1,2}:\d{2}(?::\d{2})?\s?\/\s?\d{1,2}:\d{2}(?::\d{2})?$/.test(l) ||
    (/^(?:scroll|gulir)\s/i.test(l) && wordCount(l) <= 9 && /\b(?:untuk|to)\s(?:melanjutkan|membaca|lanjut|continue|resume|read)/i.test(l)) ||
    /^(?:baca\s)?selengkapnya\s(?:di|pada|ke)\s(?:halaman|laman)\s(?:berikut(?:nya)?|selanjutnya|\d{1,2})\s?[.>»]*$/i.test(l) ||
    /^(?:lanjut(?:kan)?|baca|ke)\s(?:ke\s|membaca\s)?halaman\s(?:berikutnya|selanjutnya|\d{1,2})\s?(?:>|»)?$/i.test(l)
  );
}

/** Words of share bars and menus: a short line made only of these is a widget ("Bagikan: Facebook Twitter"). */
const MENU_TOKENS: ReadonlySet<string> = new Set([
  'bagikan', 'share', 'facebook', 'twitter', 'x', 'whatsapp', 'wa', 'telegram', 'line', 'email', 'e', 'mail',
  'linkedin', 'pinterest', 'copy', 'link', 'salin', 'tautan', 'print', 'cetak', 'komentar', 'comment', 'comments',
  'tweet', 'instagram', 'youtube', 'tiktok', 'kirim', 'artikel', 'ini', 'to', 'on',
]);

type Rule = { kind: FurnitureKind; test: (line: string) => boolean };

/** Full-line furniture rules, in the order they are tried. */
const RULES: readonly Rule[] = [
  { kind: 'loading', test: (l) => /^(?:loading|memuat)\s?(?:\.{1,3})?$/i.test(l) },
  {
    // Font-size buttons ("A A A", "A- A+"), close buttons ("x"), stray single characters and separators.
    kind: 'buttons',
    test: (l) => {
      if (l.length > 24) return false;
      if (!/[\p{L}\p{N}]/u.test(l)) return true;
      const tokens = l.split(' ');
      return tokens.length <= 6 && tokens.every((t) => /^[\p{L}\p{N}][+-]?$/u.test(t));
    },
  },
  {
    kind: 'related-link',
    test: (l) =>
      l.length <= 300 &&
      ((RELATED_LINK.test(l) && wordCount(l) <= 30) ||
        /^(?:baca|lihat|simak|tonton|cek|klik)\s(?:juga|pula|selengkapnya|berita|artikel|video)\s?:/i.test(l) ||
        // Without a colon only a label or a linked headline, never a sentence ending in a full stop.
        (/^(?:baca|lihat|simak|tonton|cek|klik)\s(?:juga|pula|selengkapnya|berita|artikel|video)\b/i.test(l) && !endsSentence(l)) ||
        /^(?:baca|simak|lihat)\s?:/i.test(l) ||
        /^(?:berita|artikel)\s(?:terkait|lainnya|pilihan)\s?:/i.test(l)),
  },
  {
    kind: 'pagination',
    test: (l) =>
      /^halaman\s?:?\s?(?:\d{1,3}(?:\s?(?:\/|dari)?\s?\d{1,3}){0,12})?\s?(?:selanjutnya|berikutnya|sebelumnya)?$/i.test(l) ||
      /^(?:\d{1,3}\s){1,12}(?:selanjutnya|berikutnya|next|»|>)$/i.test(l),
  },
  { kind: 'copyright', test: isCopyright },
  {
    kind: 'render-time',
    test: (l) => l.length <= 160 && /\b(?:rendering|rendered|generated|loaded)\s(?:in|dalam)\s[\d.,]+\s?(?:s|sec|secs|seconds|detik|ms)\b/i.test(l),
  },
  {
    kind: 'byline',
    test: (l) =>
      /^(?:editor|penyunting|redaktur|penulis|reporter|pewarta|kontributor|koresponden|wartawan|jurnalis|ditulis oleh|fotografer|videografer|produser|penerjemah|penyelaras(?:\sbahasa)?|video editor|editor foto|teks|narasi|grafis|desain|rep|red)(?:\s(?:foto|video|bahasa|berita|magang|tamu|lepas))?\s?:/i.test(l) &&
      wordCount(l) <= 12 &&
      !endsSentence(l.replace(/\b\p{Lu}\.$/u, '')),
  },
  {
    // "Laporan Wartawan Tribunnews.com, Nama" opening an article.
    kind: 'byline',
    test: (l) => /^laporan (?:wartawan|reporter|koresponden|kontributor)\b/i.test(l) && wordCount(l) <= 10 && !endsSentence(l),
  },
  { kind: 'credit', test: (l) => creditOf(l) !== null },
  { kind: 'photo-credit', test: isPhotoCredit },
  { kind: 'photo-credit', test: isCreditOnly },
  {
    // Editor initials closing an article: "(mas)", "(esn)", "(nng/ega)".
    kind: 'initials',
    test: (l) => /^\(\s?[\p{L}]{2,6}(?:\s?[/,&-]\s?[\p{L}]{2,6}){0,3}\s?\)$/u.test(l),
  },
  {
    // The outlet and its reporter in brackets on a line of their own: "(Tribunnews.com/Gita Irawan)".
    kind: 'initials',
    test: (l) => /^\(\s?[\p{L}\d-]+\.(?:com|co\.id|id|net)\s?\/\s?\p{Lu}[\p{L}.' -]{1,40}\)$/u.test(l),
  },
  {
    kind: 'menu',
    test: (l) => {
      if (l.length <= 60 && MENU_WORDS.has(textKey(l))) return true;
      if (l.length <= 80 && isWidgetText(l)) return true;
      // "Tags: rusia, nato", "Topik: Perang Ukraina"
      if (/^(?:tags?|topik|label|kata kunci|keywords?)\s?:/i.test(l)) return wordCount(l) <= 25;
      const words = wordCount(l);
      if (words > 12) return false;
      // Breadcrumbs: "Home > Internasional > Eropa", "Beranda » Berita"
      if (/\s[>»›]\s/.test(l) && !endsSentence(l)) return true;
      if (words <= 8 && /^(?:bagikan|share|facebook|twitter)/i.test(l) && !endsSentence(l)) {
        const key = textKey(l);
        return key !== '' && key.split(' ').every((t) => MENU_TOKENS.has(t));
      }
      return false;
    },
  },
  {
    // Embedded widgets rendered as a bracketed placeholder: "[Gambas:Video 20detik]", "[video]".
    kind: 'embed',
    test: (l) => /^\[[^[\]]{1,80}\]$/.test(l) || /^https?:\/\/\S+$/i.test(l) || /^[\w.+-]{1,40}@[\w-]{1,40}(?:\.[\w-]{2,10}){1,3}$/.test(l),
  },
  {
    // Syndication and reuse notices.
    kind: 'syndication',
    test: (l) =>
      /^(?:artikel|dilarang|tidak|the|berita ini|tulisan|konten|disclaimer)\b/i.test(l) &&
      (/^(?:artikel|berita) ini (?:telah |sudah |pernah |juga )?(?:pertama kali )?(?:tayang|terbit|dimuat|diterbitkan|ditayangkan)\b/i.test(l) ||
        (/^the post\s/i.test(l) && /\sappeared first on\s/i.test(l) && wordCount(l) <= 40) ||
        /^disclaimer\s?:/i.test(l) ||
        /^(?:tulisan|artikel|konten) ini (?:adalah |merupakan )?(?:kiriman|opini pribadi|sepenuhnya tanggung jawab)\b/i.test(l) ||
        /^(?:dilarang|tidak diperkenankan) (?:keras )?(?:mengambil|mengutip|menyalin|menayangkan|memperbanyak)\b.*\btanpa (?:se)?izin\b/i.test(l)),
  },
  { kind: 'promo', test: isCallToAction },
  { kind: 'date-line', test: isDateLine },
  { kind: 'outlet', test: isOutletName },
  { kind: 'byline', test: isOutletByline },
];

/**
 * Labels of related-article lists and widgets ("Baca juga", "Pilihan Editor", "Artikel terkait",
 * "Rekomendasi"): with a colon and a headline they are a related link; alone on a line they announce
 * one or more linked headlines on the lines after them.
 */
const RELATED_LABEL_SOURCE =
  String.raw`^(?:(?:baca|lihat|simak|tonton|saksikan|cek)\s(?:juga|pula|lainnya)|(?:pilihan|rekomendasi)\s(?:editor|redaksi|berita|artikel|untukmu|untuk anda)|editor'?s?\s(?:pick|choice)|(?:artikel|berita|bacaan|video|topik|konten)\s(?:terkait|pilihan|rekomendasi|lainnya|menarik)|rekomendasi|read\s(?:also|more)|related(?:\s(?:news|articles?|stories))?|more\sstories|berita\sterkait\slainnya)`;
const RELATED_LABEL = new RegExp(`${RELATED_LABEL_SOURCE}\\s?:?$`, 'i');
const RELATED_LINK = new RegExp(`${RELATED_LABEL_SOURCE}\\s?:\\s?\\S`, 'i');

/** A related-list label alone on its line (with or without a colon): headlines follow it. */
export function isRelatedLabel(line: string): boolean {
  return line.length <= 40 && RELATED_LABEL.test(line);
}

// A speech verb after a comma: "…, kata dia." — a sentence reporting speech is article text.
const ATTRIBUTED = /,\s?["”]?\s?(?:kata|ujar|ucap|tutur|jelas|imbuh|tambah|tegas|ungkap|sebut|bunyi|tulis|demikian|begitu|seperti)(?:nya)?\b/i;

/**
 * Copyright lines in their many forms: "Copyright © 2024 SINDOnews.com", "Copyright 2008 - 2024 PT.
 * Kompas Cyber Media (Kompas Gramedia Group). All Rights Reserved.", "© 2023 Kompas.com", "2024 ©
 * Tribunnews.com", "Hak Cipta Dilindungi Undang-Undang", "Copyright © ANTARA 2024". A sentence about
 * copyright ("Hak cipta lagu itu dimiliki …", "Copyright atas lagu itu …") is not one.
 */
export function isCopyright(l: string): boolean {
  if (l.length > 240) return false;
  // Cheap gate: every form opens with one of these or ends with "reserved".
  const c = l.charCodeAt(0);
  const opens = c === 0xa9 || c === 40 || (c >= 48 && c <= 57) || c === 67 || c === 99 || c === 72 || c === 104;
  if (!opens && !/eserved\W*$/i.test(l)) return false;
  if (wordCount(l) > 30) return false;
  // "Copyright" then ©, a year or a capitalised name; "©" anywhere at the start; "(c) 2024".
  if (/^(?:copyright|COPYRIGHT|Copyright)\s?(?:©|\([cC]\)|(?:19|20)\d\d\b|\p{Lu}|\p{N})/u.test(l)) return true;
  if (/^(?:©|\(c\)\s?(?:19|20)\d\d)/i.test(l)) return true;
  if (/^(?:19|20)\d\d(?:\s?[-–]\s?(?:19|20)\d\d)?\s?(?:©|\(c\)|copyright\b)/i.test(l)) return true;
  if (/\ball\srights?\sreserved\W*$/i.test(l)) return true;
  return /^hak\scipta\b/i.test(l) && wordCount(l) <= 14 && /©|\(c\)|reserved|dilindungi/i.test(l) && !ATTRIBUTED.test(l);
}

const CTA_VERB =
  /^(?:(?:yuk|ayo|mari)[,!]?\s)?(?:ikuti|follow|dapatkan|download|unduh|install|instal|gabung|bergabung|klik|simak|cek|pilih saluran|nikmati|daftar(?:kan)?|dengarkan|kunjungi|silah?kan\s(?:akses|baca|kunjungi|klik|unduh|download|ikuti|gabung)|langganan|berlangganan|subscribe|aktifkan|jangan (?:lewatkan|ketinggalan)|yuk|ayo|baca berita|update)\b/i;
const CTA_OBJECT =
  /\b(?:google news|whatsapp|telegram|instagram|twitter|facebook|youtube|tiktok|line today|aplikasi|app store|play store|google play|channel|saluran|newsletter|notifikasi|breaking news|berita pilihan|berita terkini|berita terbaru|berita terupdate|update berita|info terkini|ponsel(?:mu)?|hp(?:mu)?|email(?:mu)?|gadget(?:mu)?|di sini|disini|link (?:ini|berikut)|tautan (?:ini|berikut)|konten premium|tanpa iklan|epaper|e-paper|(?:berita|artikel) \p{L}+ lainnya|video (?:terbaru|pilihan|lainnya)|[\p{L}\d-]+\.(?:com|co\.id|id|net))\b/iu;

/**
 * A call to action of the site, not of the story: "Dapatkan update berita pilihan dan breaking news
 * setiap hari dari Kompas.com.", "Follow Berita Okezone di Google News", "Ikuti kami di WhatsApp
 * Channel", "Download aplikasi …", "Klik di sini …", "Dengarkan berita ini melalui aplikasi …". It opens with an imperative and names a news
 * service or a channel; a reported sentence ("Ikuti perkembangan berita ini, kata …") is kept.
 */
export function isCallToAction(l: string): boolean {
  const space = l.indexOf(' ');
  // Cheap gate on the first word before any regex: most body lines stop here.
  if (space < 2 || !CTA_FIRST.has(l.slice(0, space).replace(/[,!]$/, '').toLowerCase())) return false;
  return wordCount(l) <= 35 && CTA_VERB.test(l) && CTA_OBJECT.test(l) && !ATTRIBUTED.test(l);
}

const CTA_FIRST: ReadonlySet<string> = new Set([
  'yuk', 'ayo', 'mari', 'ikuti', 'follow', 'dapatkan', 'download', 'unduh', 'install', 'instal', 'gabung', 'bergabung',
  'klik', 'simak', 'cek', 'pilih', 'nikmati', 'dengarkan', 'kunjungi', 'silakan', 'silahkan', 'daftar', 'daftarkan', 'langganan', 'berlangganan', 'subscribe', 'aktifkan', 'jangan', 'baca', 'update',
]);

/**
 * Which furniture rule a single line matches, or null when it is (or may be) article text.
 * Position-independent rules only; repeated titles, repeated paragraphs and trailing menus need
 * the whole article ({@link cleanLines}).
 */
export function furnitureKind(line: string): FurnitureKind | null {
  const l = line.trim();
  if (l === '') return null;
  // Every rule is bounded well below 45 words (a bare URL is one word): long paragraphs skip them all.
  if (wordCount(l) > 45) return null;
  for (const rule of RULES) if (rule.test(l)) return rule.kind;
  return null;
}
