/**
 * Article files on disk (data/seeds/*.txt, `kilas extract FILE...`) -> RawArticle. Every way a
 * file can be unusable becomes an {@link InputError} with a one-line message naming the file.
 *
 * Encoding policy: UTF-8 (a BOM is skipped); UTF-16 with a BOM is decoded. Text that is not valid
 * UTF-8 but is mostly ASCII — typically Windows-1252 pages with curly quotes as 0x93/0x94 — is decoded
 * as Windows-1252 and reported through `onWarning` instead of failing; anything else is rejected.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { InputError } from '../errors.ts';
import type { RawArticle } from '../core/model/index.ts';
import { charsetFromHtmlMeta, decodeBody } from './charset.ts';
import { isHtmlPage, pageFileArticle } from './page-file.ts';

/** Options for {@link readArticleFile} and {@link loadSeeds}. */
export interface ReadArticleOptions {
  /** Receives one-line warnings (e.g. a Windows-1252 fallback). Default: warnings are dropped. */
  readonly onWarning?: (message: string) => void;
  /** Files larger than this are refused, in bytes. Default 5 MiB. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Decodes file bytes per the module's encoding policy; throws InputError for binary or unknown encodings. */
export function decodeArticleBytes(bytes: Uint8Array, path: string, onWarning?: (message: string) => void): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    return new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  }
  if (bytes.includes(0)) throw new InputError(`${path}: binary file (contains NUL bytes), not article text`, path);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    let ascii = 0;
    let controls = 0;
    for (const b of bytes) {
      if (b < 0x80) ascii++;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
    }
    if (ascii / bytes.length >= 0.9 && controls === 0) {
      onWarning?.(`${path}: not valid UTF-8, read as Windows-1252`);
      return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
    }
    throw new InputError(`${path}: not UTF-8 text`, path, { cause });
  }
}

/** An HTML page that declares its charset (`<meta charset>`) is read in it; other files by {@link decodeArticleBytes}. */
function decodeFileBytes(bytes: Uint8Array, path: string, onWarning?: (message: string) => void): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  if (!bytes.includes(0) && isHtmlPage(path, head) && charsetFromHtmlMeta(bytes) !== null) return decodeBody(bytes, 'text/html').text;
  return decodeArticleBytes(bytes, path, onWarning);
}

/**
 * Reads one article file as a RawArticle `{ text, file }`. An HTML page (`.html`/`.htm`, or text
 * opening with a doctype or `<html>`) is read as an outlet's article page: its main text and
 * metadata, the other pages of a split article joined (see page-file.ts).
 * @throws InputError when the path is missing, a directory, unreadable, empty, too large, binary or not text.
 */
export async function readArticleFile(path: string, options: ReadArticleOptions = {}): Promise<RawArticle> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`${path}: is a directory, not a file`, path);
    if (!info.isFile()) throw new InputError(`${path}: not a regular file`, path);
    if (info.size > maxBytes) throw new InputError(`${path}: too large (${info.size} bytes, limit ${maxBytes})`, path);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = errnoCode(error);
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`, path, { cause: error });
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${path}: permission denied`, path, { cause: error });
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a file`, path, { cause: error });
    throw new InputError(`${path}: cannot be read (${code ?? 'unknown error'})`, path, { cause: error });
  }
  if (bytes.length === 0) throw new InputError(`${path}: empty file`, path);
  const text = decodeFileBytes(bytes, path, options.onWarning);
  if (text.trim() === '') throw new InputError(`${path}: empty file (only whitespace)`, path);
  if (!isHtmlPage(path, text)) return { text, file: path };
  const article = await pageFileArticle(text, path, async (sibling) => {
    try {
      const info = await stat(sibling);
      if (!info.isFile() || info.size > maxBytes) return null;
      return decodeFileBytes(await readFile(sibling), sibling, options.onWarning);
    } catch {
      return null;
    }
  });
  if (article.text?.trim() === '') throw new InputError(`${path}: no article text found on the page`, path);
  return article;
}

/**
 * Loads every `*.txt` file of `dir`, sorted by name. Files that cannot be read are reported in
 * `errors` and do not stop the others; a missing directory is one error.
 */
export async function loadSeeds(
  dir: string,
  options: ReadArticleOptions = {},
): Promise<{ articles: RawArticle[]; errors: InputError[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  } catch (error) {
    const code = errnoCode(error);
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : `cannot be read (${code ?? 'unknown error'})`;
    return { articles: [], errors: [new InputError(`${dir}: ${reason}`, dir, { cause: error })] };
  }
  const articles: RawArticle[] = [];
  const errors: InputError[] = [];
  for (const name of names) {
    try {
      articles.push(await readArticleFile(join(dir, name), options));
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  return { articles, errors };
}
