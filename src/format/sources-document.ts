/**
 * Documents for `/sources`, `/import` and `/export`: the outlets a chat follows, what adding,
 * removing or importing feeds did, and every refusal, in Indonesian.
 */
import { bold, code, italic, paragraph, simpleDocument, text } from './document.ts';
import type { Block, Document, Inline } from './document.ts';

/** An outlet as the list shows it. */
export interface OutletView {
  readonly name: string;
  readonly url: string;
  readonly origin: 'operator' | 'chat';
  readonly following: boolean;
  /** Why the feed is not delivering ("gagal: HTTP 404"), when it is not. */
  readonly problem?: string | null;
}

/** /sources: every outlet with whether this chat follows it, and how to change that. */
export function sourcesListDocument(opts: {
  outlets: readonly OutletView[];
  /** Whether this chat has a subscription (choices need one). */
  subscribed: boolean;
  /** The platform shows buttons or a menu to pick outlets. */
  picker: boolean;
  chatFeeds: { readonly enabled: boolean; readonly max: number };
  seeds: number;
  articles: number;
}): Document {
  const blocks: Block[] = [];
  const operators = opts.outlets.filter((o) => o.origin === 'operator');
  const own = opts.outlets.filter((o) => o.origin === 'chat');
  if (operators.length === 0) {
    blocks.push(paragraph('Belum ada feed RSS yang dikonfigurasi operator.'));
  } else {
    const following = operators.filter((o) => o.following).length;
    blocks.push(paragraph(bold(`Media (${following} dari ${operators.length} diikuti):`)));
    blocks.push({ kind: 'list', ordered: false, items: operators.map((o) => outletLine(o)) });
  }
  if (own.length > 0) {
    blocks.push(paragraph(bold(`Feed tambahan chat ini (${own.length}/${opts.chatFeeds.max}):`)));
    blocks.push({ kind: 'list', ordered: false, items: own.map((o) => outletLine(o)) });
  }
  blocks.push(paragraph(bold('Artikel contoh: '), `${opts.seeds}`, text(' · '), bold('Artikel tersimpan: '), `${opts.articles}`));
  if (!opts.subscribed) {
    blocks.push(paragraph('Berlangganan dulu dengan ', code('/subscribe'), ' untuk memilih media.'));
  } else {
    if (opts.picker && operators.length > 0) blocks.push(paragraph(italic('Admin dapat memilih media dengan tombol di bawah.')));
    const how: (Inline | string)[] = [];
    if (opts.chatFeeds.enabled) how.push('Tambah feed: ', code('/sources tambah URL'), '. ');
    how.push('Hapus: ', code('/sources hapus NAMA'), '. Impor/ekspor OPML: ', code('/import'), ', ', code('/export'), '.');
    blocks.push(paragraph(...how));
  }
  return { title: [text('Sumber berita')], sections: [{ blocks }] };
}

function outletLine(o: OutletView): Inline[] {
  const line: Inline[] = [text(o.following ? '✅ ' : '⬜ '), bold(o.name), text(' — '), code(o.url)];
  if (o.problem) line.push(text(` — ${clip(o.problem, 120)}`));
  return line;
}

/** What `/sources tambah URL` did. */
export type AddAnswer =
  | { readonly kind: 'added' | 'followed' | 'already'; readonly name: string }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'limit'; readonly max: number }
  | { readonly kind: 'invalid-url'; readonly given: string }
  | { readonly kind: 'not-a-feed'; readonly reason: string }
  | { readonly kind: 'missing' };

/** Answer to `/sources tambah URL`. */
export function sourceAddDocument(answer: AddAnswer): Document {
  switch (answer.kind) {
    case 'added':
      return simpleDocument(paragraph(bold('Feed ditambahkan: '), bold(answer.name), '. Beritanya masuk ringkasan chat ini mulai penarikan berikutnya.'));
    case 'followed':
      return simpleDocument(paragraph(bold(answer.name), ' sudah tersedia; chat ini sekarang mengikutinya.'));
    case 'already':
      return simpleDocument(paragraph(bold(answer.name), ' sudah diikuti chat ini.'));
    case 'disabled':
      return simpleDocument(paragraph('Operator bot ini menonaktifkan feed tambahan. Pilih dari media yang tersedia dengan ', code('/sources'), '.'));
    case 'limit':
      return simpleDocument(paragraph(`Chat ini sudah memiliki ${answer.max} feed tambahan (batasnya). Hapus satu dulu dengan `, code('/sources hapus NAMA'), '.'));
    case 'invalid-url':
      return simpleDocument(paragraph(bold(clip(answer.given, 60)), ' bukan alamat http(s) yang valid, misalnya ', code('/sources tambah https://contoh.id/rss'), '.'));
    case 'not-a-feed':
      return simpleDocument(paragraph(bold('Feed tidak dapat ditambahkan: '), text(clip(answer.reason, 160)), '. Pastikan alamatnya feed RSS atau Atom yang dapat dibuka publik.'));
    case 'missing':
      return simpleDocument(paragraph('Tulis alamat feed-nya, misalnya ', code('/sources tambah https://contoh.id/rss'), '.'));
  }
}

