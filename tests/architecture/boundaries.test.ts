/**
 * The dependency rules of docs/architecture.md, checked over the source tree: `core` imports only
 * `core` and touches no I/O or clock; `format` sees only `core` and `format`; `bot` never reaches a
 * platform library; platforms and the store never import each other. Only app.ts and cli/ see everything.
 * Core is rooms by subject (`core/<room>/`), each entered only through its door `index.ts`, and the
 * rooms depend on each other without cycles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../../src');
const core = join(root, 'core');

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
  // The storage seam is its own area: interfaces that the bot and the platforms may see.
  if (target === 'store/ports.ts') return 'store/ports';
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
    allowed: (t) => ['core', 'format', 'bot', 'lib', 'store/ports', 'errors', 'logger', 'node:timers/promises', 'node:events'].includes(t),
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

/** The room of core a path lies in, or null outside core. */
function roomOf(path: string): string | null {
  const inCore = relative(core, path);
  return inCore.startsWith('..') || !inCore.includes('/') ? null : inCore.split('/')[0]!;
}

/** Every relative import of the repository's TypeScript (src, tests, bench), resolved to a path. */
const edges = [...sourceFiles(root), ...['tests', 'bench'].flatMap((d) => sourceFiles(resolve(root, '..', d)))].flatMap((file) =>
  importsOf(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => ({ file, specifier: s, target: resolve(dirname(file), s) })),
);
const intoCore = edges.filter((e) => !relative(core, e.target).startsWith('..'));
const rooms = readdirSync(core).filter((name) => statSync(join(core, name)).isDirectory());

describe('core rooms', () => {
  test('every core file lives in a room, and every room has a door', () => {
    const loose = readdirSync(core).filter((name) => name.endsWith('.ts'));
    const doorless = rooms.filter((room) => !readdirSync(join(core, room)).includes('index.ts'));
    expect({ loose, doorless }).toEqual({ loose: [], doorless: [] });
    expect(rooms.length).toBeGreaterThanOrEqual(4);
  });

  test('a door only re-exports its own room', () => {
    const offenders = rooms.flatMap((room) => {
      const code = readFileSync(join(core, room, 'index.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const statements = code.split(/;\s*/).map((s) => s.trim()).filter(Boolean);
      return statements.filter((s) => !/^export (type )?\{[^}]*\} from '\.\/[\w-]+\.ts'$/.test(s)).map((s) => `${room}/index.ts: ${s}`);
    });
    expect(offenders).toEqual([]);
  });

  test('from outside a room, only its door is imported', () => {
    const offenders = intoCore
      .filter((e) => roomOf(e.file) !== roomOf(e.target))
      .filter((e) => relative(core, e.target) !== `${roomOf(e.target)}/index.ts`)
      .map((e) => `${relative(root, e.file)} -> ${e.specifier}`);
    expect(offenders).toEqual([]);
  });

  test('inside a room, files import each other, never their own door', () => {
    const offenders = intoCore
      .filter((e) => roomOf(e.file) !== null && roomOf(e.file) === roomOf(e.target) && e.target.endsWith('/index.ts'))
      .map((e) => `${relative(root, e.file)} -> ${e.specifier}`);
    expect(offenders).toEqual([]);
  });

  const needs = new Map(rooms.map((room) => [room, new Set<string>()]));
  for (const e of intoCore) {
    const [from, to] = [roomOf(e.file), roomOf(e.target)];
    if (from && to && from !== to) needs.get(from)!.add(to);
  }

  test('the base rooms (plain data, text, time, pacing) need no other room', () => {
    const base = ['model', 'text', 'time', 'pacing'];
    expect(base.filter((room) => !rooms.includes(room))).toEqual([]);
    expect(base.flatMap((room) => [...needs.get(room)!].map((to) => `${room} -> ${to}`))).toEqual([]);
  });

  test('the rooms depend on each other without cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (room: string, path: string[]) => {
      if (state.get(room) === 'done') return;
      if (state.get(room) === 'open') {
        cycles.push([...path.slice(path.indexOf(room)), room].join(' -> '));
        return;
      }
      state.set(room, 'open');
      for (const next of needs.get(room) ?? []) visit(next, [...path, room]);
      state.set(room, 'done');
    };
    for (const room of rooms) visit(room, []);
    expect(cycles).toEqual([]);
  });
});
