/**
 * Answers about the digest's length (`/format`, `/digest lengkap`): worded here like every other
 * answer, so each platform renders the same Document.
 */
import { bold, code, paragraph, simpleDocument, text } from './document.ts';
import type { Document } from './document.ts';
import { DIGEST_LENGTHS, type DigestLength } from './digest-document.ts';

const DESCRIPTION: Readonly<Record<DigestLength, string>> = {
  ringkas: 'judul, satu atau dua kalimat, satu kutipan dan tautan media lain',
  lengkap: 'ringkasan lengkap, sampai tiga kutipan dan semua sumber',
};

/** The word a user typed as a length ("Lengkap", " ringkas "), or null when it is none. */
export function parseDigestLength(value: string): DigestLength | null {
  const word = value.trim().toLowerCase();
  return (DIGEST_LENGTHS as readonly string[]).includes(word) ? (word as DigestLength) : null;
}

/** /format: the chat's daily digest length, after a change or as it stands. */
export function lengthDocument(opts: { length: DigestLength; changed: boolean }): Document {
  const head = opts.changed ? [bold('Format disimpan.'), text(' ')] : [];
  return simpleDocument(
    paragraph(...head, text('Ringkasan harian: '), bold(opts.length), text(` (${DESCRIPTION[opts.length]}).`)),
    paragraph('Ubah dengan ', code('/format ringkas'), ' atau ', code('/format lengkap'), '; sekali lihat versi lengkap: ', code('/digest lengkap'), '.'),
  );
}

/** A length argument that is neither `ringkas` nor `lengkap`. */
export function invalidLengthDocument(): Document {
  return simpleDocument(paragraph(bold('Format tidak dikenal. '), text('Pilih '), code('ringkas'), text(' atau '), code('lengkap'), text('.')));
}
