import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { ALL_PROJECTIONS, getManagerOverview, ReadModels } from '@skype-manager/projections';
import { SqliteReadStore } from '@skype-manager/read-store';
import { appendTo } from '../../../projections/src/test-support/event-log';
import { M1, sampleHistory } from '../../../projections/src/test-support/sample-history';
import { startProjectorProcess } from './projector-process';

const silent = { info: () => undefined, error: () => undefined };

describe('projector process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'projector-process-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should project the SQLite log of DATA_DIR into read.sqlite, serve metrics and stop on SIGTERM', async () => {
    const log = createSqliteEventStore(join(dataDir, 'events.sqlite'));
    const { events } = sampleHistory();
    await appendTo(log, events);
    const signals = new EventEmitter();
    const running = await startProjectorProcess({
      env: { DATA_DIR: dataDir, PROJECTOR_PORT: '0' },
      signals,
      logger: silent,
    });
    expect(await running.runtime.projector.waitForPosition(events.length, 10_000)).toBe(true);
    expect(await getManagerOverview(running.runtime.readModels, M1)).toMatchObject({
      name: 'Architectes & Co',
      companyAvailableMinor: 68_280,
    });

    const base = `http://127.0.0.1:${running.health!.port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(
      'projector_lag_events{projection="spend",generation="spend_v1",state="live"} 0',
    );
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', lagEvents: 0 });

    signals.emit('SIGTERM');
    expect(await running.exited).toBe(0);
    await log.close();
    const reopened = new SqliteReadStore({ path: join(dataDir, 'read.sqlite') });
    expect(await new ReadModels(reopened, ALL_PROJECTIONS).position()).toBe(events.length);
    await reopened.close();
  });
});
