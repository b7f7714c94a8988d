/**
 * The articles a story index holds: each indexed article (an entry) with its story, the postings of
 * its distinctive features and its near-duplicate band keys, and each story's live members and the
 * days they span. Entries are appended and only marked dead when evicted; `compact` rebuilds the
 * lists without the dead ones.
 */
import type { ClusterOptions } from './cluster-options.ts';
import type { Doc, RawDoc } from './story-docs.ts';
import { freshStoryId } from './story-id.ts';

/** One indexed article. */
export interface Entry {
  readonly raw: RawDoc;
  readonly doc: Doc;
  storyId: string;
  live: boolean;
}

/** One story of the window. */
export interface StoryState {
  /** Entry indexes of its live members. */
  readonly entries: number[];
  members: number;
  first: number | null;
  last: number | null;
}

function post(map: Map<number, number[]>, key: number, at: number): void {
  const list = map.get(key);
  if (list) list.push(at);
  else map.set(key, [at]);
}

const featuresOf = (r: RawDoc): Iterable<number> => [...r.words.ids, ...r.names.ids, ...r.quoteShingles, ...r.factIds];

/** The indexed articles, their postings and their stories. */
export class StoryWindow {
  entries: Entry[] = [];
  readonly byArticle = new Map<string, number>();
  /** Entry indexes by feature id. */
  readonly postings = new Map<number, number[]>();
  /** Entry indexes by near-duplicate band key. */
  readonly bandIndex = new Map<number, number[]>();
  readonly stories = new Map<string, StoryState>();
  /** Entries not evicted. */
  live = 0;

  constructor(readonly o: Required<ClusterOptions>) {}

  /** The document frequency above which a feature is too common to say which event an article reports. */
  maxDf(): number {
    return Math.max(this.o.maxPosting, Math.ceil(this.o.maxFeatureShare * this.live));
  }

  /** Adds the entry at `at` to the story `storyId`, creating the story. */
  join(storyId: string, day: number | null, at: number): void {
    let s = this.stories.get(storyId);
    if (!s) this.stories.set(storyId, (s = { entries: [], members: 0, first: null, last: null }));
    s.entries.push(at);
    s.members++;
    if (day !== null) {
      s.first = s.first === null ? day : Math.min(s.first, day);
      s.last = s.last === null ? day : Math.max(s.last, day);
    }
  }

  /** Appends an entry, posted under its article id, its features and its band keys. */
  push(e: Entry): number {
    const at = this.entries.length;
    this.index(e, at);
    this.entries.push(e);
    return at;
  }

  /** A story id not in use: the article's own id, suffixed when taken. */
  freshStoryId(articleId: string): string {
    return freshStoryId(articleId, (id) => this.stories.has(id));
  }

  /** The lists rebuilt without evicted entries: a long-running process stays bounded. */
  compact(): void {
    this.entries = this.entries.filter((e) => e.live);
    this.byArticle.clear();
    this.postings.clear();
    this.bandIndex.clear();
    for (const st of this.stories.values()) st.entries.length = 0;
    this.entries.forEach((e, at) => {
      this.index(e, at);
      this.stories.get(e.storyId)?.entries.push(at);
    });
  }

  private index(e: Entry, at: number): void {
    this.byArticle.set(e.raw.item.article.id, at);
    for (const f of featuresOf(e.raw)) post(this.postings, f, at);
    if (e.raw.bands) for (const key of e.raw.bands) post(this.bandIndex, key, at);
  }
}
