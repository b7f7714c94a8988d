/**
 * Independent checkers for renderer output, written from the platforms' documented rules rather than
 * from the renderers' code: a strict Telegram HTML parser and a Discord payload checker/decoder.
 */
import type { Block, Document, Inline } from '../../src/format/document.ts';
import type { DiscordMessage } from '../../src/platforms/discord/renderer.ts';

export interface TelegramParse {
  /** Visible text after entity parsing (untrimmed). */
  readonly text: string;
  readonly entities: number;
  readonly errors: string[];
}

const ALLOWED = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler']);
const FORMAT = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler']);

/**
 * Parses a message as Telegram's HTML parse mode does, strictly: only the documented tags and
 * attributes, balanced and properly nested, only &lt; &gt; &amp; &quot; and numeric entities, no raw
 * `<`, `>` or `&` in text, http(s) hrefs only, code/pre containing nothing, links and code not inside
 * each other, blockquotes not nested. Reports every violation.
 */
export function parseTelegramHtml(html: string): TelegramParse {
  const errors: string[] = [];
  const stack: string[] = [];
  let text = '';
  let entities = 0;
  let i = 0;
  const decodeEntity = (at: number): [string, number] | null => {
    const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(at, at + 12));
    if (!m) return null;
    const name = m[1] ?? '';
    const map: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
    if (name in map) return [map[name] ?? '', m[0].length];
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    return [String.fromCodePoint(code), m[0].length];
  };
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const m = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/.exec(html.slice(i));
      if (!m) {
        errors.push(`raw '<' at ${i}`);
        i++;
        continue;
      }
      const [whole, slash, name = '', attrs = ''] = m;
      if (!ALLOWED.has(name)) errors.push(`tag <${name}> not allowed`);
      if (slash) {
        if (stack[stack.length - 1] !== name) errors.push(`</${name}> closes ${stack[stack.length - 1] ?? 'nothing'}`);
        else stack.pop();
      } else {
        const attrList = [...attrs.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)];
        for (const a of attrList) {
          const attr = a[1] ?? '';
          if (name === 'a' && attr === 'href') {
            const href = (a[2] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
            if (!/^https?:\/\/[^\s]+$/i.test(href)) errors.push(`bad href ${href}`);
          } else if (!(name === 'blockquote' && attr === 'expandable') && !(name === 'code' && attr === 'class')) {
            errors.push(`attribute ${attr} on <${name}>`);
          }
        }
        if (name === 'a' && !attrList.some((a) => a[1] === 'href')) errors.push('<a> without href');
        if (stack.some((t) => t === 'code' || t === 'pre') && !(name === 'code' && stack[stack.length - 1] === 'pre'))
          errors.push(`<${name}> inside code/pre`);
        if ((name === 'code' || name === 'pre') && stack.some((t) => FORMAT.has(t) || t === 'a'))
          errors.push(`<${name}> inside formatting or a link`);
        if (name === 'a' && stack.some((t) => t === 'a' || t === 'blockquote')) errors.push('<a> nested in a or blockquote');
        if ((name === 'code' || name === 'pre') && stack.includes('blockquote')) errors.push(`<${name}> in blockquote`);
        if (name === 'blockquote' && stack.length > 0) errors.push('blockquote inside another entity');
        stack.push(name);
        entities++;
      }
      i += whole.length;
    } else if (c === '&') {
      const e = decodeEntity(i);
      if (!e) {
        errors.push(`raw '&' at ${i}`);
        text += '&';
        i++;
      } else {
        text += e[0];
        i += e[1];
      }
    } else if (c === '>') {
      errors.push(`raw '>' at ${i}`);
      text += c;
      i++;
    } else {
      text += c;
      i++;
    }
  }
  if (stack.length) errors.push(`unclosed ${stack.join(',')}`);
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) errors.push('lone surrogate');
  return { text, entities, errors };
}

/** Every problem of one Telegram message against the Bot API limits. */
export function telegramProblems(html: string): string[] {
  const p = parseTelegramHtml(html);
  const problems = [...p.errors];
  if (p.text.trim().length < 1) problems.push('empty after trimming');
  if (p.text.length > 4096) problems.push(`visible length ${p.text.length} > 4096`);
  if (p.entities > 100) problems.push(`${p.entities} entities > 100`);
  return problems;
}

