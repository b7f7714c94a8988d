/**
 * The operator's alias file: the repository's data/speakers.json is valid and joins popular names;
 * a broken file stops every command at start with a one-line reason naming the file and the entry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { loadSpeakerAliases } from '../../src/speaker-aliases.ts';
import { runKilas } from './cli-helpers.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const fixture = (name: string) => new URL(`../fixtures/speakers/aliases/${name}`, import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kilas-aliases-'));
  dirs.push(d);
  return d;
};

describe('loadSpeakerAliases', () => {
  test('the repository alias file is valid and names popular people', () => {
    const d = loadSpeakerAliases({}, REPO);
    expect(d.canonical('Jokowi')).toBe('Joko Widodo');
    expect(d.canonical('Presiden Jokowi')).toBe('Joko Widodo');
    expect(d.canonical('SBY')).toBe('Susilo Bambang Yudhoyono');
    expect(d.canonical('ahok')).toBe('Basuki Tjahaja Purnama');
    expect(d.canonical('Gus Dur')).toBe('Abdurrahman Wahid');
    expect(d.canonical('Zelenskiy')).toBe('Volodymyr Zelenskyy');
    expect(d.canonical('Sergei Lavrov')).toBe('Sergey Lavrov');
    expect(d.canonical('Budi')).toBeNull();
  });

  test('no file at the default place means no aliases; a named file that is missing is an error', () => {
    expect(loadSpeakerAliases({}, tempDir()).entries).toEqual([]);
    expect(() => loadSpeakerAliases({ KILAS_SPEAKERS: 'nope.json' }, tempDir())).toThrow(ConfigError);
  });

  test.each([
    ['bad-json.json', /bad-json\.json: not valid JSON/],
    ['wrong-field.json', /wrong-field\.json: invalid speaker aliases at speakers\.0/],
    ['duplicate.json', /"Jokowi" \(speakers\.1\) is listed for both "Joko Widodo" and "Joko Anwar"/],
    ['empty-name.json', /invalid speaker aliases at speakers\.0\.aliases\.0: a name needs at least two characters/],
  ])('%s is refused with a clear reason', (file, reason) => {
    expect(() => loadSpeakerAliases({ KILAS_SPEAKERS: fixture(file) }, REPO)).toThrow(reason);
  });

  test('every command refuses to start on a broken alias file, with one line on stderr', async () => {
    for (const argv of [['quotes', 'lavrov'], ['speakers'], ['digest'], ['extract', '--json', 'data/seeds/000_17a14bd2f772e71d.txt']]) {
      const run = await runKilas(argv, { KILAS_SPEAKERS: fixture('duplicate.json'), KILAS_DB: join(tempDir(), 'k.db') }, REPO);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('is listed for both');
    }
  });
});
