/**
 * Documents for the bot's command answers (welcome, help, subscription changes, status, sources,
 * refusals and errors). Every platform renders these same Documents; the words come from the
 * wording table (wording/id.ts), handlers only choose which answer and with which values.
 */
import { wallClockAt, wallDate, wallTime } from '../core/time/index.ts';
import { bold, code, paragraph, simpleDocument, text } from './document.ts';
import type { Block, Document, Inline } from './document.ts';
import { formatIndonesianDate, indonesianZoneName } from './indonesian-date.ts';
import { MAX_TERM_LENGTH, MAX_TOPIC_TERMS, parseTerm } from '../core/digest/index.ts';
import { clip } from './echo.ts';
import { notFoundBlocks } from './quotes-document.ts';
import { id as words } from './wording/id.ts';

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
  return words.time.at(formatIndonesianDate(wallDate(wall)) ?? '', wallTime(wall), zoneLabel(timeZone));
}

/** Greeting for /start: what kilas does and how to begin. */
export function welcomeDocument(opts: { defaultTime: string; timeZone: string }): Document {
  const w = words.welcome;
  return {
    title: [text(w.title)],
    sections: [{ blocks: [paragraph(w.about), paragraph(...w.subscribe(timeLabel(opts.defaultTime, opts.timeZone))), paragraph(...w.more)] }],
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
  const outro: Block[] = [paragraph(...words.help.groups)];
  if (options.remoteChats) outro.push(paragraph(...words.help.remoteChats));
  return { title: [text(words.help.title)], sections: [{ blocks: [{ kind: 'list', ordered: false, items }] }], outro };
}

/** Answer to /subscribe. */
export function subscribedDocument(opts: {
  outcome: 'subscribed' | 'updated' | 'reactivated';
  time: string;
  timeZone: string;
}): Document {
  const w = words.subscription;
  return simpleDocument(
    paragraph(bold(w[opts.outcome]), w.daily(timeLabel(opts.time, opts.timeZone))),
    paragraph(...w.howToChange),
  );
}

/** Answer to /unsubscribe; `wasActive` false when there was nothing to stop. */
export function unsubscribedDocument(wasActive: boolean): Document {
  const w = words.subscription;
  return wasActive ? simpleDocument(paragraph(...w.stopped), paragraph(...w.again)) : simpleDocument(paragraph(...w.wasNot));
}

/** Answer to /settime when it changed the time. */
export function timeChangedDocument(opts: { time: string; timeZone: string }): Document {
  return simpleDocument(paragraph(...words.subscription.timeChanged(timeLabel(opts.time, opts.timeZone))));
}

/** How the topic forms are explained wherever /topics is answered. */
const TOPIC_FORMS: Block = paragraph(...words.topics.forms);

/** Answer to /topics: the terms a chat's daily digest is filtered by, or that it gets every story. */
export function topicsDocument(opts: { topics: readonly string[]; changed: boolean }): Document {
  const w = words.topics;
  const head = opts.changed ? [bold(w.saved), text(' ')] : [];
  const terms = opts.topics.map(parseTerm).filter((t) => t !== null);
  if (terms.length === 0) {
    return simpleDocument(
      paragraph(...head, text(w.everything)),
      paragraph(...w.example),
      TOPIC_FORMS,
    );
  }
  const blocks: Block[] = [];
  const include = terms.filter((t) => !t.exclude).map((t) => t.source);
  const exclude = terms.filter((t) => t.exclude).map((t) => t.source.replace(/^[-!]/, ''));
  blocks.push(
    include.length > 0
      ? paragraph(...head, text(w.only), bold(include.join(', ')), text('.'))
      : paragraph(...head, text(w.everythingBut)),
  );
  if (exclude.length > 0) blocks.push(paragraph(w.except(include.length > 0), bold(exclude.join(', ')), '.'));
  blocks.push(TOPIC_FORMS);
  return simpleDocument(...blocks);
}

/** /topics with terms that are not plain words: why, and what is accepted. */
export function invalidTopicsDocument(reason: string): Document {
  return simpleDocument(
    paragraph(bold(words.topics.invalid), text(reason)),
    paragraph(...words.topics.accepted(MAX_TOPIC_TERMS, MAX_TERM_LENGTH)),
    TOPIC_FORMS,
  );
}

/** Answer to a command that needs a subscription (/settime) in a chat that has none active. */
export function notSubscribedDocument(): Document {
  return simpleDocument(paragraph(...words.subscription.needed));
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
  const w = words.status;
  const blocks: Block[] = [];
  const s = opts.subscription;
  if (s === null) {
    blocks.push(paragraph(bold(w.subscription), w.none));
  } else if (s.active) {
    blocks.push(paragraph(bold(w.subscription), w.active(timeLabel(s.time, s.timeZone))));
  } else {
    blocks.push(paragraph(bold(w.subscription), w.inactive(s.inactiveReason ? reasonLabel(s.inactiveReason) : null)));
  }
  if (opts.nextDigest !== null && s !== null && s.active) {
    const when = opts.nextDigest.now ? w.dueNow(timeLabel(s.time, s.timeZone)) : instantLabel(opts.nextDigest.at, s.timeZone);
    blocks.push(paragraph(bold(w.next), `${when}.`));
  }
  blocks.push(paragraph(bold(w.storiesToday), `${opts.storiesToday}`));
  blocks.push(paragraph(bold(w.stored), `${opts.articles}`));
  if (s === null || !s.active) blocks.push(paragraph(...w.subscribeHint));
  return { title: [text(w.title)], sections: [{ blocks }] };
}

/**
 * Why a subscription stopped, in Indonesian. Reasons come from commands ("unsubscribed"), membership
 * updates ("blocked", "kicked", "restricted") and the delivery loop (the platform's own error text),
 * so they are matched by what they say, not compared exactly.
 */
const REASONS: readonly (readonly [RegExp, keyof typeof words.reasons])[] = [
  [/^unsubscribed$/i, 'unsubscribed'],
  [/blocked/i, 'blocked'],
  [/kicked|not a member|\bleft\b|removed/i, 'kicked'],
  [/restricted|rights|write_forbidden|missing (access|permissions)|\b50001\b|\b50013\b/i, 'restricted'],
  [/migrated/i, 'migrated'],
  [/not found|unknown channel|\b10003\b|deactivated/i, 'notFound'],
];

/** Indonesian label of an `inactiveReason`; "chat tidak dapat dihubungi" when the reason is not one we know. */
export function reasonLabel(reason: string): string {
  for (const [pattern, kind] of REASONS) if (pattern.test(reason)) return words.reasons[kind];
  return words.reasons.unknown;
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
  const w = words.sources;
  const blocks: Block[] = [];
  if (opts.feeds.length === 0) {
    blocks.push(paragraph(w.noFeeds));
  } else {
    blocks.push(paragraph(bold(w.feeds(opts.feeds.length))));
    const items = opts.feeds.map((f): Inline[] => {
      if (typeof f === 'string') return [code(f)];
      const line: Inline[] = f.name ? [bold(f.name), text(' '), code(f.url)] : [code(f.url)];
      if (f.disabled) line.push(text(w.disabled(f.lastError)));
      else if (f.lastError) line.push(text(w.failing(f.lastError)));
      return line;
    });
    blocks.push({ kind: 'list', ordered: false, items });
  }
  blocks.push(paragraph(bold(words.status.seeds), `${opts.seeds}`));
  blocks.push(paragraph(bold(words.status.stored), `${opts.articles}`));
  return { title: [text(w.title)], sections: [{ blocks }] };
}

/** /quotes NAME found nothing; `suggestions` are speaker keys close to what was typed. */
export function quotesNotFoundDocument(query: string, suggestions: readonly string[]): Document {
  return simpleDocument(...notFoundBlocks(bold(query), suggestions));
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
  const w = words.invalid;
  switch (problem.kind) {
    case 'time-missing':
      return simpleDocument(paragraph(...w.timeMissing(problem.command)));
    case 'time-invalid':
      return simpleDocument(paragraph(...w.time(clip(problem.given, 20), problem.command)));
    case 'zone-invalid':
      return simpleDocument(paragraph(...w.zone(clip(problem.given, 40), problem.command)));
    case 'name-missing':
      return simpleDocument(paragraph(...w.nameMissing));
    case 'name-too-long':
      return simpleDocument(paragraph(...w.nameTooLong(problem.max)));
    case 'name-invalid':
      return simpleDocument(paragraph(...w.name));
    case 'unexpected-args':
      return simpleDocument(paragraph(...w.unexpectedArgs(problem.command)));
  }
}

/**
 * Polite refusal of a member who may not change the subscription: on Telegram a group administrator
 * is needed, on Discord the Manage Channels permission.
 */
export function notAdminDocument(command: string, platform: string = 'telegram'): Document {
  return simpleDocument(paragraph(...(platform === 'discord' ? words.refusals.notAdminDiscord(command) : words.refusals.notAdmin(command))));
}

/** Told once per window to a user sending commands too fast. */
export function rateLimitedDocument(waitSeconds: number): Document {
  return simpleDocument(paragraph(words.refusals.rateLimited(Math.max(1, Math.ceil(waitSeconds)))));
}

/** A command failed for a reason that is ours, not the user's. */
export function errorDocument(): Document {
  return simpleDocument(paragraph(words.refusals.error));
}

/** A command the bot does not know (private chats only; groups may host other bots). */
export function unknownCommandDocument(name: string): Document {
  return simpleDocument(paragraph(...words.invalid.unknownCommand(clip(name, 32))));
}

/** What /digest says when there is nothing to summarise. */
export function emptyDigestDocument(): Document {
  return simpleDocument(paragraph(words.digest.nothingToday));
}

/** A channel permission the bot needs to post digests (Discord): view the channel, send, embed links. */
export type BotChannelPermission = 'view' | 'send' | 'embed';

/**
 * Refusal of /subscribe for a channel the bot cannot post in, naming the permissions to grant;
 * `here` when it is the channel the command was typed in.
 */
export function botCannotPostDocument(opts: { missing: readonly BotChannelPermission[]; here: boolean }): Document {
  const w = words.refusals;
  const where = opts.here ? w.thisChannel : w.thatChannel;
  const blocks: Block[] = [paragraph(...w.botCannotPost(where))];
  if (opts.missing.length > 0) {
    blocks.push(paragraph(w.grant(where)));
    blocks.push({ kind: 'list', ordered: false, items: opts.missing.map((p) => [text(w.permissions[p])]) });
  } else {
    blocks.push(paragraph(w.checkBot(where)));
  }
  return simpleDocument(...blocks);
}

/** An answer about another chat managed from a private chat ("/subscribe @kanal"), naming that chat first. */
export function forRemoteChat(title: string, doc: Document): Document {
  return { ...doc, intro: [paragraph(...words.refusals.forChat(clip(title, 64))), ...(doc.intro ?? [])] };
}

/** "/subscribe @kanal" named a chat the bot cannot see. */
export function remoteChatNotFoundDocument(target: string): Document {
  return simpleDocument(paragraph(...words.refusals.remoteNotFound(clip(target, 40))));
}

/** The person asking does not administer the chat they want to manage. */
export function notRemoteAdminDocument(title: string): Document {
  return simpleDocument(paragraph(...words.refusals.notRemoteAdmin(clip(title, 64))));
}

/** The bot cannot post in the chat it is asked to deliver to. */
export function botNotAdminDocument(title: string): Document {
  return simpleDocument(paragraph(...words.refusals.botNotAdmin(clip(title, 64))));
}
