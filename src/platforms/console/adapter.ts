/**
 * The console adapter: one chat, the terminal. Each line typed on the input that starts with "/"
 * is a command of that chat (its operator is its administrator); answers and delivered digests are
 * written to the output as plain text. Commands run one after another, in the order typed.
 */
import { createInterface, type Interface } from 'node:readline';
import type { CommandHandlers } from '../../bot/commands.ts';
import type { ChatPlatform, ChatRef } from '../../bot/ports.ts';
import { RejectedPayloadError } from '../../errors.ts';
import type { Document } from '../../format/document.ts';
import { renderText } from '../../format/text-renderer.ts';
import type { Logger } from '../../logger.ts';
import type { PlatformAdapter } from '../module.ts';

/** The one chat of the console. */
export const CONSOLE_CHAT: ChatRef = { platform: 'console', chatId: 'terminal', threadId: null };

export interface ConsoleAdapterOptions {
  readonly handlers: CommandHandlers;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly logger: Logger;
}

/** Document -> the one plain-text message the console prints. */
export const renderConsole = (doc: Document): string[] => [renderText(doc)];

/** "/name args" -> [name, args]; null for a line that is not a command. */
export function parseCommandLine(line: string): [string, string] | null {
  const match = /^\/([a-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(line.trim());
  return match ? [(match[1] ?? '').toLowerCase(), (match[2] ?? '').trim()] : null;
}

/** Creates the adapter; nothing is read before `start()`. */
export function createConsoleAdapter(options: ConsoleAdapterOptions): PlatformAdapter {
  const { handlers, output, logger } = options;
  let sent = 0;
  let lines: Interface | null = null;
  let queue: Promise<void> = Promise.resolve();
  const print = (text: string) => void output.write(`${text}\n\n`);

  const platform: ChatPlatform = {
    name: 'console',
    render: (doc) => renderConsole(doc).map((payload, index) => ({ index, payload })),
    async send(_chat, part) {
      if (typeof part.payload !== 'string') throw new RejectedPayloadError(`console part ${part.index} is not text`);
      print(part.payload);
      return String(++sent);
    },
  };

  const run = async (name: string, args: string) => {
    const answer = await handlers.handle({
      name,
      args,
      chat: CONSOLE_CHAT,
      chatKind: 'private',
      userId: 'console',
      isAdmin: async () => true,
      chatTitle: 'console',
    });
    for (const doc of answer.documents) for (const text of renderConsole(doc)) print(text);
  };

  return {
    platform,
    async start() {
      if (lines) return;
      lines = createInterface({ input: options.input, terminal: false });
      lines.on('line', (line) => {
        const command = parseCommandLine(line);
        if (!command) return;
        queue = queue.then(() => run(...command)).catch((error: unknown) => logger.error('console command failed', { error }));
      });
    },
    async stop() {
      lines?.close();
      await queue;
    },
    idle: () => queue,
  };
}
