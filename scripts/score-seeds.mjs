#!/usr/bin/env node
// `npm run score -- SCORER GOLD [scorer options]`: runs `kilas extract --json` over data/seeds/*.txt
// and hands the output to the shared scorer (score-quotes.mjs), which lives outside this repository.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const [scorer, gold, ...rest] = process.argv.slice(2);
if (!scorer || !gold) {
  process.stderr.write('usage: npm run score -- /path/to/score-quotes.mjs /path/to/gold/seeds.json [--verbose]\n');
  process.exit(2);
}
const seeds = readdirSync(join(repo, 'data/seeds'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => join('data/seeds', f));
const extract = spawnSync(process.execPath, [join(repo, 'bin/kilas.mjs'), 'extract', '--json', ...seeds], {
  cwd: repo,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (extract.status !== 0) {
  process.stderr.write(extract.stderr);
  process.exit(extract.status ?? 1);
}
const dir = mkdtempSync(join(tmpdir(), 'kilas-score-'));
try {
  const out = join(dir, 'extract.json');
  writeFileSync(out, extract.stdout);
  const score = spawnSync(process.execPath, [resolve(scorer), resolve(gold), out, ...rest], { cwd: repo, stdio: 'inherit' });
  process.exitCode = score.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
