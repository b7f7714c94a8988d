/**
 * Every Indonesian sentence kilas says to its readers, in one table keyed by message id: command
 * answers, refusals and errors, help texts, the digest's furniture. Document builders choose a
 * message and fill in its values; they hold no wording of their own. A second language is a second
 * table of type {@link Wording}.
 *
 * A message is a string, or a function of its values returning {@link Runs} (the runs of one
 * paragraph, marked bold/code/italic where the wording stresses something) or a string.
 */
import { bold, code, italic, text } from '../document.ts';
import type { Inline } from '../document.ts';

/** The runs of one paragraph: plain strings and marked runs. */
export type Runs = readonly (Inline | string)[];

/** "a", "a atau b", "a, b atau c", each value bold. */
function alternatives(values: readonly string[]): Inline[] {
  const runs: Inline[] = [];
  values.forEach((v, i) => {
    if (i > 0) runs.push(text(i === values.length - 1 ? ' atau ' : ', '));
    runs.push(bold(v));
  });
  return runs;
}

/** How the topic forms are explained wherever /topics is answered. */
const TOPIC_FORMS: Runs = [
  'Bentuk kata kunci: ', code('banjir'), ' (kata utuh), ', code('~korup'), ' (bagian kata), ', code('-politik'),
  ' atau ', code('!politik'), ' (kecualikan), ', code('"harga beras"'), ' (frasa). Hapus saringan dengan ',
  code('/topics hapus'), '.',
];

