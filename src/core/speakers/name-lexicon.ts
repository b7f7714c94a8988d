/**
 * Capitalised words in Indonesian news that are not parts of a person's name: roles and titles,
 * institutions, places, days and months, sentence-initial function words. Used to strip roles
 * from names ("Juru bicara Kremlin Dmitry Peskov" -> "Dmitry Peskov") and to tell people from
 * places and institutions. General vocabulary only; no person names live here.
 */

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Roles, ranks, honorifics and job titles (lowercase). */
export const ROLE_WORDS = words(`
  juru bicara jubir menteri menlu menhan menkes menkeu mendagri menko presiden wakil wapres perdana
  duta besar dubes sekretaris jenderal sekjen kepala ketua direktur dirut gubernur wagub bupati wabup
  wali walikota wakot panglima kapolri kapolda kapolres kapolsek kabareskrim kapuspen pejabat senior
  diplomat sumber analis pengamat pakar ahli peneliti profesor prof guru dosen anggota legislator
  politisi politikus komandan jaksa hakim umum pelaksana tugas plt kabid kabag kasubdit kadis manajer
  ceo cfo coo pendiri pemimpin pimpinan raja ratu pangeran putri putra mahkota kanselir pm senator warga
  saksi korban petugas kapten kolonel letnan mayor brigjen mayjen letjen jenderal irjen kombes akbp
  kompol iptu ipda aiptu bripka brigadir komisaris polisi dokter dr drs dra ir h hj kh habib ustaz
  ustadz ustazah kiai kyai pastor paus uskup imam syekh sheikh koordinator kuasa pengacara advokat
  ekonom penasihat penasehat asisten staf khusus deputi komisioner fraksi rektor dekan kades lurah
  camat sekda danrem dandim pangdam kapendam karo penmas humas utusan negosiator konsul atase
  perwakilan kepala juru-bicara sang pak bu bapak ibu tuan nyonya mr mrs ms sir dame lord lady
  eksekutif utama operasional direktur-jenderal dirjen sesjen kasad kasal kasau pangkostrad
  laksamana marsekal kepala-staf mantan eks calon capres cawapres caleg bakal terpilih ketum sekum
  bendahara wakil-ketua pemilik ketua-umum produser penyanyi aktor aktris pelatih pemain kiper
  striker kapten-tim manajer-tim penulis wartawan jurnalis reporter editor redaktur aktivis
  pengusaha bos chairman founder co-founder presdir komut wamen wamenlu menteri-luar-negeri
  pemimpin-tertinggi ayatollah emir sultan syeikh perdana-menteri komjen laksda laksdya marsda
  marsdya laksma marsma inspektur mbak mas bang kang cak gus ning daeng bung abah pol purn pj pjs plh
  mensesneg menpora mendag mendes menaker mentan menhub menag mendikbud mendikbudristek menpan
  menpanrb menparekraf menkominfo menkopolhukam menkomarves menkumham menkop menlhk menperin
  menpppa menristek menesdm menpupr menkopmk menkoperekonomian mensos menpar wamenkeu wamenhan
  kapuspenkum kasipenkum kajati kajari kabidhumas kadivhumas karopenmas dirtipidnarkoba dirreskrimum
  dirreskrimsus dirlantas kasatreskrim kasat kapolrestabes kapolresta kakanwil kalapas kepsek
`);

/** Shortened titles and the words they stand for, so "kata Menlu" finds "Menteri Luar Negeri X". */
const ROLE_ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  ['menlu', ['menteri', 'luar', 'negeri']],
  ['menhan', ['menteri', 'pertahanan']],
  ['menkeu', ['menteri', 'keuangan']],
  ['menkes', ['menteri', 'kesehatan']],
  ['mendagri', ['menteri', 'dalam', 'negeri']],
  ['wapres', ['wakil', 'presiden']],
  ['jubir', ['juru', 'bicara']],
  ['dubes', ['duta', 'besar']],
  ['sekjen', ['sekretaris', 'jenderal']],
  ['pm', ['perdana', 'menteri']],
  ['wamenlu', ['wakil', 'menteri', 'luar', 'negeri']],
  ['dirut', ['direktur', 'utama']],
  ['ketum', ['ketua', 'umum']],
  ['kapolri', ['kepala', 'polri']],
  ['walkot', ['wali', 'kota']],
  ['walikota', ['wali', 'kota']],
]);

