/**
 * Discord translations for what a reply carries besides text: a picker as a string select menu,
 * files as attachments, and the OPML attachment of `/import`, downloaded only from Discord's hosts.
 */
import type { Attachment } from 'discord.js';
import type { IncomingFile, OutgoingFile, Picker } from '../../bot/source-commands.ts';
import { clip } from '../../core/text/index.ts';
import { id as words } from '../../format/wording/id.ts';
import { SOURCES_MENU } from './commands.ts';
import { downloadText } from '../file-download.ts';

/** The picker as a multi-select menu (Discord takes 25 options at most, each label and value at most 100). */
export function pickerComponents(picker: Picker) {
  const options = picker.options.slice(0, 25);
  return [
    {
      type: 1,
      components: [
        {
          type: 3,
          custom_id: SOURCES_MENU,
          placeholder: words.controls.pickOutlets,
          min_values: 0,
          max_values: Math.max(1, options.length),
          options: options.map((o) => ({ label: clip(o.label, 100, 'utf16'), value: o.value, default: o.selected })),
        },
      ],
    },
  ];
}

export const filesOf = (files: readonly OutgoingFile[]) => files.map((f) => ({ attachment: Buffer.from(f.content, 'utf8'), name: f.name }));

/** Hosts attachments are downloaded from: Discord's CDN, or the configured API's own host (self-hosted, tests). */
export function trustedAttachmentUrl(url: string, apiBase: string): boolean {
  try {
    const host = new URL(url).host;
    return ['cdn.discordapp.com', 'media.discordapp.net'].includes(host) || host === new URL(apiBase).host;
  } catch {
    return false;
  }
}

/** An attachment option as a file `/import` can read; only from Discord's own hosts. */
export function attachmentFile(attachment: Attachment, apiBase: string): IncomingFile {
  return {
    name: attachment.name,
    size: attachment.size,
    read(maxBytes) {
      if (!trustedAttachmentUrl(attachment.url, apiBase)) return Promise.reject(new Error('attachment is not on a Discord host'));
      return downloadText(attachment.url, maxBytes);
    },
  };
}

