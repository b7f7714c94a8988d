/**
 * The platform registry holds what every platform module promises: a stable, unique name; its own
 * variables (no two modules read the same one, none clashes with kilas's own) with its secrets among
 * them; a renderer; and a folder of its own that no other platform folder reaches into. The adapter
 * library is loaded only by `create`, so `kilas config` and `kilas digest` never load grammY or discord.js.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONFIG_VARIABLES, SECRET_VARIABLES } from '../../src/config.ts';
import { paragraph, type Document } from '../../src/format/document.ts';
import { PLATFORMS, platformLimits, platformNamed } from '../../src/platforms/registry.ts';

const platformsDir = resolve(import.meta.dirname, '../../src/platforms');
const doc: Document = { title: [{ text: 'Kilas <Pagi> & @everyone' }], sections: [{ blocks: [paragraph('Satu cerita.')] }] };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('platform registry', () => {
  test('names are unique lower-case words, each with a folder of its own', () => {
    const names = PLATFORMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(statSync(join(platformsDir, name)).isDirectory()).toBe(true);
      expect(platformNamed(name)?.name).toBe(name);
    }
    expect(platformNamed('matrix')).toBeUndefined();
  });

  test.each(PLATFORMS.map((p) => [p.name, p] as const))('%s: its variables are its own, its secrets among them', (_name, module) => {
    const own = Object.keys(module.config.variables);
    const others = PLATFORMS.filter((p) => p !== module).flatMap((p) => Object.keys(p.config.variables));
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((v) => others.includes(v))).toEqual([]);
    // Every variable is read once by the whole schema: a clash with kilas's own would silently win or lose.
    for (const v of own) expect(CONFIG_VARIABLES.filter((c) => c === v)).toHaveLength(1);
    for (const secret of module.config.secrets) {
      expect(own).toContain(secret);
      expect(SECRET_VARIABLES).toContain(secret);
    }
    expect(module.config.settings(Object.fromEntries(own.map((v) => [v, undefined])))).toBeNull();
  });

  test.each(PLATFORMS.map((p) => [p.name, p] as const))('%s: renders a document into at least one message; limits reach the pacer', (name, module) => {
    expect(module.render(doc).length).toBeGreaterThan(0);
    expect(platformLimits()[name]).toBe(module.limits);
    if (module.preview) expect(module.preview(doc)).toContain('Satu cerita.');
  });

  test('platform folders never import each other, and only create() loads the adapter', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(platformsDir)) {
      const folder = relative(platformsDir, file).split('/')[0]!;
      const source = readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        if (!spec!.startsWith('.')) continue;
        const target = relative(platformsDir, resolve(dirname(file), spec!)).split('/')[0]!;
        const isPlatform = PLATFORMS.some((p) => p.name === target);
        if (isPlatform && target !== folder && !file.endsWith('registry.ts')) offenders.push(`${relative(platformsDir, file)} -> ${spec}`);
      }
      // The module file (index.ts) names the adapter only in a dynamic import.
      if (file.endsWith('index.ts') && /from\s+['"]\.\/adapter\.ts['"]/.test(source)) offenders.push(`${relative(platformsDir, file)} imports its adapter eagerly`);
    }
    expect(offenders).toEqual([]);
  });
});