/** Military and police ranks and the general words they hold. */
const RANK_WORDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['brigjen', ['brigjen', 'brigadir', 'jenderal']],
  ['mayjen', ['mayjen', 'mayor', 'jenderal']],
  ['letjen', ['letjen', 'letnan', 'jenderal']],
  ['irjen', ['irjen', 'inspektur', 'jenderal']],
  ['komjen', ['komjen', 'komisaris', 'jenderal']],
  ['kombes', ['kombes', 'komisaris', 'besar']],
  ['laksda', ['laksda', 'laksamana']],
  ['laksdya', ['laksdya', 'laksamana']],
  ['marsda', ['marsda', 'marsekal']],
  ['marsdya', ['marsdya', 'marsekal']],
]);

/** Role words with shortened titles spelled out ("menlu" -> "menteri luar negeri"). */
export function expandRoles(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    // "Kepala Negara" is how Indonesian news refers to the president.
    if (w === 'kepala' && words[i + 1] === 'negara') {
      out.push('presiden');
      i++;
      continue;
    }
    // "Brigjen" is a general ("jenderal bintang satu itu"), "Kombes" a colonel: ranks read as their words.
    const alias = ROLE_ALIASES.get(w) ?? RANK_WORDS.get(w);
    if (alias) out.push(...alias);
    else out.push(w);
  }
  return out;
}

/** Heads of institution names: an NP with one of these and no person name is an institution. */
export const INSTITUTION_HEADS = words(`
  kementerian kemenlu kemenkes kemendagri kemenhan kemenkeu kemenko kemenkumham kemensos kemendikbud
  departemen kedutaan kedubes konsulat badan komisi dewan lembaga dinas kepolisian polri polda polres
  polsek pusat biro direktorat partai universitas bank pemerintah pemerintahan pemprov pemkot pemkab
  majelis mahkamah institut fakultas balai satuan satgas tentara angkatan militer kejaksaan kejagung
  kejati pengadilan istana parlemen kongres senat kabinet sekretariat organisasi asosiasi yayasan
  perusahaan koalisi aliansi otoritas agensi korps markas mabes kodam korem kodim tni dpr mpr dpd
  dprd kpk kpu bawaslu bnpb bpbd bmkg ojk bpk bps bin bnn lipi brin basarnas kemlu pbb who nato
  asean opec imf unicef unesco unhcr ue komnas kpai ombudsman pentagon kremlin kantor gedung kpk
  federasi liga klub tim timnas federation ministry department office council committee agency
  gerindra golkar demokrat nasdem perindo hanura gelora ummat pdip pdi-p pkb pks ppp pan psi
  hamas hizbullah hezbollah taliban houthi isis idf kcna
  bulog perum persero pertamina pln bumn
`);

/** Words inside institution names and role phrases that are not names (lowercase). */
export const DOMAIN_WORDS = words(`
  luar negeri dalam kesehatan keuangan pertahanan hukum agama pendidikan sosial perhubungan
  perdagangan perindustrian pertanian energi sumber daya mineral keamanan nasional umum pekerjaan
  rakyat perumahan kelautan perikanan lingkungan hidup kehutanan pariwisata ekonomi kreatif bidang
  politik kemaritiman investasi pembangunan perencanaan desa tenaga kerja komunikasi informatika
  informasi kebudayaan riset teknologi pemuda olahraga negara milik pemberdayaan perempuan
  perlindungan anak aparatur reformasi birokrasi transportasi penanggulangan bencana data statistik
  meteorologi klimatologi geofisika intelijen pemberantasan korupsi pemilihan pengawas jasa
  permusyawaratan daerah provinsi kabupaten kota republik kerajaan uni persatuan bangsa bangsa-bangsa
  bersatu serikat timur barat utara selatan tengah raya agung konstitusi tinggi angkatan darat laut
  udara staf gabungan kepresidenan putih urusan kebencanaan keselamatan pangan obat makanan
  perbankan moneter fiskal pajak bea cukai imigrasi pemasyarakatan lalu lintas kriminal khusus umum
  reserse narkotika siber humas hubungan masyarakat publik internasional dunia eropa asia afrika
  perjanjian kolektif keamanan kerjasama kerja-sama organisasi regional global luar-negeri
  perang dingin dunia berita kantor televisi pidana perdata
`);