export const id = {
  /** Time labels: "07:00 WIB", "Senin, 23 November 2026 pukul 07:00 WIB". */
  time: {
    at: (date: string, time: string, zone: string) => `${date} pukul ${time} ${zone}`,
  },
  welcome: {
    title: 'Selamat datang di Kilas',
    about: 'Kilas merangkum berita Indonesia setiap hari: satu cerita untuk setiap peristiwa, meski diberitakan banyak media, lengkap dengan kutipan penting dari para tokohnya.',
    subscribe: (when: string): Runs => ['Ketik ', code('/subscribe'), ` untuk menerima ringkasan harian pukul ${when}, atau `, code('/subscribe 06:30'), ' untuk jam lain.'],
    more: ['Ketik ', code('/digest'), ' untuk ringkasan sekarang dan ', code('/help'), ' untuk semua perintah.'] as Runs,
  },
  help: {
    title: 'Perintah Kilas',
    groups: [italic('Di grup, hanya admin yang dapat mengubah langganan.')] as Runs,
    remoteChats: ['Admin kanal atau grup dapat mengatur langganannya dari chat ini, misalnya ', code('/subscribe @namakanal 07:00'), ' atau ', code('/status @namakanal'), '.'] as Runs,
    /** Each command's arguments as help shows them, by command name. */
    usage: {
      start: '',
      help: '',
      subscribe: '[HH:MM]',
      unsubscribe: '',
      settime: 'HH:MM',
      digest: '[lengkap]',
      format: '[ringkas|lengkap]',
      quotes: 'NAMA',
      speakers: '',
      topics: '[kata, kata]',
      status: '',
      sources: '[tambah URL | hapus NAMA]',
      import: '[gabung|ganti] + berkas OPML',
      export: '',
    },
    /** Each command's short description (also what platforms register), by command name. */
    commands: {
      start: 'Sambutan dan penjelasan singkat tentang Kilas',
      help: 'Daftar semua perintah',
      subscribe: 'Berlangganan ringkasan berita harian',
      unsubscribe: 'Berhenti berlangganan ringkasan harian',
      settime: 'Ubah jam pengiriman ringkasan harian',
      digest: 'Ringkasan berita terkini sekarang',
      format: 'Panjang ringkasan harian: ringkas atau lengkap',
      quotes: 'Kutipan terbaru dari seorang tokoh',
      speakers: 'Tokoh yang paling banyak dikutip beberapa hari terakhir',
      topics: 'Saring ringkasan harian dengan kata kunci',
      status: 'Status langganan dan jumlah berita hari ini',
      sources: 'Pilih media, tambah atau hapus feed untuk chat ini',
      import: 'Impor daftar feed dari berkas OPML',
      export: 'Ekspor daftar media chat ini sebagai berkas OPML',
    },
  },
  subscription: {
    subscribed: 'Berlangganan berhasil.',
    reactivated: 'Langganan diaktifkan kembali.',
    updated: 'Langganan diperbarui.',
    daily: (when: string) => ` Ringkasan harian akan dikirim setiap hari pukul ${when}.`,
    howToChange: ['Ubah jam dengan ', code('/settime HH:MM'), ', berhenti dengan ', code('/unsubscribe'), '.'] as Runs,
    stopped: [bold('Langganan dihentikan.'), ' Ringkasan harian tidak akan dikirim lagi.'] as Runs,
    again: ['Berlangganan lagi kapan saja dengan ', code('/subscribe'), '.'] as Runs,
    wasNot: ['Chat ini tidak sedang berlangganan. Ketik ', code('/subscribe'), ' untuk mulai.'] as Runs,
    timeChanged: (when: string): Runs => [bold('Jam diubah.'), ` Ringkasan harian akan dikirim pukul ${when}.`],
    needed: ['Chat ini belum berlangganan. Ketik ', code('/subscribe HH:MM'), ' untuk berlangganan pada jam tertentu.'] as Runs,
  },
  topics: {
    saved: 'Topik disimpan.',
    everything: 'Ringkasan harian memuat semua berita.',
    example: ['Saring dengan ', code('/topics banjir, pemilu'), '.'] as Runs,
    only: 'Ringkasan harian hanya memuat berita yang menyebut: ',
    everythingBut: 'Ringkasan harian memuat semua berita,',
    except: (afterOnly: boolean) => (afterOnly ? 'Kecuali yang menyebut: ' : 'kecuali yang menyebut: '),
    forms: TOPIC_FORMS,
    invalid: 'Topik tidak valid: ',
    accepted: (maxTerms: number, maxLength: number): Runs => [`Tulis sampai ${maxTerms} kata kunci biasa (2–${maxLength} huruf atau angka), misalnya `, code('/topics banjir, "harga beras", -politik'), '.'],
  },
  status: {
    title: 'Status Kilas',
    subscription: 'Langganan: ',
    none: 'tidak ada.',
    active: (when: string) => `aktif, setiap hari pukul ${when}.`,
    inactive: (reason: string | null) => `tidak aktif${reason ? ` (${reason})` : ''}.`,
    next: 'Ringkasan berikutnya: ',
    dueNow: (when: string) => `hari ini, segera (dalam satu menit; jadwalnya pukul ${when} sudah lewat)`,
    storiesToday: 'Cerita hari ini: ',
    stored: 'Artikel tersimpan: ',
    seeds: 'Artikel contoh: ',
    subscribeHint: ['Ketik ', code('/subscribe'), ' untuk berlangganan.'] as Runs,
  },
  /** Why a subscription stopped, by the kind of reason (see `reasonLabel`). */
  reasons: {
    unsubscribed: 'dihentikan',
    blocked: 'bot diblokir',
    kicked: 'bot dikeluarkan dari chat',
    restricted: 'bot tidak boleh mengirim pesan',
    migrated: 'grup dipindahkan',
    notFound: 'chat tidak ditemukan',
    unknown: 'chat tidak dapat dihubungi',
  },
  quotes: {
    /** /quotes NAME found nothing; `name` is the typed name as the caller marks it. */
    notFound: (name: Inline): Runs => ['Tidak ada kutipan dari ', name, '.'],
    didYouMean: (names: readonly string[]): Runs => [text('Maksud Anda: '), ...alternatives(names), text('?')],
    title: (speaker: string) => `Kutipan ${speaker}`,
    count: (n: number) => `${n} kutipan, terbaru lebih dulu.`,
    quotedBy: (outlets: number) => `dikutip ${outlets} media`,
    choose: (n: number, name: string) => `Ada ${n} tokoh bernama “${name}”`,
    perPerson: (n: number) => ` — ${n} kutipan`,
    pickOne: 'Pilih salah satu dan kirim perintahnya.',
    noneYet: (days: number | null) => `Belum ada kutipan${days === null ? '' : ` dalam ${days} hari terakhir`}.`,
    topTitle: (days: number | null) => `Tokoh paling banyak dikutip${days === null ? '' : days === 1 ? ', 24 jam terakhir' : `, ${days} hari terakhir`}`,
  },
  invalid: {
    timeMissing: (command: string): Runs => ['Tulis jamnya, misalnya ', code(`/${command} 07:30`), '.'],
    time: (given: string, command: string): Runs => ['Jam ', bold(given), ' tidak valid. Gunakan format 24 jam HH:MM antara 00:00 dan 23:59, misalnya ', code(`/${command} 07:30`), '.'],
    zone: (given: string, command: string): Runs => [
      'Zona waktu pada ', bold(given), ' tidak dikenal. Tulis jam dalam format 24 jam HH:MM, lalu WIB, WITA, WIT atau nama zona IANA, misalnya ',
      code(`/${command} 07:00 WITA`), ' atau ', code(`/${command} 07:00 Asia/Makassar`), '.',
    ],
    nameMissing: ['Tulis nama tokohnya, misalnya ', code('/quotes lavrov'), '.'] as Runs,
    nameTooLong: (max: number): Runs => [`Nama terlalu panjang (paling banyak ${max} karakter). Coba nama belakangnya saja, misalnya `, code('/quotes lavrov'), '.'],
    name: ['Nama hanya boleh berisi huruf, spasi, titik, tanda hubung dan apostrof, misalnya ', code('/quotes lavrov'), '.'] as Runs,
    unexpectedArgs: (command: string): Runs => ['Perintah ', code(`/${command}`), ' tidak memerlukan tambahan apa pun.'],
    unknownCommand: (name: string): Runs => ['Perintah ', code(`/${name}`), ' tidak dikenal. Ketik ', code('/help'), ' untuk daftar perintah.'],
    length: [bold('Format tidak dikenal. '), text('Pilih '), code('ringkas'), text(' atau '), code('lengkap'), text('.')] as Runs,
  },
  refusals: {
    notAdminDiscord: (command: string): Runs => ['Maaf, ', code(`/${command}`), ' memerlukan izin ', bold('Kelola Saluran (Manage Channels)'), ' di kanal ini. Minta anggota yang memiliki izin itu untuk mengatur langganan.'],
    notAdmin: (command: string): Runs => ['Maaf, di grup ini hanya admin yang dapat menggunakan ', code(`/${command}`), '. Minta admin grup untuk mengatur langganan.'],
    rateLimited: (seconds: number) => `Terlalu banyak perintah dalam waktu singkat. Coba lagi dalam ${seconds} detik.`,
    error: 'Maaf, terjadi kesalahan saat memproses perintah. Silakan coba lagi nanti.',
    botCannotPost: (where: string): Runs => [bold('Langganan belum dibuat.'), ` Kilas tidak dapat mengirim ringkasan ke ${where}.`],
    grant: (where: string) => `Berikan izin berikut kepada bot di ${where}, lalu coba lagi:`,
    checkBot: (where: string) => `Pastikan bot dapat melihat ${where} dan mengirim pesan di sana, lalu coba lagi.`,
    thisChannel: 'kanal ini',
    thatChannel: 'kanal itu',
    permissions: { view: 'Lihat Kanal (View Channel)', send: 'Kirim Pesan (Send Messages)', embed: 'Sematkan Tautan (Embed Links)' },
    forChat: (title: string): Runs => ['Untuk ', bold(title), ':'],
    remoteNotFound: (target: string): Runs => ['Kanal atau grup ', code(target), ' tidak ditemukan. Tambahkan bot ke sana sebagai admin, lalu coba lagi, misalnya ', code('/subscribe @namakanal 07:00'), '.'],
    notRemoteAdmin: (title: string): Runs => ['Maaf, hanya admin ', bold(title), ' yang dapat mengatur langganannya.'],
    botNotAdmin: (title: string): Runs => ['Kilas belum dapat mengirim pesan di ', bold(title), '. Jadikan bot admin dengan izin mengirim pesan, lalu coba lagi.'],
  },
  digest: {
    title: 'Kilas Berita',
    titleOn: (date: string) => `Kilas Berita — ${date}`,
    demoTitle: 'Kilas Berita — contoh (artikel demo)',
    demoNote: 'Artikel contoh bawaan kilas, masing-masing dengan tanggal terbitnya sendiri.',
    stats: (stories: number, outlets: number, quotes: number) => `${stories} berita dari ${outlets} media, ${quotes} kutipan`,
    composed: (when: string) => `Disusun ${when}.`,
    empty: 'Belum ada berita untuk periode ini.',
    emptyOn: (date: string) => `Tidak ada berita untuk ${date}.`,
    nothingToday: 'Belum ada berita untuk diringkas hari ini. Coba lagi nanti.',
    filter: (parts: readonly string[]) => `Saringan aktif: ${parts.join('; ')}.`,
    filterTopics: (topics: readonly string[]) => `topik ${topics.join(', ')}`,
    filterNoOutlets: 'tanpa media pilihan',
    filterOutlets: (names: string) => `media ${names}`,
    andOthers: (shown: string, more: number) => `${shown} dan ${more} lainnya`,
    sources: 'Sumber:',
    article: 'Artikel',
    otherSource: 'sumber lain',
    otherOutlets: (n: number) => `+${n} media: `,
  },
  sources: {
    title: 'Sumber berita',
    noFeeds: 'Belum ada feed RSS yang dikonfigurasi.',
    noOperatorFeeds: 'Belum ada feed RSS yang dikonfigurasi operator.',
    feeds: (n: number) => `Feed RSS (${n}):`,
    disabled: (error: string | null) => ` — dinonaktifkan: ${error ?? 'terlalu sering gagal'}`,
    failing: (error: string) => ` — gagal: ${error}`,
    /** A feed's problem as /sources lists it ("gagal: HTTP 404"). */
    problem: (disabled: boolean, error: string | null) => (disabled ? `dinonaktifkan: ${error ?? 'terlalu sering gagal'}` : `gagal: ${error ?? '?'}`),
    outlets: (following: number, total: number) => `Media (${following} dari ${total} diikuti):`,
    ownFeeds: (n: number, max: number) => `Feed tambahan chat ini (${n}/${max}):`,
    subscribeFirst: ['Berlangganan dulu dengan ', code('/subscribe'), ' untuk memilih media.'] as Runs,
    picker: 'Admin dapat memilih media dengan tombol di bawah.',
    howToAdd: ['Tambah feed: ', code('/sources tambah URL'), '. '] as Runs,
    howToManage: ['Hapus: ', code('/sources hapus NAMA'), '. Impor/ekspor OPML: ', code('/import'), ', ', code('/export'), '.'] as Runs,
    added: (name: string): Runs => [bold('Feed ditambahkan: '), bold(name), '. Beritanya masuk ringkasan chat ini mulai penarikan berikutnya.'],
    followed: (name: string): Runs => [bold(name), ' sudah tersedia; chat ini sekarang mengikutinya.'],
    already: (name: string): Runs => [bold(name), ' sudah diikuti chat ini.'],
    addingDisabled: ['Operator bot ini menonaktifkan feed tambahan. Pilih dari media yang tersedia dengan ', code('/sources'), '.'] as Runs,
    limit: (max: number): Runs => [`Chat ini sudah memiliki ${max} feed tambahan (batasnya). Hapus satu dulu dengan `, code('/sources hapus NAMA'), '.'],
    invalidUrl: (given: string): Runs => [bold(given), ' bukan alamat http(s) yang valid, misalnya ', code('/sources tambah https://contoh.id/rss'), '.'],
    notAFeed: (reason: string): Runs => [bold('Feed tidak dapat ditambahkan: '), text(reason), '. Pastikan alamatnya feed RSS atau Atom yang dapat dibuka publik.'],
    urlMissing: ['Tulis alamat feed-nya, misalnya ', code('/sources tambah https://contoh.id/rss'), '.'] as Runs,
    nameMissing: ['Tulis nama medianya, misalnya ', code('/sources hapus Kompas'), '.'] as Runs,
    noSuchOutlet: (given: string): Runs => ['Tidak ada media bernama ', bold(given), ' yang diikuti chat ini. Lihat daftarnya dengan ', code('/sources'), '.'],
    removed: (ownFeed: boolean) => (ownFeed ? 'Feed dihapus: ' : 'Tidak diikuti lagi: '),
    chosen: 'Media disimpan. ',
    followsAll: 'Chat ini mengikuti semua media.',
    followsNone: 'Chat ini tidak mengikuti media mana pun dari daftar operator.',
    followsSome: (names: readonly string[], total: number) => `Chat ini mengikuti ${names.length} dari ${total} media: ${names.join(', ')}.`,
    needsSubscription: ['Chat ini belum berlangganan. Ketik ', code('/subscribe'), ' dulu, lalu pilih media dengan ', code('/sources'), '.'] as Runs,
  },
  opml: {
    unchanged: 'Tidak ada yang diubah.',
    noFile: ['Kirim berkas OPML dengan keterangan ', code('/import'), ' (atau balas berkas itu dengan ', code('/import'), '). Tambahkan ', code('ganti'), ' untuk mengganti daftar, bawaannya ', code('gabung'), '.'] as Runs,
    tooLarge: 'Berkas terlalu besar',
    tooLargeDetail: (kb: number, unchanged: string) => ` (paling besar ${kb} KB). ${unchanged}`,
    badFile: 'Berkas OPML tidak dapat dibaca: ',
    empty: 'Berkas OPML tidak berisi feed',
    emptyDetail: (unchanged: string) => ` (tidak ada outline dengan xmlUrl http/https). ${unchanged}`,
    limit: 'Terlalu banyak feed tambahan: ',
    limitDetail: (wanted: number, max: number, unchanged: string) => `berkas ini akan membuat ${wanted} feed tambahan, batasnya ${max} per chat. ${unchanged}`,
    replaced: 'Daftar media diganti.',
    merged: 'Feed digabungkan.',
    followed: (n: number) => `Media yang diikuti (${n}): `,
    added: (n: number) => `Feed tambahan (${n}): `,
    skipped: (n: number) => `Dilewati (${n}):`,
    exported: (n: number): Runs => [`Daftar ${n} media chat ini dalam format OPML. Impor lagi dengan `, code('/import'), '.'],
    downloadFailed: 'berkas tidak dapat diunduh',
    /** Why an imported feed was skipped when the operator turned chat feeds off. */
    chatFeedsOff: 'feed tambahan dimatikan operator',
    /** Why a file is not OPML, shown after "Berkas OPML tidak dapat dibaca: ". */
    problems: {
      emptyFile: 'berkas kosong',
      notXml: (detail: string) => `bukan XML yang valid${detail ? ` (${detail})` : ''}`,
      notOpml: 'bukan dokumen OPML (elemen <opml> tidak ada)',
      noBody: 'dokumen OPML tanpa <body>',
      tooManyOutlines: (max: number) => `terlalu banyak outline (lebih dari ${max})`,
      noOutlines: 'dokumen OPML tanpa outline',
    },
  },
  /** Platform controls: buttons, menus and the descriptions of slash-command options. */
  controls: {
    cannotChange: 'Tidak dapat diubah.',
    allOutlets: 'Semua media',
    pickOutlets: 'Pilih media untuk kanal ini',
    options: {
      time: 'Jam 24 jam HH:MM, boleh dengan zona: 07:30, 07:30 WITA, 07:30 Asia/Jayapura',
      subscribeChannel: 'Kanal yang menerima ringkasan (bawaan: kanal ini)',
      unsubscribeChannel: 'Kanal yang berhenti berlangganan (bawaan: kanal ini)',
      digestLength: 'ringkas (bawaan kanal) atau lengkap',
      dailyLength: 'Panjang ringkasan harian kanal ini',
      keywords: 'Kata kunci dipisah koma, misalnya banjir, pemilu; "hapus" untuk semua berita',
      addFeed: 'Tambah feed RSS/Atom untuk kanal ini (alamat http/https)',
      removeFeed: 'Hapus feed atau berhenti mengikuti media (nama)',
      opmlFile: 'Berkas OPML dari pembaca feed (Feedly, Inoreader, Miniflux, FreshRSS …)',
      importMode: 'gabung (bawaan) atau ganti daftar media kanal ini',
      speakerName: 'Nama tokoh, misalnya lavrov',
    },
  },
  length: {
    descriptions: {
      ringkas: 'judul, satu atau dua kalimat, satu kutipan dan tautan media lain',
      lengkap: 'ringkasan lengkap, sampai tiga kutipan dan semua sumber',
    },
    saved: 'Format disimpan.',
    current: 'Ringkasan harian: ',
    how: ['Ubah dengan ', code('/format ringkas'), ' atau ', code('/format lengkap'), '; sekali lihat versi lengkap: ', code('/digest lengkap'), '.'] as Runs,
  },
};

/** The shape every language's table has: the Indonesian table is the reference. */
export type Wording = typeof id;
