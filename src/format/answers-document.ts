/**
 * Documents for the bot's command answers (welcome, help, subscription changes, status, sources,
 * refusals and errors), in Indonesian. Every platform renders these same Documents, so the wording
 * lives here once; handlers only choose which answer and with which values.
 */
import { wallClockAt, wallDate, wallTime } from '../core/time/index.ts';
import { bold, code, italic, paragraph, simpleDocument, text } from './document.ts';
import type { Block, Document, Inline } from './document.ts';
import { formatIndonesianDate, indonesianZoneName } from './indonesian-date.ts';
import { MAX_TERM_LENGTH, MAX_TOPIC_TERMS, parseTerm } from '../core/digest/index.ts';

/** One command as the help lists it. */
export interface CommandInfo {
  /** Name without the slash ("subscribe"). */
  readonly name: string;
  /** Arguments as shown to users ("[HH:MM]"), empty when none. */
  readonly usage: string;
  /** Short Indonesian description (also what platforms register as the command description). */
  readonly description: string;
}

/** A subscription as the status answer shows it. */
export interface SubscriptionView {
  readonly active: boolean;
  readonly time: string;
  readonly timeZone: string;
  readonly inactiveReason: string | null;
}

/** "WIB" for Asia/Jakarta and the other Indonesian zones, the IANA name for any other zone. */
export function zoneLabel(timeZone: string): string {
  return indonesianZoneName(timeZone) ?? timeZone;
}

/** "07:00 WIB". */
export function timeLabel(time: string, timeZone: string): string {
  return `${time} ${zoneLabel(timeZone)}`;
}

/** "Senin, 23 November 2026 pukul 07:00 WIB" for an instant seen in `timeZone`. */
export function instantLabel(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant.getTime(), timeZone);
  return `${formatIndonesianDate(wallDate(wall)) ?? ''} pukul ${wallTime(wall)} ${zoneLabel(timeZone)}`;
}

/** Greeting for /start: what kilas does and how to begin. */
export function welcomeDocument(opts: { defaultTime: string; timeZone: string }): Document {
  return {
    title: [text('Selamat datang di Kilas')],
    sections: [
      {
        blocks: [
          paragraph(
            'Kilas merangkum berita Indonesia setiap hari: satu cerita untuk setiap peristiwa, meski diberitakan banyak media, lengkap dengan kutipan penting dari para tokohnya.',
          ),
          paragraph(
            'Ketik ',
            code('/subscribe'),
            ` untuk menerima ringkasan harian pukul ${timeLabel(opts.defaultTime, opts.timeZone)}, atau `,
            code('/subscribe 06:30'),
            ' untuk jam lain.',
          ),
          paragraph('Ketik ', code('/digest'), ' untuk ringkasan sekarang dan ', code('/help'), ' untuk semua perintah.'),
        ],
      },
    ],
  };
}

/**
 * /help: every command with its usage and description. `remoteChats`: the platform lets
 * administrators manage a channel's subscription from a private chat (Telegram), so say how.
 */
export function helpDocument(commands: readonly CommandInfo[], options: { remoteChats?: boolean } = {}): Document {
  const items: Inline[][] = commands.map((c) => [
    code(`/${c.name}${c.usage ? ` ${c.usage}` : ''}`),
    text(` — ${c.description}`),
  ]);
  const outro: Block[] = [paragraph(italic('Di grup, hanya admin yang dapat mengubah langganan.'))];
  if (options.remoteChats) {
    outro.push(
      paragraph(
        'Admin kanal atau grup dapat mengatur langganannya dari chat ini, misalnya ',
        code('/subscribe @namakanal 07:00'),
        ' atau ',
        code('/status @namakanal'),
        '.',
      ),
    );
  }
  return { title: [text('Perintah Kilas')], sections: [{ blocks: [{ kind: 'list', ordered: false, items }] }], outro };
}

