/**
 * Bytes of a fetched feed or page -> text. The charset comes from what the document declares, in
 * this order: a byte-order mark, the Content-Type header, an XML declaration, an HTML
 * `<meta charset>` / `<meta http-equiv="Content-Type">` in the first bytes. A declared UTF-8 body
 * stays UTF-8 (bad bytes become U+FFFD, the rest of the text is kept); only a body that declares
 * nothing and is not valid UTF-8 is read as windows-1252, which is what such bodies are in the wild.
 */
import iconv from 'iconv-lite';

/** A decoded body and the charset it was read with (iconv-lite name, lowercase). */
export interface DecodedBody {
  readonly text: string;
  readonly charset: string;
}

/**
 * Decodes a body. ISO-8859-1 and US-ASCII labels decode as windows-1252, as browsers do, because
 * servers that say "latin1" usually send cp1252 quotes. Unknown labels count as no label.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const bom = sniffBom(bytes);
  const declared = [bom, charsetFromContentType(contentType), charsetFromXmlDeclaration(bytes), charsetFromHtmlMeta(bytes)]
    .map((label) => (label === null ? null : normaliseCharset(label)))
    .find((charset): charset is string => charset !== null);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const charset = declared ?? (isValidUtf8(buffer) ? 'utf-8' : 'windows-1252');
  // iconv-lite strips a leading BOM for the unicode encodings; TextDecoder-like U+FFFD for bad UTF-8.
  const text = iconv.decode(buffer, charset);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, charset };
}

/** Charset named by a Content-Type header (`text/xml; charset="windows-1252"`), or null. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2] ?? null;
}

/** Encoding named by an XML declaration at the start of the bytes, or null. */
export function charsetFromXmlDeclaration(bytes: Uint8Array): string | null {
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*(["'])([A-Za-z0-9._:-]+)\1/.exec(head(bytes, 1024));
  return match?.[2] ?? null;
}

/**
 * Charset of an HTML `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">`
 * within the first 4 KB (browsers look at the first 1 KB; outlets put long `<script>`s first), or null.
 */
export function charsetFromHtmlMeta(bytes: Uint8Array): string | null {
  const text = head(bytes, 4096).replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of text.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(tag);
    if (direct && !/\bcontent\s*=/i.test(tag)) return direct[1] ?? null;
    if (/\bhttp-equiv\s*=\s*["']?\s*content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(["'])([^"']*)\1/i.exec(tag)?.[2] ?? '';
      const fromContent = /charset\s*=\s*([A-Za-z0-9._:-]+)/i.exec(content);
      if (fromContent) return fromContent[1] ?? null;
    }
  }
  return null;
}

function head(bytes: Uint8Array, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, length)).toString('latin1');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function sniffBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

const WINDOWS_1252_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp819']);

/** An iconv-lite charset for a label, or null when the label names nothing known. */
function normaliseCharset(label: string): string | null {
  const lower = label.trim().toLowerCase();
  if (WINDOWS_1252_ALIASES.has(lower)) return 'windows-1252';
  if (lower === 'utf-16') return 'utf-16le';
  if (lower === 'utf8') return 'utf-8';
  return iconv.encodingExists(lower) ? lower : null;
}
