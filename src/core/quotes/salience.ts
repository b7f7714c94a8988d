/**
 * Who is salient while an article is read, and whom a reference means: the last speaker and the
 * recent people ("ia", "dia" and -nya verbs name the last speaker; a person who just acted in the
 * same paragraph goes first), a title ("kata Presiden" -> the latest person holding it, or someone
 * the article introduced with it), and a description closed by "itu" ("jenderal bintang satu itu",
 * "politikus Partai Golkar tersebut", "yang akrab disapa Mas Tri itu", "ujar wanita itu").
 */
import { ANONYMOUS_HEADS, DOMAIN_WORDS, INSTITUTION_HEADS, ROLE_WORDS, expandRoles, speakerKey } from '../speakers/index.ts';
import { display, withKnown, type Registry } from './name-registry.ts';
import type { Entity } from './noun-phrases.ts';

/** The speaker a pronoun or a role anaphor points to. */
export interface Salience {
  current: Entity | null;
  readonly people: Entity[];
  readonly registry: Registry;
  /** Registered holder of a title, by title words (null: nobody or several). */
  readonly byTitle: Map<string, Entity | null>;
  /** Order of the last update of `current`. */
  currentSeq: number;
  /** The last person who merely acted as a sentence subject, with where and when. */
  weak: { readonly entity: Entity; readonly paragraph: number; readonly seq: number } | null;
  seq: number;
}

/**
 * Who "ia", "dia" or a -nya verb in paragraph `pi` means: a person who just acted in this same
 * paragraph, else the last speaker, else anyone who acted before.
 */
export function pronounTarget(state: Salience, pi: number): Entity | null {
  const w = state.weak;
  if (w && w.paragraph === pi && w.seq > state.currentSeq) return w.entity;
  if (state.current === UNNAMED) return null;
  return state.current ?? w?.entity ?? null;
}

/**
 * Who a description with no title to match means ("ujar pria kelahiran Medan itu"): someone
 * introduced in this or the previous paragraph after the last speaker spoke ("Wali Kota X, H. Y,
 * meninjau …" then the quote), else whoever a pronoun would mean.
 */
function describedTarget(state: Salience, pi: number): Entity | null {
  const w = state.weak;
  if (w && w.paragraph >= pi - 1 && w.seq > state.currentSeq && w.entity.name.includes(' ')) return w.entity;
  return pronounTarget(state, pi);
}

/** The last speaker was someone unnamed ("kata seorang warga"). */
export const UNNAMED: Entity = { kind: 'anonymous', name: '', key: '', role: [] };

/** How many recent people a role anaphor looks back over; keeps the work per quote bounded. */
const PEOPLE_WINDOW = 64;

/** `e` spoke or reported: the one pronouns now mean (people and institutions only). */
export function remember(state: Salience, e: Entity): void {
  if (e.kind !== 'person' && e.kind !== 'institution') return;
  state.current = e;
  state.currentSeq = ++state.seq;
  addPerson(state, e);
}

/** The last speaker is someone unnamed ("kata seorang pejabat"): a following "tambahnya" means them. */
export function rememberUnnamed(state: Salience): void {
  state.current = UNNAMED;
  state.currentSeq = ++state.seq;
}

/** A fresh reading state over the article's registry of names. */
export function newSalience(registry: Registry): Salience {
  return { current: null, people: [], registry, byTitle: new Map(), currentSeq: 0, weak: null, seq: 0 };
}

/** `e` acted: a person a title or a description may point back to. */
export function addPerson(state: Salience, e: Entity): void {
  if (e.kind !== 'person' || state.people[state.people.length - 1]?.name === e.name) return;
  state.people.push(e);
  if (state.people.length > 2 * PEOPLE_WINDOW) state.people.splice(0, PEOPLE_WINDOW);
}

const UNNAMED_SOURCES = new Set(['sumber', 'narasumber']);

