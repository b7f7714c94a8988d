/** The console platform module: commands typed on stdin, answers and digests printed on stdout. */
import { UNLIMITED } from '../../bot/pacer.ts';
import { renderText } from '../../format/text-renderer.ts';
import type { PlatformModule } from '../module.ts';
import { consoleConfig, type ConsoleSettings } from './config.ts';

export const consolePlatform: PlatformModule<Parameters<typeof consoleConfig.settings>[0], ConsoleSettings> = {
  name: 'console',
  limits: UNLIMITED,
  config: consoleConfig,
  render: (doc) => [renderText(doc)],
  async create(_settings, ctx) {
    const { createConsoleAdapter } = await import('./adapter.ts');
    return createConsoleAdapter({
      handlers: ctx.handlers,
      input: ctx.stdio?.input ?? process.stdin,
      output: ctx.stdio?.output ?? process.stdout,
      logger: ctx.logger,
    });
  },
};
