/** The store contract on SQLite: every test its own temp folder; a name is a file in it. */
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { tempDirPerTest } from '../helpers.ts';
import { describeStoreContract } from './describe-store-contract.ts';

const temp = tempDirPerTest();

describeStoreContract('sqlite', async (options = {}, name = 'kilas') => openSqliteStore(temp.current.file(`${name}.db`), options));
