/**
 * HTML to plain text for feed items: block elements become paragraphs, entities are decoded,
 * scripts, styles, captions and other non-text elements are dropped. A single linear scan with
 * indexOf — no regex over the document, so hostile markup cannot cause backtracking.
 */

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'blockquote', 'pre', 'ul', 'ol',
  'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'hr', 'figure', 'address', 'details', 'summary', 'center', 'form', 'fieldset',
]);

/** Elements whose content is never article text. */
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'head', 'title',
  'figcaption', 'select', 'button', 'textarea', 'video', 'audio', 'canvas', 'map',
]);

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»',
  hellip: '…', mdash: '—', ndash: '–', minus: '−', bull: '•', middot: '·', copy: '©', reg: '®',
  trade: '™', deg: '°', times: '×', divide: '÷', shy: '', zwj: '', zwnj: '', lrm: '', rlm: '',
  eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë', aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä',
  iacute: 'í', iuml: 'ï', oacute: 'ó', ouml: 'ö', ocirc: 'ô', uacute: 'ú', uuml: 'ü', ntilde: 'ñ',
  ccedil: 'ç', Eacute: 'É', Ouml: 'Ö', Uuml: 'Ü', Auml: 'Ä', szlig: 'ß', euro: '€', pound: '£',
  yen: '¥', cent: '¢', sect: '§', para: '¶', frac12: '½', frac14: '¼', frac34: '¾', prime: '′',
  Prime: '″', larr: '←', rarr: '→', hyphen: '‐', dash: '‐', colon: ':', comma: ',', period: '.',
  excl: '!', quest: '?', lpar: '(', rpar: ')', sol: '/', num: '#', percnt: '%', plus: '+', equals: '=',
};

/**
 * Decodes HTML character references: named (the common set), decimal and hex. Unknown names,
 * and numbers that are not valid scalar values, are left as written (or U+FFFD for NUL/surrogates).
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const amp = text.indexOf('&', i);
    if (amp < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, amp);
    // Look for the ';' only within an entity's length, so text full of '&' stays linear.
    let semi = -1;
    for (let j = amp + 1; j < text.length && j <= amp + 32; j++) {
      const c = text.charCodeAt(j);
      if (c === 59) {
        semi = j;
        break;
      }
      if (c === 38 || c === 60 || c === 32) break;
    }
    const name = semi > amp ? text.slice(amp + 1, semi) : null;
    let decoded: string | null = null;
    if (name !== null) {
      if (name.startsWith('#x') || name.startsWith('#X')) decoded = fromCodePoint(Number.parseInt(name.slice(2), 16), name.slice(2), 16);
      else if (name.startsWith('#')) decoded = fromCodePoint(Number.parseInt(name.slice(1), 10), name.slice(1), 10);
      else if (Object.hasOwn(NAMED, name)) decoded = NAMED[name] ?? null;
    }
    if (decoded === null) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = (semi as number) + 1;
    }
  }
  return out;
}

function fromCodePoint(n: number, digits: string, radix: number): string | null {
  const ok = radix === 16 ? /^[0-9a-fA-F]{1,8}$/.test(digits) : /^[0-9]{1,10}$/.test(digits);
  if (!ok || !Number.isFinite(n)) return null;
  if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD';
  // Windows-1252 numeric references that sites emit for curly quotes (&#147; &#148;).
  if (n >= 0x80 && n <= 0x9f) return CP1252[n - 0x80] ?? '\uFFFD';
  return String.fromCodePoint(n);
}

const CP1252 = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

function tagName(tag: string): string {
  let j = tag.startsWith('/') ? 1 : 0;
  let name = '';
  while (j < tag.length) {
    const c = tag.charCodeAt(j);
    const isNameChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58;
    if (!isNameChar) break;
    name += tag[j];
    j++;
  }
  return name.toLowerCase();
}

/** Class names of embeds and widgets whose whole element is not article text. */
const WIDGET_CLASS = /^(?:twitter-tweet|instagram-media|tiktok-embed|baca-?juga|read-?also|related(?:-[\w-]+)?|advert[\w-]*|ads?|iklan|share(?:-[\w-]+)?|social-share)$/i;

/** Whether a start tag opens an embed or widget ("<blockquote class="twitter-tweet">", "<div class="baca-juga">"). */
function isWidget(tag: string): boolean {
  const m = /\sclass\s?=\s?(?:"([^"]{0,200})"|'([^']{0,200})')/i.exec(tag);
  const classes = m ? (m[1] ?? m[2] ?? '') : '';
  return classes !== '' && classes.split(/\s+/).some((c) => WIDGET_CLASS.test(c));
}

/** Index just past the `>` that closes the tag starting at `lt`, honouring quoted attribute values. */
function tagEnd(html: string, lt: number): number {
  let quote = '';
  for (let j = lt + 1; j < html.length; j++) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j + 1;
  }
  return html.length;
}

/**
 * Converts HTML to text: one paragraph per block element, separated by a blank line; `<br>` is a
 * line break; inline whitespace collapsed; entities decoded. Content of script, style, figcaption,
 * iframe and similar elements is dropped. Text that is not HTML comes back unchanged but trimmed.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let i = 0;
  let skipping: string | null = null;
  let skipDepth = 0;
  const pushText = (raw: string) => {
    if (skipping !== null || raw === '') return;
    parts.push(decodeEntities(raw.replace(/\s+/g, ' ')));
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      const inner = html.slice(lt + 9, end < 0 ? html.length : end);
      if (skipping === null) parts.push(inner.replace(/\s+/g, ' '));
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (!/[A-Za-z/!?]/.test(next)) {
      // A bare "<" in text ("a < b").
      pushText('<');
      i = lt + 1;
      continue;
    }
    const end = tagEnd(html, lt);
    const tag = html.slice(lt + 1, end - 1);
    i = end;
    if (next === '!' || next === '?') continue;
    const name = tagName(tag);
    const closing = tag.startsWith('/');
    const selfClosing = tag.endsWith('/');
    if (skipping !== null) {
      if (name === skipping) {
        if (closing) skipDepth--;
        else if (!selfClosing) skipDepth++;
        if (skipDepth === 0) skipping = null;
      }
      continue;
    }
    if (!closing && !selfClosing && (SKIP.has(name) || isWidget(tag))) {
      skipping = name;
      skipDepth = 1;
      continue;
    }
    if (name === 'br') parts.push('\n');
    else if (BLOCK.has(name)) parts.push('\n\n');
    else if (name === 'img' || name === 'td' || name === 'th') parts.push(' ');
  }
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
