/**
 * Answers about the digest's length (`/format`, `/digest lengkap`): worded here like every other
 * answer, so each platform renders the same Document.
 */
import { bold, paragraph, simpleDocument, text } from './document.ts';
import type { Document } from './document.ts';
import { DIGEST_LENGTHS, type DigestLength } from './digest-document.ts';
import { id as words } from './wording/id.ts';

/** The word a user typed as a length ("Lengkap", " ringkas "), or null when it is none. */
export function parseDigestLength(value: string): DigestLength | null {
  const word = value.trim().toLowerCase();
  return (DIGEST_LENGTHS as readonly string[]).includes(word) ? (word as DigestLength) : null;
}

/** /format: the chat's daily digest length, after a change or as it stands. */
export function lengthDocument(opts: { length: DigestLength; changed: boolean }): Document {
  const w = words.length;
  const head = opts.changed ? [bold(w.saved), text(' ')] : [];
  return simpleDocument(
    paragraph(...head, text(w.current), bold(opts.length), text(` (${w.descriptions[opts.length]}).`)),
    paragraph(...w.how),
  );
}

/** A length argument that is neither `ringkas` nor `lengkap`. */
export function invalidLengthDocument(): Document {
  return simpleDocument(paragraph(...words.invalid.length));
}
