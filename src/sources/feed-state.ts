/** Per-feed polling state, persisted by the store so backoff and conditional GET survive restarts. */
export interface FeedState {
  readonly url: string;
  /** ETag and Last-Modified of the last 200 answer, sent back for conditional GET. */
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** Consecutive failures; reset to 0 by a success. */
  readonly failures: number;
  /** ISO instant before which the feed is not polled again (backoff), null = now. */
  readonly nextAttemptAt: string | null;
  /** Disabled after too many failures; an operator re-enables it. */
  readonly disabled: boolean;
  readonly lastError: string | null;
  readonly lastSuccessAt: string | null;
}

export interface FeedStateStore {
  getFeedState(url: string): FeedState | null;
  putFeedState(state: FeedState): void;
}
