/**
 * Building blocks of the environment schema, shared by src/config.ts and the platform modules'
 * own variables (src/platforms/<name>/config.ts): an empty value counts as unset.
 */
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** `schema`, with an empty or blank value treated as unset. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema);

/** An http(s) URL, `fallback` when unset. */
export const httpUrl = (fallback: string) =>
  optional(z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).default(fallback));

/** Adds a problem with one variable; the whole environment is reported at once. */
export type ConfigIssue = (variable: string, message: string) => void;
