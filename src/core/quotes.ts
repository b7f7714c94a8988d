/**
 * STUB — placeholder until the quotes engineer lands the real quote extraction in this file.
 * Returns no quotes so the pipeline and `kilas extract` run end to end meanwhile.
 */
import type { Quote } from './types.ts';

/** Direct quotes in `paragraphs` with their speakers. Stub: always empty. */
export function extractQuotes(paragraphs: readonly string[], options?: { title?: string | null }): Quote[] {
  void paragraphs;
  void options;
  return [];
}
