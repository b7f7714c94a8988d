/**
 * Digest -> JSON for `kilas digest --format json`: the Digest model itself, with keys in the order
 * the types declare them (not insertion order), so the output is stable whatever built the object.
 */
import type { Digest, Story, StoryQuote, StorySource } from '../core/model/index.ts';

const quote = (q: StoryQuote) => ({
  text: q.text,
  speaker: q.speaker,
  speakerKey: q.speakerKey,
  outlets: q.outlets,
  articleIds: [...q.articleIds],
});

const source = (s: StorySource) => ({ articleId: s.articleId, title: s.title, url: s.url, outlet: s.outlet, sourceKey: s.sourceKey });

const story = (s: Story) => ({
  id: s.id,
  headline: s.headline,
  link: s.link,
  summary: [...s.summary],
  quotes: s.quotes.map(quote),
  sources: s.sources.map(source),
  articleIds: [...s.articleIds],
  publishedAt: s.publishedAt,
  score: s.score,
});

/** The digest as a plain object with stable key order. */
export function digestJson(digest: Digest) {
  return {
    window: { from: digest.window.from, to: digest.window.to },
    timeZone: digest.timeZone,
    date: digest.date,
    stories: digest.stories.map(story),
    stats: {
      stories: digest.stats.stories,
      articles: digest.stats.articles,
      outlets: digest.stats.outlets,
      quotes: digest.stats.quotes,
    },
  };
}

/** Pretty-printed JSON of the digest (two-space indent, trailing newline). */
export function renderJson(digest: Digest): string {
  return `${JSON.stringify(digestJson(digest), null, 2)}\n`;
}
