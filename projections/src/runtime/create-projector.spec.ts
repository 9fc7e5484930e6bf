import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { SqliteReadStore } from '@skype-manager/read-store';
import { createProjector, readSideConfigFromEnv } from './create-projector';

describe('createProjector', () => {
  it('should read where the stores are from the environment, SQLite in ./data by default', () => {
    expect(readSideConfigFromEnv({})).toEqual({ dataDir: './data' });
    expect(
      readSideConfigFromEnv({ DATA_DIR: '/srv/data', EVENTSTORE_URL: ' ', MONGODB_URL: 'mongodb://m/read' }),
    ).toEqual({
      dataDir: '/srv/data',
      mongodbUrl: 'mongodb://m/read',
    });
  });

  it('should open the SQLite files of the data folder and close only what it opened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'create-projector-'));
    try {
      const log = createSqliteEventStore(join(dataDir, 'events.sqlite'));
      const runtime = await createProjector({ config: { dataDir }, eventStore: log });
      await runtime.projector.start();
      expect(runtime.eventStore).toBe(log);
      expect(runtime.readStore).toBeInstanceOf(SqliteReadStore);
      await runtime.close();
      // The given log is still open; the read store the factory opened is closed.
      expect(await log.headPosition()).toBe(0);
      await expect(runtime.readStore.get('projector_generations', 'balances')).rejects.toThrow(/not open/);
      await log.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
