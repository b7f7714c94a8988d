/**
 * `kilas config`: the effective configuration — every variable kilas reads, from the environment
 * over `.env`, with defaults filled in and secrets masked — after the same validation `start` does.
 */
import { SECRET_VARIABLES, effectiveVariables } from '../config.ts';
import { redactShapes } from '../redact.ts';
import { parseCommandArgs } from './argument-error.ts';
import type { CliCommand } from './io.ts';

const HELP = `usage: kilas config [--json]

Prints the effective configuration (environment over .env, defaults filled in), secrets masked.
Exits 2 listing every invalid variable, as 'kilas start' would.
`;

/** A secret shown only by its length and last characters, enough to tell two tokens apart. */
export function maskSecret(value: string): string {
  return value.length <= 8 ? '****' : `****${value.slice(-4)} (${value.length} characters)`;
}

export const configCommand: CliCommand = async (args, io) => {
  const { values } = parseCommandArgs('config', args, { json: { type: 'boolean', default: false } });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const vars = effectiveVariables(io.env);
  const shown = Object.entries(vars).map(([name, value]) => {
    // Secrets masked; a password inside a value (KILAS_DB=postgres://user:password@…) redacted.
    const masked = value === null ? null : SECRET_VARIABLES.includes(name) ? maskSecret(value) : redactShapes(value);
    const source = io.env[name] !== undefined && io.env[name]?.trim() !== '' ? 'set' : 'default';
    return { name, value: masked, source };
  });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(Object.fromEntries(shown.map((s) => [s.name, s.value])), null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...shown.map((s) => s.name.length));
  for (const s of shown) io.stdout.write(`${s.name.padEnd(width)}  ${s.value ?? '(unset)'}${s.source === 'default' && s.value !== null ? '  (default)' : ''}\n`);
  return 0;
};
