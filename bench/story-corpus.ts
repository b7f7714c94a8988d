/**
 * Synthetic news for the stories bench: many events, each reported by several outlets in their
 * own words (random picks from the event's vocabulary mixed with shared background words), some
 * syndicated copies with furniture, quotes carried by some outlets. Built directly as
 * `ExtractedArticle`s from a seeded generator, so runs are repeatable and need no other module.
 */
import type { ExtractedArticle, Quote } from '../src/core/model/index.ts';
import { mulberry32 } from './corpus.ts';

const ONSETS = ['b', 'c', 'd', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'w', 'ng', 'ny', 'kr', 'tr', 'pr'];
const VOWELS = ['a', 'i', 'u', 'e', 'o', 'ai', 'au'];
const CODAS = ['', '', '', 'n', 'ng', 'r', 'k', 't', 's', 'h'];
const FUNCTION_WORDS = 'yang dan di ke dari untuk dengan ini itu pada dalam akan tidak telah juga sebagai adalah bahwa oleh atau karena mereka kami para sebuah lebih sudah masih hingga setelah'.split(' ');
const FURNITURE = ['Baca Juga: Berita Pilihan Hari Ini', 'Editor: Redaksi', 'loading...', 'Lihat Juga: Video Terkini', 'Copyright © 2026 Contoh Media'];

function word(rand: () => number, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) {
    w += ONSETS[Math.floor(rand() * ONSETS.length)]! + VOWELS[Math.floor(rand() * VOWELS.length)]!;
    if (i === syllables - 1) w += CODAS[Math.floor(rand() * CODAS.length)]!;
  }
  return w;
}

const capital = (w: string) => w[0]!.toUpperCase() + w.slice(1);

export interface CorpusOptions {
  readonly articles: number;
  /** Articles published per day (the corpus spans articles / perDay days). */
  readonly perDay: number;
  readonly seed?: number;
  /** First day of the corpus, YYYY-MM-DD. */
  readonly start?: string;
}

export interface Corpus {
  readonly items: ExtractedArticle[];
  /** Event label of each article id, to score clustering. */
  readonly eventOf: Map<string, number>;
}

/** Builds a synthetic corpus of `articles` articles; the same options give the same corpus. */
export function buildCorpus(options: CorpusOptions): Corpus {
  const rand = mulberry32(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const background = Array.from({ length: 3000 }, () => word(rand, 2 + Math.floor(rand() * 2)));
  // Zipf-like background: low indexes are much more frequent.
  const backgroundWord = () => background[Math.floor(background.length * rand() * rand() * rand())]!;
  const outlets = Array.from({ length: 40 }, (_, i) => `outlet${i}.example`);
  // Public figures recur across events, and events of one beat (politics, sport…) share words:
  // the cases where names or topic alone would wrongly merge two events.
  const figures = Array.from({ length: 300 }, () => capital(word(rand, 2 + Math.floor(rand() * 2))));
  const beats = Array.from({ length: 12 }, () => Array.from({ length: 150 }, () => word(rand, 2 + Math.floor(rand() * 2))));
  const startMs = Date.parse(`${options.start ?? '2026-01-01'}T00:00:00+07:00`);

  const items: ExtractedArticle[] = [];
  const eventOf = new Map<string, number>();
  let event = 0;
  while (items.length < options.articles) {
    const names = Array.from({ length: 4 }, (_, i) =>
      i < 2 && rand() < 0.4 ? pick(figures) : capital(word(rand, 2 + Math.floor(rand() * 2))),
    );
    const beat = pick(beats);
    const topic = Array.from({ length: 30 }, (_, i) => (i < 12 ? pick(beat) : word(rand, 2 + Math.floor(rand() * 3))));
    const quoteWords = Array.from({ length: 14 }, () => (rand() < 0.5 ? pick(topic) : pick(FUNCTION_WORDS)));
    const quote = `${capital(quoteWords.join(' '))},`;
    const reports = 2 + Math.floor(rand() * 6);
    const eventMs = startMs + Math.floor((items.length / options.perDay) * 86_400_000);
    const used = new Set<string>();
    for (let r = 0; r < reports && items.length < options.articles; r++) {
      let outlet = pick(outlets);
      while (used.has(outlet)) outlet = pick(outlets);
      used.add(outlet);
      const sentence = () => {
        const length = 10 + Math.floor(rand() * 8);
        const words: string[] = [pick(names)];
        for (let i = 1; i < length; i++) {
          const x = rand();
          words.push(x < 0.35 ? pick(topic) : x < 0.45 ? pick(names) : x < 0.7 ? pick(FUNCTION_WORDS) : backgroundWord());
        }
        return `${words.join(' ')}.`;
      };
      const paragraphs = Array.from({ length: 4 + Math.floor(rand() * 3) }, () => `${sentence()} ${sentence()}`);
      const quotes: Quote[] = [];
      if (rand() < 0.6) {
        const text = rand() < 0.3 ? `${quoteWords.slice(0, 8).join(' ')},` : quote;
        paragraphs.splice(2, 0, `“${text}” kata ${names[0]} ${names[1]}.`);
        quotes.push({ text, speaker: `${names[0]} ${names[1]}`, speakerKey: names[1]!.toLowerCase(), paragraph: 2 });
      }
      const id = `e${event}-r${r}`;
      const publishedAt = new Date(eventMs + Math.floor(rand() * 6 * 3_600_000)).toISOString();
      const item: ExtractedArticle = {
        article: {
          id,
          title: capital([pick(names), ...Array.from({ length: 7 }, () => pick(topic))].join(' ')),
          date: publishedAt.slice(0, 10),
          publishedAt,
          dateline: null,
          paragraphs,
          source: { url: `https://${outlet}/${id}`, outlet, file: null, credit: null },
        },
        quotes,
      };
      items.push(item);
      eventOf.set(id, event);
      if (rand() < 0.05 && items.length < options.articles) {
        const copyOutlet = pick(outlets);
        const copy: ExtractedArticle = {
          article: {
            ...item.article,
            id: `${id}-copy`,
            paragraphs: [...paragraphs, pick(FURNITURE)],
            source: { url: `https://${copyOutlet}/syndication/${id}`, outlet: copyOutlet, file: null, credit: null },
          },
          quotes,
        };
        items.push(copy);
        eventOf.set(copy.article.id, event);
      }
    }
    event++;
  }
  return { items, eventOf };
}