/** Answer to `/sources hapus NAMA`; `name` null when nothing matched. */
export function sourceRemoveDocument(opts: { given: string; name: string | null; origin?: 'operator' | 'chat' }): Document {
  if (opts.given === '') return simpleDocument(paragraph('Tulis nama medianya, misalnya ', code('/sources hapus Kompas'), '.'));
  if (opts.name === null) {
    return simpleDocument(paragraph('Tidak ada media bernama ', bold(clip(opts.given, 60)), ' yang diikuti chat ini. Lihat daftarnya dengan ', code('/sources'), '.'));
  }
  return simpleDocument(
    paragraph(bold(opts.origin === 'chat' ? 'Feed dihapus: ' : 'Tidak diikuti lagi: '), bold(opts.name), '.'),
  );
}

/** Answer to a button or menu pick: the new state, short. */
export function sourcesChosenDocument(opts: { following: readonly string[]; total: number }): Document {
  return simpleDocument(
    paragraph(
      bold('Media disimpan. '),
      opts.following.length === opts.total
        ? 'Chat ini mengikuti semua media.'
        : opts.following.length === 0
          ? 'Chat ini tidak mengikuti media mana pun dari daftar operator.'
          : `Chat ini mengikuti ${opts.following.length} dari ${opts.total} media: ${opts.following.join(', ')}.`,
    ),
  );
}

/** What an `/import` did. */
export type ImportAnswer =
  | {
      readonly kind: 'imported';
      readonly mode: 'merge' | 'replace';
      readonly followed: readonly string[];
      readonly added: readonly string[];
      readonly skipped: readonly { readonly url: string; readonly reason: string }[];
    }
  | { readonly kind: 'limit'; readonly max: number; readonly wanted: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'bad-file'; readonly reason: string }
  | { readonly kind: 'no-file' }
  | { readonly kind: 'too-large'; readonly maxBytes: number };

/** Answer to `/import`. Refusals say that nothing changed. */
export function importDocument(answer: ImportAnswer): Document {
  const unchanged = 'Tidak ada yang diubah.';
  switch (answer.kind) {
    case 'no-file':
      return simpleDocument(
        paragraph('Kirim berkas OPML dengan keterangan ', code('/import'), ' (atau balas berkas itu dengan ', code('/import'), '). Tambahkan ', code('ganti'), ' untuk mengganti daftar, bawaannya ', code('gabung'), '.'),
      );
    case 'too-large':
      return simpleDocument(paragraph(bold('Berkas terlalu besar'), ` (paling besar ${Math.round(answer.maxBytes / 1024)} KB). ${unchanged}`));
    case 'bad-file':
      return simpleDocument(paragraph(bold('Berkas OPML tidak dapat dibaca: '), text(clip(answer.reason, 200)), `. ${unchanged}`));
    case 'empty':
      return simpleDocument(paragraph(bold('Berkas OPML tidak berisi feed'), ` (tidak ada outline dengan xmlUrl http/https). ${unchanged}`));
    case 'limit':
      return simpleDocument(
        paragraph(bold('Terlalu banyak feed tambahan: '), `berkas ini akan membuat ${answer.wanted} feed tambahan, batasnya ${answer.max} per chat. ${unchanged}`),
      );
    case 'imported': {
      const blocks: Block[] = [paragraph(bold(answer.mode === 'replace' ? 'Daftar media diganti.' : 'Feed digabungkan.'))];
      if (answer.followed.length > 0) blocks.push(paragraph(`Media yang diikuti (${answer.followed.length}): `, answer.followed.join(', '), '.'));
      if (answer.added.length > 0) blocks.push(paragraph(`Feed tambahan (${answer.added.length}): `, answer.added.join(', '), '.'));
      if (answer.skipped.length > 0) {
        blocks.push(paragraph(`Dilewati (${answer.skipped.length}):`));
        blocks.push({ kind: 'list', ordered: false, items: answer.skipped.slice(0, 10).map((s) => [code(clip(s.url, 80)), text(` — ${clip(s.reason, 100)}`)]) });
      }
      return simpleDocument(...blocks);
    }
  }
}

/** The message that carries the `/export` file. */
export function exportDocument(count: number): Document {
  return simpleDocument(paragraph(`Daftar ${count} media chat ini dalam format OPML. Impor lagi dengan `, code('/import'), '.'));
}

/** Refusal of a chat-only command where the chat has no subscription yet. */
export function needsSubscriptionForSources(): Document {
  return simpleDocument(paragraph('Chat ini belum berlangganan. Ketik ', code('/subscribe'), ' dulu, lalu pilih media dengan ', code('/sources'), '.'));
}

function clip(value: string, max: number): string {
  const chars = Array.from(value.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
