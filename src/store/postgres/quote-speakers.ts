/** Renaming quote speakers (the core's story-level resolution) and recounting the keys touched. */
import type { QuoteSpeakerChange } from '../ports.ts';
import type { Queryable } from './pool.ts';

/** Takes the speaker-writers' turn and tells every process's speaker cache to reload. */
export async function bumpSpeakers(client: Queryable): Promise<void> {
  await client.query(`UPDATE store_versions SET version = version + 1 WHERE name = 'speakers'`);
}

/**
 * Gives each quote its new speaker and key, then recounts every key that lost or gained a quote.
 * Run inside a transaction; returns the number of quotes changed.
 */
export async function renameQuoteSpeakers(client: Queryable, changes: readonly QuoteSpeakerChange[]): Promise<number> {
  await bumpSpeakers(client);
  const touched = new Set<string>();
  let changed = 0;
  for (const c of changes) {
    const { rows } = await client.query<{ before: string | null }>(
      `UPDATE quotes q SET speaker = $1, speaker_key = $2
        FROM (SELECT speaker_key AS before FROM quotes WHERE article_id = $3 AND position = $4) old
        WHERE q.article_id = $3 AND q.position = $4 AND (q.speaker IS DISTINCT FROM $1 OR q.speaker_key IS DISTINCT FROM $2)
        RETURNING old.before`,
      [c.speaker, c.speakerKey, c.articleId, c.position],
    );
    if (rows.length === 0) continue;
    changed++;
    if (rows[0]?.before) touched.add(rows[0].before);
    touched.add(c.speakerKey);
  }
  if (touched.size > 0) {
    const keys = [...touched];
    await client.query('DELETE FROM speakers WHERE key = ANY($1::text[])', [keys]);
    await client.query(
      `INSERT INTO speakers (key, name, count)
       SELECT speaker_key, COALESCE(NULLIF(TRIM(speaker), ''), speaker_key), COUNT(*) FROM quotes
       WHERE speaker_key = ANY($1::text[]) GROUP BY 1, 2`,
      [keys],
    );
  }
  return changed;
}
