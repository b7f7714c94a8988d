/** The console platform's one variable: KILAS_CONSOLE=on runs it (off by default). */
import { z } from 'zod';
import type { PlatformConfig } from '../module.ts';

const VARIABLES = {
  KILAS_CONSOLE: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(['on', 'off', '1', '0', 'true', 'false', 'yes', 'no'], { error: 'expected on or off' }).default('off'),
  ),
};

type Vars = z.infer<z.ZodObject<typeof VARIABLES>>;

/** The console has nothing to configure beyond being on. */
export type ConsoleSettings = Record<string, never>;

export const consoleConfig: PlatformConfig<Vars, ConsoleSettings> = {
  variables: VARIABLES,
  secrets: [],
  settings: (v) => (['on', '1', 'true', 'yes'].includes(v.KILAS_CONSOLE) ? {} : null),
};
