/** The Telegram platform module: grammY, HTML messages, long polling or a webhook. */
import type { PlatformModule } from '../module.ts';
import { telegramConfig, type TelegramSettings } from './config.ts';
import { TELEGRAM_LIMITS } from './limits.ts';
import { renderTelegram } from './renderer.ts';

export const telegram: PlatformModule<Parameters<typeof telegramConfig.settings>[0], TelegramSettings> = {
  name: 'telegram',
  limits: TELEGRAM_LIMITS,
  config: telegramConfig,
  render: (doc) => renderTelegram(doc),
  preview(doc) {
    const messages = renderTelegram(doc);
    return messages.map((m, i) => `----- telegram message ${i + 1}/${messages.length} -----\n${m}\n`).join('\n');
  },
  async create(settings, ctx) {
    const { createTelegramAdapter } = await import('./adapter.ts');
    return createTelegramAdapter({
      token: settings.token,
      apiRoot: settings.apiRoot,
      webhook: settings.webhook,
      http: ctx.http,
      handlers: ctx.handlers,
      subscriptions: ctx.subscriptions,
      logger: ctx.logger,
      pacer: ctx.pacer,
      stopTimeoutMs: ctx.stopTimeoutMs,
      ...(ctx.pollingTimeoutSeconds !== undefined ? { pollingTimeoutSeconds: ctx.pollingTimeoutSeconds } : {}),
    });
  },
};
