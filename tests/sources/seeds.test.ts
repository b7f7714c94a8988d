import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { decodeArticleBytes, loadSeeds, readArticleFile } from '../../src/sources/seeds.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kilas-seeds-'));
  writeFileSync(join(dir, 'b.txt'), 'Judul B\nIsi berita kedua yang cukup panjang untuk paragraf.\n');
  writeFileSync(join(dir, 'a.txt'), '\uFEFFJudul A\nIsi berita pertama yang cukup panjang untuk paragraf.\n');
  writeFileSync(join(dir, 'c.txt'), '');
  writeFileSync(join(dir, 'notes.md'), 'bukan artikel');
  mkdirSync(join(dir, 'd.txt'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('loadSeeds', () => {
  test('reads *.txt sorted by name, reports unreadable ones without stopping', async () => {
    const { articles, errors } = await loadSeeds(dir);
    expect(articles.map((a) => a.file)).toEqual([join(dir, 'a.txt'), join(dir, 'b.txt')]);
    expect(articles[0]!.text!.startsWith('Judul A')).toBe(true);
    expect(errors.map((e) => e.path)).toEqual([join(dir, 'c.txt'), join(dir, 'd.txt')]);
    expect(errors.every((e) => e instanceof InputError && !e.message.includes('\n'))).toBe(true);
  });

  test('a missing directory is one error', async () => {
    const { articles, errors } = await loadSeeds(join(dir, 'nope'));
    expect(articles).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('no such directory');
  });

  test('the shipped seeds all load', async () => {
    const { articles, errors } = await loadSeeds(new URL('../../data/seeds', import.meta.url).pathname);
    expect(errors).toEqual([]);
    expect(articles.length).toBeGreaterThanOrEqual(5);
  });
});

describe('readArticleFile', () => {
  test('refuses files over the size limit', async () => {
    await expect(readArticleFile(join(dir, 'b.txt'), { maxBytes: 10 })).rejects.toThrow(/too large/);
  });
});

describe('decodeArticleBytes', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test.each([
    ['UTF-8', enc('“Kami,” kata dia'), '“Kami,” kata dia'],
    ['UTF-8 with BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('abc')]), 'abc'],
    ['UTF-16LE with BOM', Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00]), 'ab'],
    ['UTF-16BE with BOM', Uint8Array.from([0xfe, 0xff, 0x00, 0x61, 0x00, 0x62]), 'ab'],
    ['Windows-1252 curly quotes', Uint8Array.from([0x93, ...enc('Kami menolak rencana itu'), 0x94]), '“Kami menolak rencana itu”'],
  ])('%s', (_name, bytes, expected) => {
    const warnings: string[] = [];
    expect(decodeArticleBytes(bytes, 'f.txt', (w) => warnings.push(w))).toBe(expected);
    expect(warnings.length).toBe(_name.startsWith('Windows') ? 1 : 0);
  });
  test.each([
    ['NUL bytes', Uint8Array.from([0x61, 0x00, 0x62]), /binary/],
    ['mostly high bytes', Uint8Array.from([0xfe, 0xfd, 0xfc, 0xfb, 0x61]), /not UTF-8/],
    ['control characters', Uint8Array.from([0x01, 0x02, 0x93, ...enc('abcdefghijklmnopqrstuvwxyz')]), /not UTF-8/],
  ])('rejects %s', (_name, bytes, error) => {
    expect(() => decodeArticleBytes(bytes, 'f.txt')).toThrow(error);
  });
});
