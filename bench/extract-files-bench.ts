/**
 * `kilas extract --json` over 2,000 plain-text article files of about 4 KB (outlet-style, from the
 * synthetic corpus), in one process, as an operator runs it. Prints articles/s on wall time and per
 * CPU second, and the share of the wall time the process was idle (waiting on file reads) — reads
 * go through a bounded concurrent pool, so it should be near zero. Target: ≥ 1,500 articles/s per core.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';
import { syntheticArticles } from './corpus.ts';

const N = Number(process.env['BENCH_ARTICLES'] ?? 2_000);
const TARGET_BYTES = 4096;

const dir = mkdtempSync(join(tmpdir(), 'kilas-extract-files-'));
try {
  const texts = syntheticArticles(N * 2, 11).map((a) => a.text ?? '');
  const files: string[] = [];
  for (let i = 0; i < N; i++) {
    // Long articles like the outlet fixtures: append a second article's body until about 4 KB.
    let text = texts[i] ?? '';
    for (let j = N + i; Buffer.byteLength(text) < TARGET_BYTES; j = (j + 1) % texts.length) text += `\n\n${(texts[j] ?? '').split('\n').slice(1).join('\n')}`;
    const file = join(dir, `${String(i).padStart(5, '0')}.txt`);
    writeFileSync(file, text.slice(0, TARGET_BYTES * 1.2));
    files.push(file);
  }
  const io = (sink: { n: number }) => ({
    stdout: { write: (s: string) => ((sink.n += s.length), true) },
    stderr: { write: () => true },
    env: { KILAS_LOG_LEVEL: 'error' },
    cwd: dir,
  });
  // Warm-up on a slice so the figure is steady state.
  await main(['extract', '--json', ...files.slice(0, 200)], io({ n: 0 }));

  const out = { n: 0 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await main(['extract', '--json', ...files], io(out));
  const wall = (performance.now() - t0) / 1000;
  const cpuUsage = process.cpuUsage(cpu0);
  const cpu = (cpuUsage.user + cpuUsage.system) / 1e6;
  const idle = Math.max(0, 1 - cpu / wall);
  process.stdout.write(
    `extract files: ${N} files of ~4 KB, exit ${code}, ${(out.n / 1024 / 1024).toFixed(1)} MB JSON: ${(N / wall).toFixed(0)} articles/s wall, ` +
      `${(N / cpu).toFixed(0)} articles/s per CPU second (target ≥ 1,500), idle ${(idle * 100).toFixed(0)} % of wall time\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
