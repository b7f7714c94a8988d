/**
 * OPML subscription lists, read and written with xml2js (already here through rss-parser): the
 * shapes Feedly, Inoreader, Miniflux, FreshRSS and others export (nested category outlines, feeds
 * with `xmlUrl`, `htmlUrl`, `type`, any attribute case). The parser is sax-based in strict mode: it
 * never loads external entities and refuses undeclared ones, so XXE and entity-expansion bombs are
 * errors, not work. Input size is capped by the caller; outlines are walked without recursion.
 */
import { Builder, Parser } from 'xml2js';
import { id as words } from '../format/wording/id.ts';

/** A feed named by an OPML file. */
export interface OpmlFeed {
  readonly url: string;
  readonly title: string | null;
  readonly siteUrl: string | null;
}

/** Most outlines (categories and feeds) a file may hold; exports of a person's reading list are far smaller. */
export const MAX_OPML_OUTLINES = 1000;

type XmlNode = { $?: Record<string, unknown>; outline?: unknown } & Record<string, unknown>;

/**
 * Reads an OPML document: every outline with an `xmlUrl`, however deeply nested in categories,
 * each URL once, in document order. The reason (for the user, from the wording table) when it is not OPML.
 */
export async function parseOpml(xml: string): Promise<{ feeds: OpmlFeed[] } | { error: string }> {
  const problems = words.opml.problems;
  if (xml.trim() === '') return { error: problems.emptyFile };
  let doc: unknown;
  try {
    doc = await new Parser({ strict: true, explicitArray: true, async: false }).parseStringPromise(xml);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
    return { error: problems.notXml(reason.slice(0, 80)) };
  }
  const root = (doc as Record<string, unknown> | null)?.['opml'] as XmlNode | undefined;
  if (!root || typeof root !== 'object') return { error: problems.notOpml };
  if (!('body' in root)) return { error: problems.noBody };
  // An empty <body/> reads as a string: a body without outlines.
  const body = firstOf(root['body']) ?? {};

  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  let outlines = 0;
  // Depth-first in document order with an explicit stack (nesting depth is the file's to choose).
  const stack: XmlNode[] = [...childrenOf(body)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    outlines++;
    if (outlines > MAX_OPML_OUTLINES) return { error: problems.tooManyOutlines(MAX_OPML_OUTLINES) };
    const attrs = lowerKeys(node.$);
    const url = str(attrs['xmlurl']);
    if (url !== null && /^https?:\/\//i.test(url) && !seen.has(url)) {
      seen.add(url);
      feeds.push({ url, title: str(attrs['title']) ?? str(attrs['text']), siteUrl: str(attrs['htmlurl']) });
    }
    stack.push(...[...childrenOf(node)].reverse());
  }
  if (outlines === 0) return { error: problems.noOutlines };
  return { feeds };
}

/** An OPML 2.0 document listing `outlets` under one title, as feed readers import it. */
export function writeOpml(title: string, outlets: readonly { url: string; name: string; siteUrl: string | null }[], now: Date = new Date()): string {
  const builder = new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' }, renderOpts: { pretty: true, indent: '  ', newline: '\n' } });
  return builder.buildObject({
    opml: {
      $: { version: '2.0' },
      head: { title, dateCreated: now.toUTCString() },
      body: {
        outline: outlets.map((o) => ({
          $: { type: 'rss', text: o.name, title: o.name, xmlUrl: o.url, ...(o.siteUrl ? { htmlUrl: o.siteUrl } : {}) },
        })),
      },
    },
  });
}

function firstOf(value: unknown): XmlNode | null {
  const node = Array.isArray(value) ? value[0] : value;
  return node !== null && typeof node === 'object' ? (node as XmlNode) : null;
}

function childrenOf(node: XmlNode): XmlNode[] {
  const list = node.outline;
  return Array.isArray(list) ? list.filter((o): o is XmlNode => o !== null && typeof o === 'object') : [];
}

function lowerKeys(attrs: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function str(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
