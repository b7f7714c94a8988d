/** The feed poller's state port (per-feed backoff and conditional GET), from the storage seam. */
export type { FeedState, FeedStateStore } from '../store/ports.ts';
