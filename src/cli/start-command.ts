/**
 * `kilas start`: runs the Telegram and Discord bots and the scheduler until SIGINT or SIGTERM,
 * then stops them cleanly (in-flight sends finished or parked, database closed).
 */
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import { parseArgs } from 'node:util';
import { assertRunnable, createApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { raceDeadline } from '../lib/deadline.ts';
import { createLogger } from '../logger.ts';
import { createRedactor } from '../redact.ts';
import { openConfiguredStore } from '../store/open-store.ts';
import { stopOnSignals } from '../scheduler.ts';
import { parseRoles } from '../roles.ts';
import { argumentError } from './argument-error.ts';
import type { CliCommand } from './io.ts';

const HELP = `usage: kilas start [--role bot|poller|delivery]

Runs the bots and the scheduler: Telegram when TELEGRAM_BOT_TOKEN is set, Discord when DISCORD_TOKEN and
DISCORD_APP_ID are set (see .env.example), until SIGINT/SIGTERM. Logs go to stderr.

--role runs one part only, for a deployment of several processes on one database:
  bot       answers commands on Telegram and Discord (run exactly one per bot token)
  poller    polls the feeds and fetches article pages (run one or more)
  delivery  sends the daily digests (run one or more; they share the work and the rate limits)
Several roles may be joined by commas (poller,delivery). Without --role, one process runs all three.
`;

export const startCommand: CliCommand = async (args, io) => {
  let values: { help?: boolean; role?: string };
  try {
    values = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' }, role: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    throw argumentError(error, 'start');
  }
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const roles = parseRoles(values.role);
  // The whole configuration is checked before anything is opened, connected or loaded.
  const config = loadConfig(io.env);
  assertRunnable(config, roles);
  const logger = createLogger(config.logLevel, io.stderr, createRedactor(secretsOf(config)));
  const speakers = loadSpeakerAliases(io.env, io.cwd);
  // SQLite opens inside createApp; a PostgreSQL store is connected (and migrated) first.
  const store = config.database.kind === 'postgres' ? await openConfiguredStore(config.database, { cwd: io.cwd, timeZone: config.timeZone, speakers }) : undefined;
  const app = createApp(config, { cwd: io.cwd, logger, speakers, roles, ...(store ? { store } : {}) });
  // Signals are honoured from the first moment and act once: a SIGTERM while the Bot API is still
  // being reached, during a catch-up or a fan-out stops everything, and nothing starts afterwards.
  let stopRequested = false;
  const stopped = new Promise<void>((done) => {
    stopOnSignals(
      async () => {
        stopRequested = true;
        logger.info('stopping');
        if ((await raceDeadline(app.stop(), HARD_STOP_MS)).late) logger.warn('stop took too long; exiting anyway');
      },
      () => done(),
    );
  });
  try {
    await app.start();
  } catch (error) {
    // A failure caused by the stop itself (a request cut short) is not a failure to start.
    if (!stopRequested) {
      await raceDeadline(app.stop(), HARD_STOP_MS).catch(() => undefined);
      throw error;
    }
  }
  await stopped;
  logger.info('stopped');
  return 0;
};

/** Longest a stop may take before the command returns anyway (service managers wait 10 s). */
const HARD_STOP_MS = 9000;

/** Every secret of a configuration, for the log redactor. */
function secretsOf(config: Config): string[] {
  return [...config.secrets];
}
