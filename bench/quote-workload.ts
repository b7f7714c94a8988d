/**
 * The `/quotes` workload of the store benches, deterministic so runs compare: 20,000 speakers with a
 * Zipf-like share of 1,000,000 quotes, a 2,000-entry alias list, and lookups of every kind a user
 * types (exact keys, full names, other spellings, one and two typos, aliases, title + name, unknown).
 */
import { mulberry32 } from './corpus.ts';

export interface BenchSpeaker {
  readonly key: string;
  readonly name: string;
}

const SYLLABLES = ['ka', 'ri', 'mo', 'su', 'na', 'to', 'le', 'vi', 'da', 'ro', 'pe', 'sko', 'ban', 'dar', 'wi', 'jo', 'har', 'tin', 'gus', 'ny'];
const FIRST = ['Sergey', 'Dmitry', 'Joko', 'Retno', 'Ahmad', 'Siti', 'Budi', 'Maria', 'John', 'Anna', 'Volodymyr', 'Prabowo', 'Sri', 'Agus', 'Dewi'];
const WORDS = 'kami tidak menginginkan perang tetapi akan membela kepentingan negara rakyat pemerintah harus segera mengambil langkah untuk keamanan ekonomi dialog terbuka semua pihak'.split(' ');

/** The kinds of name a lookup types, in the order lookups cycle through them. */
export const LOOKUP_KINDS = ['exact key', 'full name', 'upper case', 'typo', 'unknown', 'alias', 'title+name', 'two typos'] as const;

/** A seeded workload: speakers, a Zipf pick, quote texts and lookups. */
export function quoteWorkload(speakerCount: number, seed = 42) {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const seen = new Set<string>();
  const speakers: BenchSpeaker[] = [];
  while (speakers.length < speakerCount) {
    const n = 2 + Math.floor(random() * 3);
    let surname = '';
    for (let i = 0; i < n; i++) surname += pick(SYLLABLES);
    if (seen.has(surname)) continue;
    seen.add(surname);
    speakers.push({ key: surname, name: `${pick(FIRST)} ${surname[0]!.toUpperCase()}${surname.slice(1)}` });
  }
  // Zipf-like: speaker i is chosen with weight 1/(i+1); a cumulative table makes picks O(log n).
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < speakers.length; i++) cumulative.push((total += 1 / (i + 1)));
  const zipfIndex = (): number => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const quoteText = (): string => {
    let text = '';
    const len = 6 + Math.floor(random() * 12);
    for (let w = 0; w < len; w++) text += `${w ? ' ' : ''}${pick(WORDS)}`;
    return text;
  };
  const typo = (s: string) => (s.length > 5 ? `${s.slice(0, 2)}${s[3]}${s[2]}${s.slice(4)}` : `${s}x`);
  const twoTypos = (s: string) => (s.length > 7 ? `${s.slice(0, 2)}${s[3]}${s[2]}${s.slice(4, -1)}` : typo(s));
  /** `count` names to look up, cycling through LOOKUP_KINDS, people picked by popularity. */
  const lookups = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => {
      const rank = zipfIndex();
      const s = speakers[rank]!;
      const kind = LOOKUP_KINDS[i % LOOKUP_KINDS.length];
      return kind === 'exact key' ? s.key
        : kind === 'full name' ? s.name
        : kind === 'upper case' ? s.key.toUpperCase()
        : kind === 'typo' ? typo(s.key)
        : kind === 'unknown' ? `zz${s.key}qq`
        : kind === 'alias' ? `tokoh${rank % 2_000}x`
        : kind === 'title+name' ? `Menlu ${s.name}`
        : twoTypos(s.key);
    });
  /** The operator's alias list: a popular name for the 2,000 most quoted people. */
  const aliases = speakers.slice(0, 2_000).map((s, i) => ({ name: s.name, aliases: [`Tokoh${i}x`] }));
  return { speakers, zipfIndex, quoteText, lookups, aliases };
}

/** The value at percentile `p` of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** "p50 … / p95 … / p99 … ms" of some timings. */
export function latencies(xs: readonly number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2);
  return `p50 ${f(percentile(sorted, 50))} / p95 ${f(percentile(sorted, 95))} / p99 ${f(percentile(sorted, 99))} ms`;
}
