/**
 * Deterministic synthetic corpus for benches and load tests: articles varied from the seed
 * articles (paragraphs shuffled and dropped, names and dates changed, furniture and quotes
 * inserted, blocks repeated; some as feed items with HTML). The same (n, seed) always gives the
 * same articles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawArticle } from '../src/core/model/index.ts';
import { htmlFragmentToText } from '../src/sources/html-text.ts';

/** Mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'seeds');

interface SeedShape {
  readonly title: string | null;
  readonly body: readonly string[];
}

let cached: SeedShape[] | null = null;

/** The seed articles split into a headline guess and body lines (furniture filtered crudely). */
function seedShapes(): SeedShape[] {
  if (cached) return cached;
  cached = readdirSync(seedsDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const lines = readFileSync(join(seedsDir, f), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.split(' ').length >= 8);
      const first = readFileSync(join(seedsDir, f), 'utf8').split('\n')[0]?.trim() ?? '';
      const title = first.endsWith('.') ? null : first;
      return { title, body: [...new Set(lines.filter((l) => l !== title))] };
    });
  return cached;
}

const NAMES = [
  ['Sergey Lavrov', 'Lavrov'], ['Jens Stoltenberg', 'Stoltenberg'], ['Anatoly Antonov', 'Antonov'],
  ['Retno Marsudi', 'Retno'], ['Joko Widodo', 'Jokowi'], ['Prabowo Subianto', 'Prabowo'], ['Antony Blinken', 'Blinken'],
  ['Maria Zakharova', 'Zakharova'], ['Dmitry Peskov', 'Peskov'], ['Sri Mulyani', 'Sri Mulyani'], ['Ned Price', 'Price'],
  ['Volodymyr Zelenskyy', 'Zelenskyy'], ['Budi Gunadi Sadikin', 'Budi'], ['Anies Baswedan', 'Anies'],
] as const;
const PLACES = ['JAKARTA', 'MOSKOW', 'BRUSSELS', 'WASHINGTON', 'SURABAYA', 'KYIV', 'MAKASSAR', 'JAYAPURA', 'BANDUNG'];
const DAYS = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const ZONES = ['WIB', 'WITA', 'WIT'];
const VERBS = ['kata', 'ujar', 'tegas', 'tambahnya', 'ujarnya', 'jelas', 'tutur'];
const QUOTES = [
  'Kami tidak menginginkan perang',
  'Situasi terus memburuk dan kami akan bereaksi dengan tegas',
  'Pemerintah akan memastikan harga tetap stabil menjelang hari raya',
  'Kami percaya dialog adalah satu-satunya jalan keluar',
  'Tidak ada yang berubah dalam tujuan kami',
];
const FURNITURE = [
  'loading...', 'A', 'A A A', 'Baca Juga: Harga Cabai Naik Jelang Lebaran', 'Lihat Juga: Detik-detik Pesawat Mendarat Darurat',
  'Halaman :', 'Copyright © 2024 Contoh.com', 'All Rights Reserved', 'read/ rendering in 0.1768 seconds (0.1#10.140)',
  'Editor: Rina Sari', 'Sumber: Reuters', '(mas)', 'Tags', 'Terkini', 'Terpopuler', 'ADVERTISEMENT',
  'Menteri Luar Negeri berbicara kepada wartawan. Foto/Reuters',
];

/**
 * `n` synthetic raw articles. About one in five is a feed item (HTML content, title and ISO
 * publication date); the others are scraped text with headline, date line and furniture.
 */
export function syntheticArticles(n: number, seed = 1): RawArticle[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const shapes = seedShapes();
  const out: RawArticle[] = [];
  for (let i = 0; i < n; i++) {
    const shape = pick(shapes);
    const [full, short] = pick(NAMES);
    const rename = (s: string) => s.replace(/Sergey Lavrov|Sergei Lavrov/g, full).replace(/\bLavrov\b/g, short);
    const body = shape.body.filter(() => rand() > 0.2).map(rename);
    for (let j = body.length - 1; j > 0; j--) {
      if (rand() < 0.3) {
        const k = Math.floor(rand() * (j + 1));
        [body[j], body[k]] = [body[k] as string, body[j] as string];
      }
    }
    const quote = `“${pick(QUOTES)},” ${pick(VERBS)} ${short}.`;
    body.splice(Math.floor(rand() * (body.length + 1)), 0, quote);
    if (body.length > 0 && rand() < 0.5) body[0] = `${pick(PLACES)} - ${body[0]}`;
    const year = 2019 + Math.floor(rand() * 6);
    const month = Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const hh = String(Math.floor(rand() * 24)).padStart(2, '0');
    const mm = String(Math.floor(rand() * 60)).padStart(2, '0');
    const title = `${rename(shape.title ?? 'Rusia dan NATO Saling Ancam')} ${i % 97 === 0 ? '(Update)' : ''}`.trim();
    if (rand() < 0.2) {
      const html = body.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
      out.push({
        // Feed item HTML reaches the core as text, through the sources' parser, as in rss-source.
        text: htmlFragmentToText(`<div class="content">${html}<script>track(${i})</script><p>Baca Juga: <a href="/x">Berita Lain</a></p></div>`),
        title,
        url: `https://contoh.test/berita/${i}`,
        outlet: pick(['contoh.test', 'kabar.test', 'warta.test']),
        publishedAt: `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T${hh}:${mm}:00Z`,
      });
      continue;
    }
    const lines: string[] = [title, `${pick(DAYS)}, ${day} ${MONTHS[month]} ${year} - ${hh}:${mm} ${pick(ZONES)}`];
    for (const p of body) {
      if (rand() < 0.15) lines.push(pick(FURNITURE));
      lines.push(p);
    }
    if (rand() < 0.3) lines.push(...body.slice(0, Math.ceil(body.length / 2)));
    lines.push(pick(FURNITURE), 'Tags', 'Terkait');
    out.push({ text: lines.join(rand() < 0.5 ? '\n' : '\n\n'), file: `synthetic-${i}.txt` });
  }
  return out;
}