/** The most recent person whose role holds every role word of `role` ("Presiden" -> "Presiden RI Prabowo Subianto"). */
export function matchRole(state: Salience, role: readonly string[], named: readonly string[] = []): Entity | null {
  // Domain words narrow the title: "Menteri Luar Negeri" is not "Menteri Keuangan".
  const words = expandRoles(role);
  if (!words.some((w) => ROLE_WORDS.has(w) || ANONYMOUS_HEADS.has(w))) return null;
  // A party or a named institution narrows it too: "politikus PDI-P" is not a Golkar politician.
  const all = words.filter((w) => ROLE_WORDS.has(w) || ANONYMOUS_HEADS.has(w) || DOMAIN_WORDS.has(w) || isAffiliation(w));
  // "kata Pak Camat": the courtesy word is not part of the title held.
  const titled = all.filter((w) => !HONORIFICS.has(w));
  const heads = [...(titled.length > 0 ? titled : all), ...named.filter((w) => !all.includes(w))];
  for (let i = state.people.length - 1; i >= 0; i--) {
    const p = state.people[i] as Entity;
    const held = expandRoles(p.role);
    if (heads.every((h) => held.includes(h))) return p;
  }
  // Someone introduced with the title who has not spoken yet ("Presiden Joko Widodo meresmikan …").
  const id = heads.join(' ');
  const cached = state.byTitle.get(id);
  if (cached !== undefined) return cached;
  let found: Entity | null = null;
  for (const known of state.registry.names.values()) {
    const held = expandRoles(known.role);
    if (heads.every((h) => held.includes(h)) && known.name !== found?.name) {
      if (found) {
        found = null;
        break;
      }
      found = withKnown({ kind: 'person', name: known.name, key: '', role: [] }, known);
    }
  }
  state.byTitle.set(id, found);
  return found;
}

const FEMALE = new Set(['wanita', 'perempuan', 'ibu', 'bu', 'hj', 'nyonya', 'mbak', 'putri', 'ratu', 'mrs', 'ms', 'aktris', 'srikandi', 'janda', 'gadis', 'nenek']);
const MALE = new Set(['pria', 'lelaki', 'laki-laki', 'bapak', 'pak', 'mas', 'tuan', 'mr', 'putra', 'raja', 'pangeran', 'aktor', 'kakek', 'duda', 'bang', 'sultan', 'kiai', 'kyai']);

/** 'f' or 'm' when the role words say so ("ibu dua anak", "pria kelahiran Solo"), else null. */
function genderOf(role: readonly string[]): 'f' | 'm' | null {
  for (const w of role) {
    if (FEMALE.has(w)) return 'f';
    if (MALE.has(w)) return 'm';
  }
  return null;
}

/**
 * Who a description closed by "itu" means: the most recent person it describes by title ("jenderal
 * bintang satu itu" -> a Brigjen), by party or institution ("politikus Partai Golkar tersebut"),
 * by nickname ("yang akrab disapa Mas Tri itu"), else the pronoun's target, unless that one is of
 * the other sex than the description says ("ujar wanita itu"), then the latest person who is not.
 */
export function resolveAnaphor(state: Salience, anaphor: Entity, pi: number): Entity | null {
  if (anaphor.alias) {
    const named = display({ kind: 'person', name: anaphor.alias, key: speakerKey(anaphor.alias), role: [] }, state.registry);
    if (named.name !== anaphor.alias) return named;
  }
  const role = anaphor.role;
  const recent = Math.max(0, state.people.length - PEOPLE_WINDOW);
  const stars = starRanks(role);
  if (stars) {
    for (let i = state.people.length - 1; i >= recent; i--) {
      const p = state.people[i] as Entity;
      if (stars(p.role)) return p;
    }
  }
  // "Ketua Dewan Pengurus Harian itu" is not whoever else chairs something: the institution's name narrows.
  const named = institutionName(role);
  const matched = matchRole(state, role, named);
  if (matched) return matched;
  // "pria yang juga Ketua Umum PSSI itu": the title, without the words for a man or a woman.
  const titled = role.filter((w) => !ANONYMOUS_HEADS.has(w) && !FEMALE.has(w) && !MALE.has(w));
  const byFullTitle = titled.length < role.length ? matchRole(state, titled, named) : null;
  if (byFullTitle) return byFullTitle;
  // "sumber itu" points back to an unnamed source; "pria kelahiran Solo itu" to the last speaker.
  if (role.some((w) => UNNAMED_SOURCES.has(w))) return null;
  const affiliation = role.filter(isAffiliation);
  if (affiliation.length > 0) {
    for (let i = state.people.length - 1; i >= recent; i--) {
      const p = state.people[i] as Entity;
      if (affiliation.every((w) => p.role.includes(w))) return p;
    }
  }
  // "jenderal polisi bintang tiga itu": the leading title alone, when nothing above matched.
  const title = role.find((w) => ROLE_WORDS.has(w) && !TITLE_MODIFIERS.has(w));
  const byTitle = title ? matchRole(state, [title], named) : null;
  if (byTitle) return byTitle;
  const target = describedTarget(state, pi);
  const gender = genderOf(role);
  if (!gender || !target || target.kind !== 'person') return target;
  const other = gender === 'f' ? 'm' : 'f';
  if (genderOfPerson(state, target, recent) !== other) return target;
  for (let i = state.people.length - 1; i >= recent; i--) {
    const p = state.people[i] as Entity;
    if (genderOf(p.role) === gender) return p;
  }
  return null;
}

