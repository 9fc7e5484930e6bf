import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { describeReadStoreContract } from '../test-support/read-store.contract';
import { MongoReadStore } from './mongo-read-store';

const url = process.env.MONGODB_URL;

if (url) {
  describeReadStoreContract('MongoDB', async () => {
    // Each test gets its own database, dropped when the store closes, so runs never see each other.
    const databaseName = `read_store_contract_${randomUUID().replace(/-/g, '')}`;
    const store = await MongoReadStore.connect({ url, databaseName });
    const close = store.close.bind(store);
    store.close = async () => {
      await (store as unknown as { db: Db }).db.dropDatabase();
      await close();
    };
    return store;
  });
} else {
  const reason = 'skipped: set MONGODB_URL to run the MongoDB read-store contract suite';
  // Jest does not list the tests of a wholly skipped file, so the reason is also printed plainly.
  process.stderr.write(`${reason}\n`);
  it.skip(reason, () => undefined);
}
