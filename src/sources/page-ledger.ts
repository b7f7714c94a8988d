/** What the page enricher asks the store: is an article URL already stored, and how did its page fare. */
import type { ArticleStore, PageAttemptStore, Store } from '../store/ports.ts';

export type { PageAttempt, PageAttemptStore } from '../store/ports.ts';

/** The store as the enricher sees it: page attempts, and what is stored under an article URL. */
export interface PageLedger extends PageAttemptStore, Pick<ArticleStore, 'storedBody'> {}

/** The ledger of one store. */
export function pageLedgerOf(store: Pick<Store, 'articles' | 'pageAttempts'>): PageLedger {
  return {
    storedBody: (url) => store.articles.storedBody(url),
    pageAttempt: (url) => store.pageAttempts.pageAttempt(url),
    recordPageFailure: (url, attempt) => store.pageAttempts.recordPageFailure(url, attempt),
  };
}
