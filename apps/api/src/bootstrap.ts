import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandService, type CommandServiceOptions } from '@skype-manager/application';
import { createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { LogController, type FastifyBaseLogger } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from './app.module';
import { SecretIssuer } from './auth/api-keys';
import { eventLogFile, type ApiConfig } from './config/api-config';
import { systemClock, type Clock } from './core/clock';
import { NestPinoLogger } from './core/nest-logger';
import { setUpOpenApi } from './docs/openapi';
import { Metrics } from './health/metrics';
import { Drain } from './http/drain';
import { installFastifyHooks, requestIdOf } from './http/fastify-hooks';
import { createValidationPipe } from './http/validation';
import type { ReadModuleOptions } from './read/read.module';

export interface CreateAppOptions {
  /** Where `now` comes from (tests move time with a ManualClock). */
  clock?: Clock;
  /** The event log; default: SQLite at DATA_DIR/events.sqlite, closed with the app. A given store is not closed. */
  store?: EventStore;
  commandService?: Partial<CommandServiceOptions>;
  /** The read side: its query modules and how far the read models have caught up. */
  read?: ReadModuleOptions;
}

export interface ApiApp {
  readonly app: NestFastifyApplication;
  readonly config: ApiConfig;
  readonly store: EventStore;
  readonly commands: CommandService;
  readonly log: FastifyBaseLogger;
  /** Starts listening on config.host:config.port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, then closes the command service and the store. */
  close(): Promise<void>;
}

const SECRET_FILE = 'api-secret';

/** The server secret from API_SECRET, or a random one kept in DATA_DIR (created on first start). */
async function serverSecret(config: ApiConfig): Promise<Buffer> {
  if (config.apiSecret) return Buffer.from(config.apiSecret, 'utf8');
  const file = join(config.dataDir, SECRET_FILE);
  await mkdir(config.dataDir, { recursive: true });
  try {
    await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${file} must hold at least 32 characters`);
  return Buffer.from(secret, 'utf8');
}

/** Builds the API (initialised, not yet listening): used by main.ts, the tests, the CLI and the demo. */
export async function createApp(config: ApiConfig, options: CreateAppOptions = {}): Promise<ApiApp> {
  const ownsStore = options.store === undefined;
  const store = options.store ?? createSqliteEventStore({ filename: eventLogFile(config) });
  const commands = new CommandService(store, options.commandService);
  const metrics = new Metrics();
  const adapter = new FastifyAdapter({
    logger: { level: config.logLevel },
    // One log line per request is written by the onResponse hook (fastify-hooks.ts) instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, unknown> }) => requestIdOf(request, uuidv7),
  });
  const log = adapter.getInstance().log;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      store,
      commands,
      clock: options.clock ?? systemClock,
      secrets: new SecretIssuer(await serverSecret(config)),
      metrics,
      read: options.read,
    }),
    adapter,
    { bodyParser: false, logger: new NestPinoLogger(log), abortOnError: false },
  );
  installFastifyHooks(adapter.getInstance(), metrics);
  const drain = new Drain();
  drain.install(adapter.getInstance());
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);
  await app.init();

  let closing: Promise<void> | undefined;
  return {
    app,
    config,
    store,
    commands,
    log,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = adapter.getInstance().server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    close() {
      closing ??= (async () => {
        if (!(await drain.stop(config.shutdownTimeoutMs))) log.warn('requests still in flight after the shutdown timeout');
        await app.close();
        await commands.close();
        if (ownsStore) await store.close();
      })();
      return closing;
    },
  };
}
