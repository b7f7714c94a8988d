/**
 * `kilas digest` over the seed articles, in every format. Structure checks only: the core pipeline
 * that decides the stories is still changing, so no golden output here (the renderers have theirs).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli.ts';
import { parseDigestArgs, sinceWindow } from '../../src/cli/digest-command.ts';
import type { DiscordMessage } from '../../src/platforms/discord/renderer.ts';
import { discordProblems, telegramProblems } from '../format/helpers.ts';

const repo = resolve(import.meta.dirname, '../..');
// No store: these tests read the seed articles even where a developer has run `kilas ingest`.
const noStore = join(mkdtempSync(join(tmpdir(), 'kilas-digest-')), 'absent.db');

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(['digest', ...args], {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    env: { KILAS_DB: noStore, ...env },
    cwd: repo,
  });
  return { code, stdout, stderr };
}

describe('kilas digest over data/seeds', () => {
  test('text (the default)', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The seed articles are the offline demo, said so in the header; each story shows its own date.
    expect(stdout.split('\n')[0]).toBe('Kilas Berita — contoh (artikel demo)');
    expect(stdout).toMatch(/^\d+ berita dari \d+ media, \d+ kutipan$/m);
    expect(stdout).toMatch(/“[^”]+”\n\s+— \S/);
    expect(stdout).toMatch(/^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ \w+ \d{4} · /m);
  });

  test('--length lengkap gives the full form; ringkas (the default) is shorter; a bad length is bad usage', async () => {
    const brief = await run([]);
    const full = await run(['--length', 'lengkap']);
    expect(full.code).toBe(0);
    const quotes = (out: string) => (out.match(/^\s+— /gm) ?? []).length;
    expect(quotes(full.stdout)).toBeGreaterThan(quotes(brief.stdout));
    expect(brief.stdout.length).toBeLessThan(full.stdout.length);
    const bad = await run(['--length=panjang']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown length 'panjang'");
  });

  test('markdown', async () => {
    const { code, stdout } = await run(['--format', 'markdown']);
    expect(code).toBe(0);
    expect(stdout.startsWith('# Kilas Berita — contoh (artikel demo)\n')).toBe(true);
    expect(stdout).toMatch(/^### \S/m);
    expect(stdout).toMatch(/^> “/m);
  });

  test('telegram: numbered messages, each valid Telegram HTML within limits', async () => {
    const { code, stdout } = await run(['--format=telegram']);
    expect(code).toBe(0);
    const parts = stdout.split(/^----- telegram message \d+\/\d+ -----\n/m).slice(1);
    expect(parts.length).toBeGreaterThan(0);
    for (const part of parts) expect(telegramProblems(part.replace(/\n+$/, ''))).toEqual([]);
    expect(parts.join('')).toContain('<blockquote>');
  });

  test('discord: a JSON array of payloads within every limit', async () => {
    const { code, stdout } = await run(['--format', 'discord']);
    expect(code).toBe(0);
    const messages = JSON.parse(stdout) as DiscordMessage[];
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(discordProblems(m)).toEqual([]);
    expect(messages.flatMap((m) => m.embeds ?? []).length).toBeGreaterThan(0);
  });

  test('json: the digest model', async () => {
    const { code, stdout } = await run(['--format', 'json']);
    expect(code).toBe(0);
    const digest = JSON.parse(stdout) as { stories: { headline: string; quotes: unknown[] }[]; stats: { stories: number }; window: unknown };
    expect(digest.window).toEqual({ from: null, to: null });
    expect(digest.stories.length).toBe(digest.stats.stories);
    expect(digest.stories.length).toBeGreaterThan(0);
    expect(digest.stories.every((s) => s.headline.length > 0)).toBe(true);
  });
});

describe('options', () => {
  test('--input reads the given files only', async () => {
    const { code, stdout } = await run(['--format', 'json', '--input', 'data/seeds/003_656384d799c66d7f.txt']);
    expect(code).toBe(0);
    const digest = JSON.parse(stdout) as { stats: { articles: number } };
    expect(digest.stats.articles).toBe(1);
  });

  test('an unreadable input is reported on stderr (exit 1) while the others are used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kilas-digest-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    const { code, stdout, stderr } = await run(['--input', 'data/seeds/003_656384d799c66d7f.txt', join(dir, 'empty.txt'), join(dir, 'missing.txt')]);
    expect(code).toBe(1);
    expect(stdout).toContain('Kilas Berita');
    expect(stderr.trim().split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/empty\.txt/);
    expect(stderr).toMatch(/missing\.txt/);
  });

  test('--since after every seed article gives the friendly empty digest', async () => {
    const { code, stdout } = await run(['--since', '2099-01-01']);
    expect(code).toBe(0);
    expect(stdout).toContain('Belum ada berita untuk periode ini.');
  });

  test.each([
    [['--format', 'pdf'], /unknown format 'pdf'/],
    [['--format'], /--format needs a value/],
    [['--since', 'kemarin'], /--since expects a date/],
    [['--bogus'], /unknown option '--bogus'/],
    [['stray'], /unexpected argument 'stray'/],
    [['--input'], /--input needs at least one PATH/],
  ])('bad usage %j exits 2 with a one-line reason', async (args, reason) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(reason);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('argument parsing', () => {
    expect(parseDigestArgs(['--input', 'a', 'b', '--format=markdown', '--input=c'])).toEqual({
      format: 'markdown',
      length: 'ringkas',
      since: null,
      inputs: ['a', 'b', 'c'],
      help: false,
    });
    expect(sinceWindow('2026-11-22', 'Asia/Jakarta')).toEqual({ from: '2026-11-21T17:00:00.000Z', to: null });
    expect(sinceWindow('2026-11-22T10:00:00+07:00', 'Asia/Jakarta')).toEqual({ from: '2026-11-22T03:00:00.000Z', to: null });
  });
});