/** Answer to /subscribe. */
export function subscribedDocument(opts: {
  outcome: 'subscribed' | 'updated' | 'reactivated';
  time: string;
  timeZone: string;
}): Document {
  const when = timeLabel(opts.time, opts.timeZone);
  const lead =
    opts.outcome === 'subscribed'
      ? 'Berlangganan berhasil.'
      : opts.outcome === 'reactivated'
        ? 'Langganan diaktifkan kembali.'
        : 'Langganan diperbarui.';
  return simpleDocument(
    paragraph(bold(lead), ` Ringkasan harian akan dikirim setiap hari pukul ${when}.`),
    paragraph('Ubah jam dengan ', code('/settime HH:MM'), ', berhenti dengan ', code('/unsubscribe'), '.'),
  );
}

/** Answer to /unsubscribe; `wasActive` false when there was nothing to stop. */
export function unsubscribedDocument(wasActive: boolean): Document {
  return wasActive
    ? simpleDocument(
        paragraph(bold('Langganan dihentikan.'), ' Ringkasan harian tidak akan dikirim lagi.'),
        paragraph('Berlangganan lagi kapan saja dengan ', code('/subscribe'), '.'),
      )
    : simpleDocument(paragraph('Chat ini tidak sedang berlangganan. Ketik ', code('/subscribe'), ' untuk mulai.'));
}

/** Answer to /settime when it changed the time. */
export function timeChangedDocument(opts: { time: string; timeZone: string }): Document {
  return simpleDocument(
    paragraph(bold('Jam diubah.'), ` Ringkasan harian akan dikirim pukul ${timeLabel(opts.time, opts.timeZone)}.`),
  );
}

/** How the topic forms are explained wherever /topics is answered. */
const TOPIC_FORMS: Block = paragraph(
  'Bentuk kata kunci: ',
  code('banjir'),
  ' (kata utuh), ',
  code('~korup'),
  ' (bagian kata), ',
  code('-politik'),
  ' atau ',
  code('!politik'),
  ' (kecualikan), ',
  code('"harga beras"'),
  ' (frasa). Hapus saringan dengan ',
  code('/topics hapus'),
  '.',
);

/** Answer to /topics: the terms a chat's daily digest is filtered by, or that it gets every story. */
export function topicsDocument(opts: { topics: readonly string[]; changed: boolean }): Document {
  const head = opts.changed ? [bold('Topik disimpan.'), text(' ')] : [];
  const terms = opts.topics.map(parseTerm).filter((t) => t !== null);
  if (terms.length === 0) {
    return simpleDocument(
      paragraph(...head, text('Ringkasan harian memuat semua berita.')),
      paragraph('Saring dengan ', code('/topics banjir, pemilu'), '.'),
      TOPIC_FORMS,
    );
  }
  const blocks: Block[] = [];
  const include = terms.filter((t) => !t.exclude).map((t) => t.source);
  const exclude = terms.filter((t) => t.exclude).map((t) => t.source.replace(/^[-!]/, ''));
  blocks.push(
    include.length > 0
      ? paragraph(...head, text('Ringkasan harian hanya memuat berita yang menyebut: '), bold(include.join(', ')), text('.'))
      : paragraph(...head, text('Ringkasan harian memuat semua berita,')),
  );
  if (exclude.length > 0) blocks.push(paragraph(include.length > 0 ? 'Kecuali yang menyebut: ' : 'kecuali yang menyebut: ', bold(exclude.join(', ')), '.'));
  blocks.push(TOPIC_FORMS);
  return simpleDocument(...blocks);
}

/** /topics with terms that are not plain words: why, and what is accepted. */
export function invalidTopicsDocument(reason: string): Document {
  return simpleDocument(
    paragraph(bold('Topik tidak valid: '), text(reason)),
    paragraph(`Tulis sampai ${MAX_TOPIC_TERMS} kata kunci biasa (2–${MAX_TERM_LENGTH} huruf atau angka), misalnya `, code('/topics banjir, "harga beras", -politik'), '.'),
    TOPIC_FORMS,
  );
}

/** Answer to a command that needs a subscription (/settime) in a chat that has none active. */
export function notSubscribedDocument(): Document {
  return simpleDocument(
    paragraph('Chat ini belum berlangganan. Ketik ', code('/subscribe HH:MM'), ' untuk berlangganan pada jam tertentu.'),
  );
}