/** Every way a Discord payload breaks the API limits or lets a mention or raw markup through. */
export function discordProblems(m: DiscordMessage): string[] {
  const problems: string[] = [];
  const embeds = m.embeds ?? [];
  if ((m.content === undefined || m.content.trim() === '') && embeds.length === 0) problems.push('empty message');
  if (m.content !== undefined && m.content.length > 2000) problems.push(`content ${m.content.length}`);
  if (m.content !== undefined && m.content.trim() === '') problems.push('blank content');
  if (embeds.length > 10) problems.push(`${embeds.length} embeds`);
  if (JSON.stringify(m.allowed_mentions) !== '{"parse":[]}') problems.push('allowed_mentions not empty');
  let total = 0;
  for (const e of embeds) {
    if (e.title !== undefined && (e.title.length > 256 || e.title.trim() === '')) problems.push(`title ${e.title.length}`);
    if (e.description !== undefined && (e.description.length > 4096 || e.description.trim() === ''))
      problems.push(`description ${e.description.length}`);
    if (e.title === undefined && e.description === undefined && !e.fields?.length) problems.push('empty embed');
    if (e.url !== undefined && !/^https?:\/\/\S+$/.test(e.url)) problems.push(`url ${e.url}`);
    if ((e.fields ?? []).length > 25) problems.push('fields > 25');
    for (const f of e.fields ?? []) {
      if (f.name.length > 256 || f.name.length === 0) problems.push('field name');
      if (f.value.length > 1024 || f.value.length === 0) problems.push('field value');
    }
    if (e.footer && e.footer.text.length > 2048) problems.push('footer');
    total +=
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > 6000) problems.push(`embed total ${total}`);
  for (const field of discordTexts(m)) {
    // Markdown is not parsed inside inline code spans (an unescaped backtick opens one).
    const t = field.replace(/(^|[^\\])((?:\\\\)*)`[^`]*`/g, '$1$2c');
    if (/@(everyone|here)/i.test(field)) problems.push('mass mention');
    if (/<[@#][&!]?\d+>|<\/[\w-]+:\d+>|<t:\d+/.test(t)) problems.push('mention or markup tag');
    if (/(^|[^\\])(\\\\)*\|\|/.test(t)) problems.push('unescaped spoiler');
    if (/(^|\n)(> )*(#{1,3} |-# |>>> )/.test(t)) problems.push('line-start markup');
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(t)) problems.push('lone surrogate');
  }
  return problems;
}

/** The text fields of a Discord message in display order. */
export function discordTexts(m: DiscordMessage): string[] {
  const out: string[] = [];
  if (m.content !== undefined) out.push(m.content);
  for (const e of m.embeds ?? []) {
    if (e.title !== undefined) out.push(e.title);
    if (e.description !== undefined) out.push(e.description);
    for (const f of e.fields ?? []) out.push(f.name, f.value);
    if (e.footer) out.push(e.footer.text);
  }
  return out;
}

/**
 * The plain text a Discord field shows, for the Markdown subset kilas writes: `> ` quote prefixes at
 * line starts dropped, `[text](url)` read as its text, unescaped `*` and backtick markers dropped
 * (backtick spans kept literally), backslash escapes resolved, and zero-width spaces removed
 * (kilas inserts them to break mentions, so they are decoration, not text).
 */
export function decodeDiscord(md: string): string {
  // Quote markers first: a zero-width space before a '>' is how a literal line-start '>' is kept
  // from becoming one, so it must still be there when the markers are taken off.
  const unquoted = md.replace(/(^|\n)> /g, '$1').replace(/\u200B/g, '');
  let out = '';
  let i = 0;
  while (i < unquoted.length) {
    const c = unquoted[i] ?? '';
    if (c === '\\' && i + 1 < unquoted.length) {
      out += unquoted[i + 1];
      i += 2;
    } else if (c === '`') {
      const end = unquoted.indexOf('`', i + 1);
      out += unquoted.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? unquoted.length : end + 1;
    } else if (c === '*' || c === '[') {
      i++;
    } else if (c === ']' && unquoted[i + 1] === '(') {
      const end = unquoted.indexOf(')', i);
      i = end < 0 ? unquoted.length : end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Cleaned text the renderers must keep: what a block says, without decoration. */
let keepRun: (run: Inline) => boolean = () => true;

function inlineTexts(runs: readonly Inline[] | undefined): string[] {
  return (runs ?? []).filter((r) => keepRun(r)).map((r) => r.text);
}

function blockTexts(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
    case 'paragraph':
      return inlineTexts(b.content);
    case 'quote':
      return [...inlineTexts(b.content), ...inlineTexts(b.attribution)];
    case 'list':
      return b.items.flatMap((i) => inlineTexts(i));
    case 'divider':
      return [];
  }
}

/** Every run text of a document, in reading order. */
export function documentTexts(doc: Document): string[] {
  return [
    ...inlineTexts(doc.title),
    ...(doc.intro ?? []).flatMap(blockTexts),
    ...doc.sections.flatMap((s) => s.blocks.flatMap(blockTexts)),
    ...(doc.outro ?? []).flatMap(blockTexts),
  ];
}

/**
 * Words (whitespace-separated, after the cleaning every renderer applies) of a document, in order;
 * only of the runs `keep` accepts.
 */
export function documentWords(doc: Document, keep: (run: Inline) => boolean = () => true): string[] {
  keepRun = keep;
  try {
    return documentTexts(doc)
      .map(cleanForCompare)
      .join(' ')
      .split(/\s+/)
      .filter((w) => w !== '');
  } finally {
    keepRun = () => true;
  }
}

/** What every renderer does to text before showing it: control characters out, lone surrogates replaced. */
export function cleanForCompare(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** True when `words` occur in `haystack` in order (each as a substring after the previous one). */
export function containsInOrder(haystack: string, words: readonly string[]): string | null {
  let at = 0;
  for (const w of words) {
    const found = haystack.indexOf(w, at);
    if (found < 0) return w;
    at = found + w.length;
  }
  return null;
}