/** The sex any recent mention of `person` gives ("kata Setiawati" after "Lurah … Ibu Setiawati mengatakan"). */
function genderOfPerson(state: Salience, person: Entity, recent: number): 'f' | 'm' | null {
  const own = genderOf(person.role);
  if (own) return own;
  for (let i = state.people.length - 1; i >= recent; i--) {
    const p = state.people[i] as Entity;
    if (p.key === person.key) {
      const g = genderOf(p.role);
      if (g) return g;
    }
  }
  return null;
}

/** Ranks by number of stars ("jenderal bintang dua itu" is an Irjen, a Mayjen, a Laksda or a Marsda). */
const STAR_RANKS: ReadonlyMap<string, readonly string[]> = new Map([
  ['satu', ['brigjen', 'laksma', 'marsma']],
  ['dua', ['irjen', 'mayjen', 'laksda', 'marsda']],
  ['tiga', ['komjen', 'letjen', 'laksdya', 'marsdya']],
]);
const ALL_STAR_RANKS = new Set([...STAR_RANKS.values()].flat());

/** For "bintang N" in a description, a test of whether a person's roles hold an N-star rank; else null. */
function starRanks(role: readonly string[]): ((held: readonly string[]) => boolean) | null {
  const at = role.indexOf('bintang');
  const n = at >= 0 ? role[at + 1] : undefined;
  if (n === undefined) return null;
  const ranks = STAR_RANKS.get(n);
  if (ranks) return (held) => held.some((w) => ranks.includes(w));
  // Four stars: a full general or admiral, with no lower rank.
  if (n === 'empat') return (held) => held.some((w) => w === 'jenderal' || w === 'laksamana' || w === 'marsekal') && !held.some((w) => ALL_STAR_RANKS.has(w));
  return null;
}

/** Words that end an institution's name inside a description, or join its parts. */
const NAME_BREAKS = new Set(['yang', 'itu', 'tersebut', 'ini', 'di', 'dari', 'untuk', 'pada', 'sejak']);

/**
 * The words naming the institution in a description ("dosen fakultas ekonomi dan bisnis" ->
 * ekonomi, bisnis): those after its first generic institution head, without joiners; [] when none.
 */
function institutionName(role: readonly string[]): string[] {
  const at = role.findIndex((w) => GENERIC_HEADS.has(w));
  if (at < 0) return [];
  const out: string[] = [];
  for (let i = at + 1; i < role.length; i++) {
    const w = role[i] as string;
    if (NAME_BREAKS.has(w)) break;
    if (w !== 'dan' && w !== '&' && !GENERIC_HEADS.has(w)) out.push(w);
  }
  return out;
}

/** Courtesy words before a title ("Pak Camat", "Bu Menteri"). */
const HONORIFICS = new Set(['pak', 'bu', 'bapak', 'ibu', 'mas', 'mbak', 'bang', 'sang', 'tuan', 'nyonya']);

/** Words before a title that do not say which title ("mantan menteri", "sang jenderal"). */
const TITLE_MODIFIERS = new Set(['mantan', 'eks', 'sang', 'senior', 'calon', 'bakal', 'pak', 'bu', 'bapak', 'ibu']);

/** A party or a particular institution ("golkar", "bnpb"), not a generic head ("partai"). */
const isAffiliation = (w: string): boolean => AFFILIATIONS.has(w) || (INSTITUTION_HEADS.has(w) && !GENERIC_HEADS.has(w));

/** Institution heads too general to tell one person from another ("partai", "kementerian"). */
const GENERIC_HEADS = new Set(['partai', 'kementerian', 'badan', 'komisi', 'dewan', 'lembaga', 'dinas', 'pemerintah', 'pemerintahan', 'pusat', 'kantor', 'gedung', 'tim', 'organisasi', 'perusahaan', 'universitas', 'bank', 'majelis', 'mahkamah', 'institut', 'satuan', 'angkatan', 'markas', 'liga', 'klub', 'federasi', 'asosiasi', 'yayasan', 'koalisi', 'aliansi', 'biro', 'direktorat', 'balai', 'sekretariat', 'fakultas']);
/** Party names and similar affiliations a description may give ("politikus PDI-P itu"). */
const AFFILIATIONS = new Set(['gerindra', 'golkar', 'demokrat', 'nasdem', 'perindo', 'hanura', 'gelora', 'ummat', 'pdip', 'pdi-p', 'pkb', 'pks', 'ppp', 'pan', 'psi']);