/** /status: the subscription, when the next digest comes, and today's totals. */
export function statusDocument(opts: {
  subscription: SubscriptionView | null;
  /** When the next digest goes out; `now` when today's is due and leaves within the minute. */
  nextDigest: { readonly at: Date; readonly now: boolean } | null;
  timeZone: string;
  storiesToday: number;
  articles: number;
}): Document {
  const blocks: Block[] = [];
  const s = opts.subscription;
  if (s === null) {
    blocks.push(paragraph(bold('Langganan: '), 'tidak ada.'));
  } else if (s.active) {
    blocks.push(paragraph(bold('Langganan: '), `aktif, setiap hari pukul ${timeLabel(s.time, s.timeZone)}.`));
  } else {
    blocks.push(paragraph(bold('Langganan: '), `tidak aktif${s.inactiveReason ? ` (${reasonLabel(s.inactiveReason)})` : ''}.`));
  }
  if (opts.nextDigest !== null && s !== null && s.active) {
    const when = opts.nextDigest.now
      ? `hari ini, segera (dalam satu menit; jadwalnya pukul ${timeLabel(s.time, s.timeZone)} sudah lewat)`
      : instantLabel(opts.nextDigest.at, s.timeZone);
    blocks.push(paragraph(bold('Ringkasan berikutnya: '), `${when}.`));
  }
  blocks.push(paragraph(bold('Cerita hari ini: '), `${opts.storiesToday}`));
  blocks.push(paragraph(bold('Artikel tersimpan: '), `${opts.articles}`));
  if (s === null || !s.active) blocks.push(paragraph('Ketik ', code('/subscribe'), ' untuk berlangganan.'));
  return { title: [text('Status Kilas')], sections: [{ blocks }] };
}

/**
 * Why a subscription stopped, in Indonesian. Reasons come from commands ("unsubscribed"), membership
 * updates ("blocked", "kicked", "restricted") and the delivery loop (the platform's own error text),
 * so they are matched by what they say, not compared exactly.
 */
const REASONS: readonly (readonly [RegExp, string])[] = [
  [/^unsubscribed$/i, 'dihentikan'],
  [/blocked/i, 'bot diblokir'],
  [/kicked|not a member|\bleft\b|removed/i, 'bot dikeluarkan dari chat'],
  [/restricted|rights|write_forbidden|missing (access|permissions)|\b50001\b|\b50013\b/i, 'bot tidak boleh mengirim pesan'],
  [/migrated/i, 'grup dipindahkan'],
  [/not found|unknown channel|\b10003\b|deactivated/i, 'chat tidak ditemukan'],
];

/** Indonesian label of an `inactiveReason`; "chat tidak dapat dihubungi" when the reason is not one we know. */
export function reasonLabel(reason: string): string {
  for (const [pattern, label] of REASONS) if (pattern.test(reason)) return label;
  return 'chat tidak dapat dihubungi';
}

/** A configured feed as /sources shows it: its outlet name and, when it is failing, its last error. */
export interface FeedSourceStatus {
  readonly url: string;
  readonly name: string | null;
  /** Error of the last failed poll while the feed is failing; null when its last poll worked. */
  readonly lastError: string | null;
  /** Disabled after failing too often (an operator re-enables it). */
  readonly disabled: boolean;
}

/** /sources: the configured feeds (failing ones with their last error) and how many seed articles are loaded. */
export function sourcesDocument(opts: { feeds: readonly (string | FeedSourceStatus)[]; seeds: number; articles: number }): Document {
  const blocks: Block[] = [];
  if (opts.feeds.length === 0) {
    blocks.push(paragraph('Belum ada feed RSS yang dikonfigurasi.'));
  } else {
    blocks.push(paragraph(bold(`Feed RSS (${opts.feeds.length}):`)));
    const items = opts.feeds.map((f): Inline[] => {
      if (typeof f === 'string') return [code(f)];
      const line: Inline[] = f.name ? [bold(f.name), text(' '), code(f.url)] : [code(f.url)];
      if (f.disabled) line.push(text(` — dinonaktifkan: ${f.lastError ?? 'terlalu sering gagal'}`));
      else if (f.lastError) line.push(text(` — gagal: ${f.lastError}`));
      return line;
    });
    blocks.push({ kind: 'list', ordered: false, items });
  }
  blocks.push(paragraph(bold('Artikel contoh: '), `${opts.seeds}`));
  blocks.push(paragraph(bold('Artikel tersimpan: '), `${opts.articles}`));
  return { title: [text('Sumber berita')], sections: [{ blocks }] };
}

