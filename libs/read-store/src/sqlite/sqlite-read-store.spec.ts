import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../test-support/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

describeReadStoreContract('SQLite :memory:', async () => new SqliteReadStore({ path: ':memory:' }));

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

describeReadStoreContract('SQLite file (WAL)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'read-store-'));
  directories.push(directory);
  return new SqliteReadStore({ path: join(directory, 'read.sqlite') });
});

describe('SQLite read store specifics', () => {
  it('should let a second connection read what the first committed (WAL)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'read-store-'));
    directories.push(directory);
    const path = join(directory, 'read.sqlite');
    const writer = new SqliteReadStore({ path });
    const reader = new SqliteReadStore({ path });
    expect(await reader.get('late', 'a')).toBeUndefined();
    await writer.transaction({ writes: [{ kind: 'put', collection: 'late', document: { id: 'a' } }] });
    expect(await reader.get('late', 'a')).toEqual({ id: 'a' });
    await writer.dropCollections(['late']);
    expect(await reader.find('late')).toEqual([]);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('should use the declared index for a range query on it', async () => {
    const store = new SqliteReadStore();
    await store.ensureCollections([{ name: 'spend', indexes: [{ fields: ['managerId', 'scope', 'day'] }] }]);
    const plan = (store as unknown as { db: import('better-sqlite3').Database }).db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT doc FROM c_spend WHERE json_extract(doc, '$.managerId') = ? AND json_extract(doc, '$.scope') = ? AND json_extract(doc, '$.day') >= ? ORDER BY json_extract(doc, '$.day')`,
      )
      .all('m', 'group', '2025-01-01') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/USING INDEX ix_spend__managerId__scope__day/);
    await store.close();
  });
});
