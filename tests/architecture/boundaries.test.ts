/**
 * The dependency rules of docs/architecture.md, checked over the source tree: `core` imports only
 * `core` and touches no I/O or clock; `format` sees only `core` and `format`; `bot` never reaches a
 * platform library; platforms and the store never import each other. Only app.ts and cli/ see everything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specifiers.map((m) => m[1] ?? m[2] ?? '');
}

/** The project area an import lands in ("core", "format", …), or the package name for a bare import. */
function targetOf(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier.startsWith('node:') ? specifier : `pkg:${specifier}`;
  const target = relative(root, resolve(dirname(file), specifier));
  return target.includes('/') ? target.split('/')[0]! : target.replace(/\.ts$/, '');
}

const files = sourceFiles(root).map((file) => ({
  file,
  area: relative(root, file).includes('/') ? relative(root, file).split('/')[0]! : relative(root, file).replace(/\.ts$/, ''),
  targets: importsOf(file).map((s) => targetOf(file, s)),
}));

const rules: { area: string; allowed: (target: string) => boolean; why: string }[] = [
  { area: 'core', allowed: (t) => t === 'core', why: 'core is pure: it imports only core' },
  { area: 'format', allowed: (t) => t === 'core' || t === 'format', why: 'the formatter sees only core types and itself' },
  {
    area: 'bot',
    allowed: (t) => ['core', 'format', 'bot', 'lib', 'errors', 'logger', 'node:timers/promises', 'node:events'].includes(t),
    why: 'bot handlers are platform-neutral and reach storage through ports',
  },
  { area: 'lib', allowed: (t) => t === 'lib' || t.startsWith('node:'), why: 'lib knows nothing of kilas: it imports only lib and Node' },
];

describe('dependency rules', () => {
  test.each(rules)('$area: $why', ({ area, allowed }) => {
    const offenders = files
      .filter((f) => f.area === area)
      .flatMap((f) => f.targets.filter((t) => !allowed(t)).map((t) => `${relative(root, f.file)} -> ${t}`));
    expect(offenders).toEqual([]);
  });

  test('platform adapters and the store never import each other', () => {
    const offenders = files
      .filter((f) => f.area === 'platforms' || f.area === 'store')
      .flatMap((f) =>
        f.targets
          .filter((t) => (f.area === 'platforms' ? t === 'store' : t === 'platforms'))
          .map((t) => `${relative(root, f.file)} -> ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  test('core reads no clock, randomness or environment', () => {
    const offenders = files
      .filter((f) => f.area === 'core')
      .filter((f) => /\bDate\.now\(|new Date\(\)|Math\.random\(|process\.|globalThis\.fetch/.test(readFileSync(f.file, 'utf8')))
      .map((f) => relative(root, f.file));
    expect(offenders).toEqual([]);
  });

  test('no import cycles', () => {
    const graph = new Map(
      files.map((f) => [
        f.file,
        importsOf(f.file)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolve(dirname(f.file), s)),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((p) => relative(root, p)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test('only config.ts reads process.env', () => {
    const offenders = files
      .filter((f) => !f.file.endsWith('config.ts') && !f.file.endsWith('cli.ts'))
      .filter((f) => /process\.env\b/.test(readFileSync(f.file, 'utf8')))
      .map((f) => relative(root, f.file));
    expect(offenders).toEqual([]);
  });
});