/** /quotes NAME found nothing; `suggestions` are speaker keys close to what was typed. */
export function quotesNotFoundDocument(query: string, suggestions: readonly string[]): Document {
  const blocks: Block[] = [paragraph('Tidak ada kutipan dari ', bold(query), '.')];
  if (suggestions.length > 0) {
    const runs: (Inline | string)[] = ['Maksud Anda: '];
    suggestions.forEach((s, i) => {
      if (i > 0) runs.push(i === suggestions.length - 1 ? ' atau ' : ', ');
      runs.push(bold(s));
    });
    runs.push('?');
    blocks.push(paragraph(...runs));
  }
  return simpleDocument(...blocks);
}

/** Why an argument was refused; each gets its own Indonesian explanation and an example. */
export type InvalidInput =
  | { readonly kind: 'time-missing'; readonly command: string }
  | { readonly kind: 'time-invalid'; readonly command: string; readonly given: string }
  | { readonly kind: 'zone-invalid'; readonly command: string; readonly given: string }
  | { readonly kind: 'name-missing' }
  | { readonly kind: 'name-too-long'; readonly max: number }
  | { readonly kind: 'name-invalid' }
  | { readonly kind: 'unexpected-args'; readonly command: string };

/** Clear refusal of a bad argument, with an example of a good one. */
export function invalidInputDocument(problem: InvalidInput): Document {
  switch (problem.kind) {
    case 'time-missing':
      return simpleDocument(paragraph('Tulis jamnya, misalnya ', code(`/${problem.command} 07:30`), '.'));
    case 'time-invalid':
      return simpleDocument(
        paragraph(
          'Jam ',
          bold(clip(problem.given, 20)),
          ' tidak valid. Gunakan format 24 jam HH:MM antara 00:00 dan 23:59, misalnya ',
          code(`/${problem.command} 07:30`),
          '.',
        ),
      );
    case 'zone-invalid':
      return simpleDocument(
        paragraph(
          'Zona waktu pada ',
          bold(clip(problem.given, 40)),
          ' tidak dikenal. Tulis jam dalam format 24 jam HH:MM, lalu WIB, WITA, WIT atau nama zona IANA, misalnya ',
          code(`/${problem.command} 07:00 WITA`),
          ' atau ',
          code(`/${problem.command} 07:00 Asia/Makassar`),
          '.',
        ),
      );
    case 'name-missing':
      return simpleDocument(paragraph('Tulis nama tokohnya, misalnya ', code('/quotes lavrov'), '.'));
    case 'name-too-long':
      return simpleDocument(
        paragraph(`Nama terlalu panjang (paling banyak ${problem.max} karakter). Coba nama belakangnya saja, misalnya `, code('/quotes lavrov'), '.'),
      );
    case 'name-invalid':
      return simpleDocument(
        paragraph('Nama hanya boleh berisi huruf, spasi, titik, tanda hubung dan apostrof, misalnya ', code('/quotes lavrov'), '.'),
      );
    case 'unexpected-args':
      return simpleDocument(paragraph('Perintah ', code(`/${problem.command}`), ' tidak memerlukan tambahan apa pun.'));
  }
}

/**
 * Polite refusal of a member who may not change the subscription: on Telegram a group administrator
 * is needed, on Discord the Manage Channels permission.
 */
export function notAdminDocument(command: string, platform: string = 'telegram'): Document {
  if (platform === 'discord') {
    return simpleDocument(
      paragraph(
        'Maaf, ',
        code(`/${command}`),
        ' memerlukan izin ',
        bold('Kelola Saluran (Manage Channels)'),
        ' di kanal ini. Minta anggota yang memiliki izin itu untuk mengatur langganan.',
      ),
    );
  }
  return simpleDocument(
    paragraph(
      'Maaf, di grup ini hanya admin yang dapat menggunakan ',
      code(`/${command}`),
      '. Minta admin grup untuk mengatur langganan.',
    ),
  );
}

