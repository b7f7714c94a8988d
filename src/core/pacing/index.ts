/**
 * The pacing room's door: how repeated work is spaced: the exponential backoff after failures and bounded concurrency.
 * Code outside this folder imports only this file.
 */
export { backoffDelay, jitteredBackoffDelay, type BackoffPolicy } from './backoff.ts';
export { mapBounded } from './bounded-map.ts';
