/**
 * The operator's speaker alias file (data/speakers.json, or KILAS_SPEAKERS): read and validated
 * once at start, so a typo in it stops kilas with a clear message instead of silently splitting a
 * person in two. Kept apart from config.ts on purpose: it is a data file, not an environment
 * variable, and the composition roots call it next to `loadConfig`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createSpeakerDirectory, type SpeakerDirectory, identityTokens } from './core/speakers/index.ts';
import { ConfigError, messageOf } from './errors.ts';

/** Where the alias file is looked for when KILAS_SPEAKERS is not set (relative to the working directory). */
export const DEFAULT_SPEAKERS_FILE = 'data/speakers.json';

const nameForm = z
  .string()
  .trim()
  .min(2, 'a name needs at least two characters')
  .max(80, 'a name is at most 80 characters')
  .refine((s) => /\p{L}/u.test(s), 'a name needs letters')
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'a name must not contain control or invisible characters');

const schema = z
  .object({
    $comment: z.unknown().optional(),
    speakers: z
      .array(
        z
          .object({ name: nameForm, aliases: z.array(nameForm).max(50, 'at most 50 aliases per person') })
          .strict(),
      )
      .max(20_000, 'at most 20,000 people'),
  })
  .strict();

/**
 * Parses and checks the alias file's text; `source` names it in errors.
 * @throws ConfigError with the file, the entry and what is wrong: bad JSON, a missing or mistyped
 *   field, or one form listed under two people.
 */
export function parseSpeakerAliases(text: string, source: string): SpeakerDirectory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${messageOf(error)})`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ConfigError(`${source}: invalid speaker aliases${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  const owner = new Map<string, string>();
  parsed.data.speakers.forEach((entry, i) => {
    for (const form of [entry.name, ...entry.aliases]) {
      const key = identityTokens(form).join(' ');
      const other = owner.get(key);
      if (other !== undefined && other !== entry.name) {
        throw new ConfigError(`${source}: "${form}" (speakers.${i}) is listed for both "${other}" and "${entry.name}"`);
      }
      owner.set(key, entry.name);
    }
  });
  return createSpeakerDirectory(parsed.data.speakers);
}

/**
 * Loads the alias file named by `env.KILAS_SPEAKERS` (default {@link DEFAULT_SPEAKERS_FILE}); a
 * missing default file means no aliases, a missing named file is an error.
 * @throws ConfigError when the file cannot be read or is invalid.
 */
export function loadSpeakerAliases(env: Readonly<Record<string, string | undefined>>, cwd: string): SpeakerDirectory {
  const named = env['KILAS_SPEAKERS']?.trim();
  const path = resolve(cwd, named || DEFAULT_SPEAKERS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return createSpeakerDirectory([]);
    throw new ConfigError(`cannot read the speaker aliases ${path}: ${messageOf(error)}`, { cause: error });
  }
  return parseSpeakerAliases(text, named || DEFAULT_SPEAKERS_FILE);
}
