/**
 * Event logs shared by parts 4, 5 and 6 within one run (built once per size, in bench/.tmp/run-<pid>,
 * removed when the run ends). Built afresh every run: the log's format belongs to code that changes.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runWorker } from './measure';
import { REPO_ROOT } from './processes';
import type { LogFixture } from '../workers/log-fixture-worker';

const RUN_DIR = join(REPO_ROOT, 'bench/.tmp', `run-${process.pid}`);
const built = new Map<string, Promise<LogFixture>>();

export interface FixtureSpec {
  managers: number;
  membersPerManager: number;
  departmentsPerManager: number;
  days: number;
  maxUsageEvents: number;
}

export function logFixture(spec: FixtureSpec, timeoutMs: number): Promise<LogFixture> {
  const name = `log-${spec.managers}x${spec.membersPerManager}-${spec.days}d-${spec.maxUsageEvents}.sqlite`;
  let fixture = built.get(name);
  if (!fixture) {
    mkdirSync(RUN_DIR, { recursive: true });
    const file = join(RUN_DIR, name);
    if (existsSync(file)) rmSync(file);
    fixture = runWorker<LogFixture>(
      'log-fixture-worker',
      [file, spec.managers, spec.membersPerManager, spec.departmentsPerManager, spec.days, spec.maxUsageEvents],
      timeoutMs,
    );
    built.set(name, fixture);
  }
  return fixture;
}

export function removeFixtures(): void {
  rmSync(RUN_DIR, { recursive: true, force: true });
}
