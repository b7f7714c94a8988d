/**
 * Indonesian speech verbs, by the role they play around a quote. Lexicon only: callers pass
 * lowercase words. The sets are general Indonesian journalism vocabulary, not tuned to any text.
 */

/**
 * Bare verbs that follow a quote (`“…,” kata X`, `“…,” tegas Lavrov`). Many are also ordinary
 * words (tegas "firm", jelas "clear", lanjut "further"), so they count as speech verbs only next
 * to a quote; `kata`, `ujar` and a few others also mark reported speech elsewhere (see LOOSE_REPORTING).
 */
const BARE = new Set([
  'kata', 'ujar', 'ucap', 'ungkap', 'tutur', 'tegas', 'jelas', 'tambah', 'imbuh', 'lanjut', 'sebut',
  'terang', 'papar', 'tulis', 'tutup', 'pungkas', 'sambung', 'tandas', 'jawab', 'tukas', 'cuit',
  'tanya', 'seru', 'teriak', 'bilang', 'aku', 'klaim', 'kilah', 'timpal', 'sahut', 'balas', 'bantah',
  'beber', 'urai', 'kenang', 'keluh', 'pinta', 'pesan', 'ajak', 'harap', 'sergah', 'celetuk', 'akui', 'nilai', 'catat', 'kisah', 'cerita', 'desak', 'imbau', 'sindir', 'kritik',
]);

/** Bare verbs that also report speech away from a quote (`…, kata X.`). */
const LOOSE_REPORTING = new Set(['kata', 'ujar', 'ucap', 'ungkap', 'tutur', 'bilang']);

/** Active verbs whose subject is the speaker (`X mengatakan …: “…”`). */
const ACTIVE = new Set([
  'mengatakan', 'menegaskan', 'menambahkan', 'menekankan', 'memperingatkan', 'menjelaskan',
  'menuturkan', 'menyatakan', 'menyampaikan', 'menyebutkan', 'menyebut', 'mengungkapkan', 'menilai',
  'melanjutkan', 'mencatat', 'mengklaim', 'membantah', 'menulis', 'menuliskan', 'mengucapkan',
  'memaparkan', 'menerangkan', 'menandaskan', 'menjawab', 'mengakui', 'mengaku', 'mengingatkan',
  'mengumumkan', 'menyerukan', 'bertanya', 'berkata', 'berujar', 'bertutur', 'berpendapat',
  'berjanji', 'bercerita', 'menceritakan', 'mengeluhkan', 'menyimpulkan', 'menguraikan', 'mengkritik',
  'mengecam', 'menuding', 'menuduh', 'menyinggung', 'memprediksi', 'memperkirakan', 'mengisyaratkan',
  'mengonfirmasi', 'mengkonfirmasi', 'membenarkan', 'menampik', 'menyangkal', 'mempertanyakan',
  'menyesalkan', 'menyayangkan', 'menyoroti', 'menggarisbawahi', 'mencuit', 'mengemukakan',
  'mengutarakan', 'berbicara', 'mengimbau', 'mendesak', 'meminta', 'menanggapi', 'menjanjikan',
  'berseru', 'berteriak', 'membeberkan', 'menuturkannya', 'berkomentar', 'mengomentari',
  'menyatakannya', 'berargumen', 'beralasan', 'menepis', 'memastikan', 'memerintahkan', 'menginstruksikan',
  'mengusulkan', 'menyarankan', 'menganjurkan', 'berharap', 'mengharapkan', 'mengajak', 'melontarkan', 'menyuarakan',
]);

/** Passive verbs whose agent follows (`Hal itu disampaikan X`). */
const PASSIVE = new Set([
  'dikatakan', 'disampaikan', 'diungkapkan', 'dijelaskan', 'ditegaskan', 'dituturkan', 'dinyatakan',
  'disebutkan', 'ditambahkan', 'dipaparkan', 'diterangkan', 'diucapkan', 'ditekankan', 'diumumkan',
  'dikemukakan', 'diutarakan', 'diakui', 'diingatkan', 'dilontarkan', 'diserukan', 'disuarakan',
]);

/** How a speech verb relates to its speaker. */
export type SpeechVerbForm =
  /** bare verb, speaker follows: `kata X` */
  | 'bare'
  /** bare verb with -nya, speaker is a pronoun: `tambahnya` */
  | 'nya'
  /** active verb, speaker precedes: `X mengatakan` */
  | 'active'
  /** passive verb, agent follows: `disampaikan X` */
  | 'passive'
  /** `menurut X` */
  | 'menurut'
  /** `menurutnya` */
  | 'menurut-nya';

/** What a word is as a speech verb. */
export interface SpeechVerb {
  readonly form: SpeechVerbForm;
  /**
   * True when the word reports speech anywhere in a sentence; false for bare verbs that are
   * speech verbs only right next to a quote (`tegas`, `jelas`, `lanjut`).
   */
  readonly reporting: boolean;
}

const NYA = 'nya';

/** Classifies a lowercase word as a speech verb, or null. Linear in the word length. */
export function speechVerb(lower: string): SpeechVerb | null {
  if (ACTIVE.has(lower)) return { form: 'active', reporting: true };
  if (PASSIVE.has(lower)) return { form: 'passive', reporting: true };
  if (lower === 'menurut') return { form: 'menurut', reporting: true };
  if (lower === 'menurutnya') return { form: 'menurut-nya', reporting: true };
  if (BARE.has(lower)) return { form: 'bare', reporting: LOOSE_REPORTING.has(lower) };
  if (lower.endsWith(NYA) && lower.length > NYA.length + 2) {
    const stem = lower.slice(0, -NYA.length);
    // pesannya, harapnya, ceritanya also read as nouns ("his message"); next to a quote they are verbs.
    if (BARE.has(stem)) return { form: 'nya', reporting: LOOSE_REPORTING.has(stem) };
  }
  return null;
}

/**
 * Words that can sit between a speaker and the speech verb or between the verb and the quote
 * without changing who speaks (`Dia juga mengatakan`, `menegaskan kembali bahwa “…`).
 */
export const VERB_ADVERBS: ReadonlySet<string> = new Set([
  'juga', 'kembali', 'pun', 'telah', 'sudah', 'lagi', 'pernah', 'sempat', 'kemudian', 'lalu',
  'bahkan', 'sebelumnya', 'justru', 'masih', 'tetap', 'hanya', 'pula', 'sendiri', 'secara', 'terpisah',
  'akhirnya', 'kerap', 'sering', 'selalu', 'langsung', 'singkat',
]);

/** Words between the verb and the quote that keep the quote the verb's object (`mengatakan bahwa “…`). */
export const COMPLEMENTIZERS: ReadonlySet<string> = new Set(['bahwa', 'jika', 'agar', 'supaya', 'soal', 'tentang']);

/** Media verbs: `seperti dikutip X`, `dilansir X` name an outlet, never the speaker. */
export const MEDIA_VERBS: ReadonlySet<string> = new Set([
  'dikutip', 'dilansir', 'dilaporkan', 'diberitakan', 'melansir', 'mengutip',
]);