/** Countries, nationalities (same word in Indonesian), capitals and major cities, regions. */
export const PLACE_WORDS = words(`
  indonesia rusia ukraina amerika as usa inggris britania prancis perancis jerman italia spanyol
  portugal belanda belgia swiss austria polandia ceko slowakia hungaria rumania bulgaria yunani turki
  swedia norwegia finlandia denmark islandia irlandia estonia latvia lithuania lituania belarus
  belarusia moldova georgia armenia azerbaijan kazakhstan uzbekistan turkmenistan kirgistan
  tajikistan afghanistan pakistan india bangladesh nepal lanka myanmar thailand vietnam laos
  kamboja malaysia singapura brunei filipina timor leste china tiongkok taiwan jepang korea mongolia
  australia selandia papua iran irak suriah lebanon israel palestina yordania arab saudi yaman oman
  qatar kuwait bahrain uea emirat mesir libya tunisia aljazair maroko sudan ethiopia kenya nigeria
  ghana afrika kanada meksiko brasil argentina chili peru kolombia venezuela kuba serbia kroasia
  bosnia albania makedonia slovenia montenegro kosovo siprus malta luksemburg monako gaza tepi
  moskow moskwa kyiv kiev kiew washington london paris berlin roma madrid brussels brussel beijing
  tokyo seoul pyongyang teheran tehran baghdad damaskus ankara istanbul riyadh doha dubai kairo
  yerusalem jerusalem tel aviv wina vienna jenewa geneva minsk warsawa praha budapest helsinki
  stockholm oslo kopenhagen vilnius riga tallinn canberra sydney ottawa delhi new york manila hanoi
  bangkok kuala lumpur jakarta surabaya bandung medan semarang makassar yogyakarta denpasar bali
  jawa sumatra sumatera kalimantan sulawesi maluku nusa tenggara aceh riau banten lampung
  donbas donetsk luhansk krimea crimea kherson zaporizhzhia kharkiv odesa bakhmut mariupol lviv
  kremlin barat timur vatikan eurasia balkan skandinavia baltik kaukasus siberia
  rusia-ukraina hong kong makau kaliningrad belgorod kursk tunxi
  naypyidaw pretoria nairobi abuja caracas havana bogota lima santiago buenos aires brasilia taipei
  phnom penh vientiane dhaka islamabad kabul beirut amman sanaa muscat abu dhabi manama khartoum
  addis ababa tripoli tunis aljir rabat dakar accra lagos kinshasa luanda harare lusaka johannesburg
  athena lisbon dublin amsterdam haag bern belgrade beograd zagreb sarajevo sofia bukares chisinau
  tbilisi yerevan baku astana tashkent shanghai wuhan hongkong osaka kyoto busan mumbai karachi
  lahore kolkata chennai jeddah mekkah madinah mekah makkah yerusalem ramallah rafah idlib aleppo
  homs mosul basra erbil kandahar herat gaza strip donetsk sevastopol odessa mykolaiv dnipro
  chicago angeles francisco miami boston houston seattle texas california florida virginia
  washington-dc london-timur munich muenchen frankfurt hamburg milan milano napoli barcelona
  marseille lyon geneve zurich davos stockholm-utara singapore pattaya phuket chiang mai
  bogor depok tangerang bekasi cianjur cirebon solo surakarta malang kediri banyuwangi palembang
  pekanbaru padang jambi bengkulu pontianak banjarmasin samarinda balikpapan manado palu kendari
  ambon ternate jayapura sorong merauke kupang mataram lombok batam tanjungpinang serang garut
  tasikmalaya sukabumi karawang purwakarta subang indramayu tegal pekalongan magelang klaten
  sleman bantul kudus jepara pati rembang tuban gresik sidoarjo mojokerto jember madiun blitar
  kalimantan-timur sulawesi-selatan papua-barat ntt ntb dki diy jabar jateng jatim sumut sumbar
  sumsel kalbar kalteng kalsel kaltim kaltara sulut sulteng sulsel sultra sulbar babel kepri
`);

