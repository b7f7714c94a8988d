/** What the page enricher asks the store: is an article URL already stored, and how did its page fare. */

/** Failed fetches of one article page. */
export interface PageAttempt {
  /** Consecutive failures. */
  readonly failures: number;
  /** ISO instant before which the page is not fetched again; null = given up (the snippet stays). */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
}

export interface PageAttemptStore {
  pageAttempt(url: string): PageAttempt | null;
  recordPageFailure(url: string, attempt: PageAttempt): void;
}

/** The store as the enricher sees it. */
export interface PageLedger extends PageAttemptStore {
  /** What is stored under an article URL: full text, a snippet only, or nothing. */
  storedBody(url: string): 'full' | 'snippet' | null;
}
