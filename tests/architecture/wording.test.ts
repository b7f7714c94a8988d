/**
 * Every Indonesian sentence a reader sees lives in the wording table (src/format/wording/): a
 * string literal elsewhere in the folders that word answers or controls (format, cli, bot, platforms, app) would be a
 * second place to translate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../../src');
/** Folders whose answers are worded through the table; the table itself is exempt. */
const WORDED = ['format', 'cli', 'bot', 'platforms', 'app'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Indonesian words that do not occur in English or in identifiers. */
const INDONESIAN = /\b(yang|dan|untuk|dengan|tidak|belum|sudah|dari|atau|ini|itu|berita|kutipan|langganan|ringkasan|perintah|tambahan|dimatikan|Ketik|Tulis|Maaf)\b/i;

/** String literals of a source file, comments left out. */
function literalsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('wording', () => {
  const files = WORDED.flatMap((area) => sourceFiles(join(root, area))).filter((f) => !relative(root, f).startsWith('format/wording/'));

  test.each([
    ["'Tidak ada kutipan dari '", true],
    ['`Ringkasan harian ${x}`', true],
    ["'kilas quotes: no such speaker'", false],
    ["// Ketik ini dan itu\n'plain'", false],
  ])('the check sees Indonesian in %s: %s', (source, found) => {
    expect(literalsOf(source).some((l) => INDONESIAN.test(l))).toBe(found);
  });

  test('no Indonesian sentence outside the wording table', () => {
    const offenders = files.flatMap((file) =>
      literalsOf(readFileSync(file, 'utf8'))
        .filter((l) => INDONESIAN.test(l))
        .map((l) => `${relative(root, file)}: ${l.slice(0, 60)}`),
    );
    expect(offenders).toEqual([]);
  });
});
