/**
 * `kilas start`: runs the Telegram and Discord bots and the scheduler until SIGINT or SIGTERM,
 * then stops them cleanly (in-flight sends finished or parked, database closed).
 */
import { loadSpeakerAliases } from '../speaker-aliases.ts';
import { parseArgs } from 'node:util';
import { assertRunnable, createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { stopOnSignals } from '../scheduler.ts';
import { argumentError } from './argument-error.ts';
import type { CliCommand } from './io.ts';

const HELP = `usage: kilas start

Runs the bots and the scheduler: Telegram when TELEGRAM_BOT_TOKEN is set, Discord when DISCORD_TOKEN and
DISCORD_APP_ID are set (see .env.example), until SIGINT/SIGTERM. Logs go to stderr.
`;

export const startCommand: CliCommand = async (args, io) => {
  let help = false;
  try {
    help = parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } }, strict: true }).values.help ?? false;
  } catch (error) {
    throw argumentError(error, 'start');
  }
  if (help) {
    io.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig(io.env);
  assertRunnable(config);
  const logger = createLogger(config.logLevel, io.stderr);
  const speakers = loadSpeakerAliases(io.env, io.cwd);
  const app = createApp(config, { cwd: io.cwd, logger, speakers });
  // Signals are honoured from the first moment: a SIGTERM during a long catch-up at start stops
  // cleanly (sends parked, database closed) instead of killing the process.
  const stopped = new Promise<void>((done) => {
    stopOnSignals(
      async () => {
        logger.info('stopping');
        await app.stop();
      },
      () => done(),
    );
  });
  try {
    await app.start();
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
  await stopped;
  logger.info('stopped');
  return 0;
};
