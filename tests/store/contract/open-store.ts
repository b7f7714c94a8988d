/**
 * What the store contract needs of an implementation: a way to open a `Store` (the aggregate of
 * src/store/ports.ts). Every test opens its own, empty database; opening the same `name` again within
 * one test reaches the same database (a restart, or a second process).
 */
import type { SpeakerDirectory } from '../../../src/core/speakers/index.ts';
import type { Store } from '../../../src/store/ports.ts';

/** The settings a contract test may give a store (the ones every implementation takes). */
export interface ContractStoreOptions {
  /** Clock for created/fetched/updated stamps. */
  readonly now?: () => Date;
  /** Zone in which a date-only article's day starts. */
  readonly timeZone?: string;
  /** The operator's speaker aliases, for `/quotes` lookups. */
  readonly speakers?: SpeakerDirectory;
}

/** Opens the test's database called `name` (default: the test's one database). */
export type OpenStore = (options?: ContractStoreOptions, name?: string) => Promise<Store>;
