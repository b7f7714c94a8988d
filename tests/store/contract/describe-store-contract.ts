/**
 * The store contract: the behaviour every implementation of the storage ports must show, written
 * once and run against each implementation (`describeStoreContract('sqlite', …)`, and the PostgreSQL
 * store's row). A row gives a factory; the contract owns the tests.
 */
import { describe } from 'vitest';
import { articleContract } from './articles.ts';
import { deliveryContract } from './deliveries.ts';
import { feedStateContract } from './feed-states.ts';
import type { OpenStore } from './open-store.ts';
import { sourceContract } from './sources.ts';
import { subscriptionContract } from './subscriptions.ts';

export type { ContractStoreOptions, OpenStore } from './open-store.ts';

/**
 * Registers every contract test under `name`. `open` is called inside each test; the row cleans
 * up what it opened (a temp folder per test, a database per test file …).
 */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`${name} store contract`, () => {
    articleContract(open);
    subscriptionContract(open);
    deliveryContract(open);
    feedStateContract(open);
    sourceContract(open);
  });
}
