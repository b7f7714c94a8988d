/**
 * `/quotes NAME` answers as a Document: what a person said, newest first, each quote with its date
 * and sources; when nothing matches, a friendly "not found" with "Maksud Anda: …?" suggestions.
 */
import type { QuoteHit } from '../core/model/index.ts';
import { bold, code, italic, link, paragraph, text } from './document.ts';
import type { Block, Document, Inline } from './document.ts';
import { quoteForDisplay } from './digest-document.ts';
import { formatIndonesianDate } from './indonesian-date.ts';
import { safeHref } from './plain-text.ts';
import { clip } from './echo.ts';
import { id as words } from './wording/id.ts';

/** Longest echo of a user-typed name; a pasted essay is not repeated back. */
const MAX_NAME = 80;

function shortName(name: string): string {
  // At most MAX_NAME code points of the name, and the "…" of a cut.
  return clip(name.trim(), MAX_NAME + 1);
}

/** The speaker name most hits carry (first seen wins a tie), else null. */
function commonSpeaker(hits: readonly QuoteHit[]): string | null {
  const counts = new Map<string, number>();
  for (const h of hits) if (h.speaker) counts.set(h.speaker, (counts.get(h.speaker) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [speaker, count] of counts) {
    if (count > bestCount) {
      best = speaker;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The one "no quotes found" answer: the name as the caller marks it, and up to five distinct
 * suggestions ("Maksud Anda: a, b atau c?").
 */
export function notFoundBlocks(name: Inline, suggestions: readonly string[]): Block[] {
  const blocks: Block[] = [paragraph(...words.quotes.notFound(name))];
  const ideas = [...new Set(suggestions.map((s) => s.trim()).filter((s) => s !== ''))].slice(0, 5);
  if (ideas.length) blocks.push(paragraph(...words.quotes.didYouMean(ideas)));
  return blocks;
}

function hitBlocks(hit: QuoteHit, fallbackSpeaker: string): Block[] {
  const attribution: Inline[] = [text(hit.speaker ?? fallbackSpeaker)];
  if (hit.outlets > 1) attribution.push(text(`, ${words.quotes.quotedBy(hit.outlets)}`));
  const meta: Inline[] = [];
  const date = hit.publishedAt ? formatIndonesianDate(hit.publishedAt) : null;
  if (date) meta.push(italic(date));
  const seen = new Set<string>();
  for (const s of hit.sources) {
    // Links come from third-party feeds: a javascript:, data: or file: "link" is neither linked nor shown.
    const url = safeHref(s.url ?? undefined);
    const label = s.outlet ?? s.title ?? url;
    if (label === null) continue;
    const key = url ?? label;
    if (seen.has(key)) continue;
    seen.add(key);
    meta.push(text(meta.length ? ' · ' : ''), url ? link(label, url) : text(label));
  }
  const blocks: Block[] = [{ kind: 'quote', content: [text(quoteForDisplay(hit.text))], attribution }];
  if (meta.length) blocks.push({ kind: 'paragraph', content: meta.filter((m) => m.text !== '') });
  return blocks;
}

/**
 * The answer to `/quotes name`: "Kutipan Sergey Lavrov" and the hits in the order given (the store
 * returns them newest first), or "no quotes from “name”" with suggestions when there are none.
 */
export function quotesDocument(name: string, hits: readonly QuoteHit[], suggestions: readonly string[] = []): Document {
  const shown = shortName(name);
  if (hits.length === 0) return { sections: [{ blocks: notFoundBlocks(text(`“${shown}”`), suggestions) }] };
  const speaker = commonSpeaker(hits) ?? shown;
  return {
    title: [text(words.quotes.title(speaker))],
    intro: [paragraph(words.quotes.count(hits.length))],
    sections: hits.map((h) => ({ blocks: hitBlocks(h, speaker) })),
  };
}

/** A person as a list shows them: display name and number of quotes. */
export interface SpeakerLine {
  readonly name: string;
  readonly count: number;
}

/**
 * "Which one?": several people answer the name typed. Each is shown with the command that asks
 * for them by full name (Telegram shows it as tap-to-copy code; Discord's autocomplete offers the
 * same names while typing).
 */
export function chooseSpeakerDocument(query: string, people: readonly SpeakerLine[]): Document {
  return {
    title: [text(words.quotes.choose(people.length, shortName(query)))],
    sections: [
      {
        blocks: [
          { kind: 'list', ordered: true, items: people.map((p) => [code(`/quotes ${p.name}`), text(words.quotes.perPerson(p.count))]) },
          paragraph(words.quotes.pickOne),
        ],
      },
    ],
  };
}

/**
 * `/speakers`, `kilas speakers`: the most quoted people of the last `days` days, with counts;
 * `days` null: of every stored quote (a store holding only older articles).
 */
export function topSpeakersDocument(people: readonly SpeakerLine[], days: number | null): Document {
  if (people.length === 0) return { sections: [{ blocks: [paragraph(words.quotes.noneYet(days))] }] };
  return {
    title: [text(words.quotes.topTitle(days))],
    sections: [{ blocks: [{ kind: 'list', ordered: true, items: people.map((p) => [bold(p.name), text(words.quotes.perPerson(p.count))]) }] }],
  };
}
