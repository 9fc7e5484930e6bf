import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, DEFAULT_CONFIG, ManualClock, type ApiApp, type ApiConfig, type CreateAppOptions } from '../../src';

/** One API over real HTTP on 127.0.0.1 (a free port), with its own temporary DATA_DIR and a movable clock. */
export interface Harness {
  url: string;
  api: ApiApp;
  clock: ManualClock;
  dataDir: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  head(): Promise<number>;
  close(): Promise<void>;
}

export interface CallOptions {
  key?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding); content type defaults to application/json. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

export const START = '2025-03-15T10:00:00.000Z';

/** Test logs need no durability: on Linux the event log lives in memory-backed /dev/shm when there is one. */
const SCRATCH = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export async function startApi(overrides: Partial<ApiConfig> = {}, options: CreateAppOptions = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(SCRATCH, 'skype-manager-api-'));
  const clock = new ManualClock(START);
  const config: ApiConfig = { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', ...overrides };
  const api = await createApp(config, { clock, ...options });
  const url = await api.listen();
  return {
    url,
    api,
    clock,
    dataDir,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      let body: string | undefined;
      if (options.raw !== undefined) body = options.raw;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    head: () => api.store.headPosition(),
    async close() {
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