/** Day and month names and time words that are capitalised. */
export const TIME_WORDS = words(`
  senin selasa rabu kamis jumat jum'at sabtu minggu ahad januari februari maret april mei juni juli
  agustus september oktober november desember wib wita wit pagi siang sore malam
`);

/** Function words that are capitalised at the start of a sentence. */
export const FUNCTION_WORDS = words(`
  saat sementara namun tetapi tapi dan atau dalam pada di ke dari sebelum setelah sesudah meskipun
  walaupun menurut berbicara itu ini hal para beberapa dengan untuk jika kalau karena sebab kini
  sejak tak tidak pekan bulan tahun hari sedangkan adapun selain bahkan lebih kemudian lalu
  akibatnya sehingga oleh sebagai seperti yakni yaitu bahwa ketika usai jelang menjelang terkait
  soal tentang mengenai atas bagi demi hingga sampai sambil seraya sebelumnya selanjutnya
  sebagaimana apalagi justru pun pula juga ia dia beliau mereka kami kita saya aku anda kamu
  baca lihat simak foto video sumber editor penulis halaman tags the of a an and to
  ketua-nya kata ujar berdasarkan mengutip dikutip dilansir seorang sebuah salah satu semua setiap
  banyak sejumlah pihak hari-hari pemimpin sekitar hampir kurang pukul jam tanggal waktu kali
  seluruh tiap masing-masing sebagian senada terpisah sebaliknya
`);

/** Common nouns that open sentences capitalised ("Studi itu menyebutkan …"): never names. */
const COMMON_NOUNS = words(`
  studi survei dokumen hasil riset surat rilis unggahan tulisan artikel rencana aturan draf usulan
  proposal putusan pesan catatan analisis jajak angka grafik peta gambar rekaman transkrip email
  memo aplikasi sistem program proyek pasal bab ayat ketentuan kalimat judul buku film lagu acara
  operasi serangan pasukan kapal pesawat rudal harga nilai jumlah total
`);

/** Pronouns that refer to one person. */
export const PERSON_PRONOUNS = words('ia dia beliau');

/** Heads of NPs that name no one in particular (`kata seorang pejabat`): no speaker. */
export const ANONYMOUS_HEADS = words(`
  sumber pejabat warga saksi seorang korban petugas pria wanita perempuan lelaki pengunjung netizen
  warganet orang mereka kami kita salah narasumber responden para
`);

/** Words naming media; `kantor berita RIA` is an outlet quoted, not a speaker. */
export const MEDIA_WORDS = words(`
  kantor berita media surat kabar harian koran stasiun televisi situs laman akun kanal saluran
  majalah portal laporan reuters afp ap antara xinhua tass ria bloomberg cnn bbc sputnik interfax
  kyodo yonhap bernama anadolu aljazeera kompas tempo detik okezone liputan6 kumparan
`);

/** Particles inside personal names (`Mohammed bin Salman`, `Ursula von der Leyen`). */
export const NAME_PARTICLES = words('br boru bin binti ibn van von der den de da del della du dos das al el la le ter ten');

/** Abbreviations whose period does not end a sentence (lowercase, without the period). */
export const ABBREVIATIONS = words(`
  dr prof ir h hj drs dra jl jln no st mr mrs ms sen gen lt col kol brigjen kombes kapt rp pt cv tbk
  dll dsb dkk yth an up vs tn ny sdr sdri bpk kec kab prov pol purn
`);

/** Demonstratives that close an anaphoric NP (`Menteri Luar Negeri Rusia itu`). */
export const DEMONSTRATIVES = words('itu tersebut ini');

/** Connectors allowed inside a role phrase (`Duta Besar Rusia untuk AS`). */
export const NP_CONNECTORS = words('untuk dari urusan bidang se');

/** True when a lowercase word is a known non-name (role, institution, place, time, function). */
export function isNonNameWord(lower: string): boolean {
  return (
    ROLE_WORDS.has(lower) ||
    INSTITUTION_HEADS.has(lower) ||
    DOMAIN_WORDS.has(lower) ||
    PLACE_WORDS.has(lower) ||
    TIME_WORDS.has(lower) ||
    FUNCTION_WORDS.has(lower) ||
    MEDIA_WORDS.has(lower) ||
    COMMON_NOUNS.has(lower)
  );
}