/** Told once per window to a user sending commands too fast. */
export function rateLimitedDocument(waitSeconds: number): Document {
  return simpleDocument(
    paragraph(`Terlalu banyak perintah dalam waktu singkat. Coba lagi dalam ${Math.max(1, Math.ceil(waitSeconds))} detik.`),
  );
}

/** A command failed for a reason that is ours, not the user's. */
export function errorDocument(): Document {
  return simpleDocument(paragraph('Maaf, terjadi kesalahan saat memproses perintah. Silakan coba lagi nanti.'));
}

/** A command the bot does not know (private chats only; groups may host other bots). */
export function unknownCommandDocument(name: string): Document {
  return simpleDocument(
    paragraph('Perintah ', code(`/${clip(name, 32)}`), ' tidak dikenal. Ketik ', code('/help'), ' untuk daftar perintah.'),
  );
}

/** What /digest says when there is nothing to summarise. */
export function emptyDigestDocument(): Document {
  return simpleDocument(paragraph('Belum ada berita untuk diringkas hari ini. Coba lagi nanti.'));
}

/** Cuts user text that is echoed back, on code point boundaries. */
function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/** A channel permission the bot needs to post digests (Discord): view the channel, send, embed links. */
export type BotChannelPermission = 'view' | 'send' | 'embed';

const BOT_PERMISSION_LABELS: Readonly<Record<BotChannelPermission, string>> = {
  view: 'Lihat Kanal (View Channel)',
  send: 'Kirim Pesan (Send Messages)',
  embed: 'Sematkan Tautan (Embed Links)',
};

/**
 * Refusal of /subscribe for a channel the bot cannot post in, naming the permissions to grant;
 * `here` when it is the channel the command was typed in.
 */
export function botCannotPostDocument(opts: { missing: readonly BotChannelPermission[]; here: boolean }): Document {
  const where = opts.here ? 'kanal ini' : 'kanal itu';
  const blocks: Block[] = [paragraph(bold('Langganan belum dibuat.'), ` Kilas tidak dapat mengirim ringkasan ke ${where}.`)];
  if (opts.missing.length > 0) {
    blocks.push(paragraph(`Berikan izin berikut kepada bot di ${where}, lalu coba lagi:`));
    blocks.push({ kind: 'list', ordered: false, items: opts.missing.map((p) => [text(BOT_PERMISSION_LABELS[p])]) });
  } else {
    blocks.push(paragraph(`Pastikan bot dapat melihat ${where} dan mengirim pesan di sana, lalu coba lagi.`));
  }
  return simpleDocument(...blocks);
}

/** An answer about another chat managed from a private chat ("/subscribe @kanal"), naming that chat first. */
export function forRemoteChat(title: string, doc: Document): Document {
  return { ...doc, intro: [paragraph('Untuk ', bold(clip(title, 64)), ':'), ...(doc.intro ?? [])] };
}

/** "/subscribe @kanal" named a chat the bot cannot see. */
export function remoteChatNotFoundDocument(target: string): Document {
  return simpleDocument(
    paragraph(
      'Kanal atau grup ',
      code(clip(target, 40)),
      ' tidak ditemukan. Tambahkan bot ke sana sebagai admin, lalu coba lagi, misalnya ',
      code('/subscribe @namakanal 07:00'),
      '.',
    ),
  );
}

/** The person asking does not administer the chat they want to manage. */
export function notRemoteAdminDocument(title: string): Document {
  return simpleDocument(paragraph('Maaf, hanya admin ', bold(clip(title, 64)), ' yang dapat mengatur langganannya.'));
}

/** The bot cannot post in the chat it is asked to deliver to. */
export function botNotAdminDocument(title: string): Document {
  return simpleDocument(
    paragraph('Kilas belum dapat mengirim pesan di ', bold(clip(title, 64)), '. Jadikan bot admin dengan izin mengirim pesan, lalu coba lagi.'),
  );
}
