import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../test-support/read-store.contract';
import { planQuery } from '../query-plan';
import { selectSql } from './sqlite-query';
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

  it('should use the declared index for a range query on it, sorted by it', async () => {
    const store = new SqliteReadStore();
    await store.ensureCollections([
      { name: 'spend', indexes: [{ fields: ['managerId', 'scope', 'month'] }] },
    ]);
    const query = selectSql(
      'spend',
      planQuery(
        { managerId: 'm', scope: 'group', month: { gte: '2025-01' } },
        { sort: [{ field: 'month', direction: 'asc' }] },
      ),
      new Set(['managerId', 'scope', 'month']),
    );
    const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{
      detail: string;
    }>;
    const details = plan.map((row) => row.detail).join(' | ');
    expect(details).toMatch(
      /USING INDEX ix_spend__managerId__scope__month \(f:managerId=\? AND f:scope=\? AND f:month>\?\)/,
    );
    expect(details).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    await store.close();
  });

  it('should not bind LIMIT as a bare parameter (SQLite would compile the query again on every run)', () => {
    const query = selectSql('spend', planQuery({ managerId: 'm' }, { limit: 10, offset: 5 }), new Set(['managerId']));
    expect(query.sql).toMatch(/LIMIT CAST\(\? AS INTEGER\) OFFSET \?$/);
    expect(query.sql).not.toMatch(/LIMIT\s+\?/);
    expect(query.params.slice(-2)).toEqual([10, 5]);
  });

  it('should fill the column of an index declared after documents were stored', async () => {
    const store = new SqliteReadStore();
    await store.transaction({
      writes: [{ kind: 'put', collection: 'late_index', document: { id: 'a', nested: { day: 'x' } } }],
    });
    await store.ensureCollections([{ name: 'late_index', indexes: [{ fields: ['nested.day'] }] }]);
    expect(await store.find('late_index', { 'nested.day': 'x' })).toEqual([
      { id: 'a', nested: { day: 'x' } },
    ]);
    await store.close();
  });
});
