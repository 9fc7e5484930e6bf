import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandService, type CommandServiceOptions, newId } from '@skype-manager/application';
import type { EventStore } from '@skype-manager/event-store';
import { openEventStore } from '@skype-manager/projections';
import type { ReadStore } from '@skype-manager/read-store';
import { LogController, type FastifyBaseLogger } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { SecretIssuer } from './auth/api-keys';
import type { ApiConfig } from './config/api-config';
import { systemClock, type Clock } from './core/clock';
import { BatchedLogStream } from './core/log-stream';
import { NestPinoLogger } from './core/nest-logger';
import { setUpOpenApi } from './docs/openapi';
import { Metrics } from './health/metrics';
import { Drain } from './http/drain';
import { installFastifyHooks, requestIdOf } from './http/fastify-hooks';
import { createValidationPipe } from './http/validation';
import type { ReadModuleOptions } from './read/read.module';
import { describeEventLog, openReadSide, reachable, type ReadSide } from './read/read-side';

export interface CreateAppOptions {
  /** Where `now` comes from (tests move time with a ManualClock). */
  clock?: Clock;
  /**
   * The event log; default: EVENTSTORE_URL's KurrentDB, else SQLite at DATA_DIR/events.sqlite, closed
   * with the app. A given store is not closed.
   */
  store?: EventStore;
  /** The read models' store; default: MONGODB_URL's MongoDB, else SQLite at DATA_DIR/read.sqlite. A given one is not closed. */
  readStore?: ReadStore;
  commandService?: Partial<CommandServiceOptions>;
  /** More query modules, or another READ_POSITION (default: the projector's progress). */
  read?: Pick<ReadModuleOptions, 'imports' | 'readPosition'>;
}

export interface ApiApp {
  readonly app: NestFastifyApplication;
  readonly config: ApiConfig;
  readonly store: EventStore;
  readonly commands: CommandService;
  /** The read models, and the projector feeding them (null with PROJECTOR=external). */
  readonly readSide: ReadSide;
  readonly log: FastifyBaseLogger;
  /** Starts listening on config.host:config.port; resolves with the base URL. */
  listen(): Promise<string>;
  /**
   * Stops accepting, lets in-flight requests finish, then stops the projector (after its batch in
   * flight) and closes the read store, the command service and the event log.
   */
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

/**
 * The configured event log, checked: it must answer within STORE_CONNECT_TIMEOUT_MS, so a server that
 * is down stops the start with a message instead of failing the first requests.
 */
async function openCheckedEventStore(config: ApiConfig): Promise<EventStore> {
  if (!config.eventStoreUrl) await mkdir(config.dataDir, { recursive: true });
  const store = openEventStore({ dataDir: config.dataDir, eventStoreUrl: config.eventStoreUrl ?? undefined });
  try {
    await reachable(describeEventLog(config), store.headPosition(), config.storeConnectTimeoutMs);
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Builds the API (initialised, not yet listening): used by main.ts, the tests, the CLI and the demo.
 * Unless PROJECTOR=external, the projector runs here, on the same event log instance as the commands.
 */
export async function createApp(config: ApiConfig, options: CreateAppOptions = {}): Promise<ApiApp> {
  const ownsStore = options.store === undefined;
  const store = options.store ?? (await openCheckedEventStore(config));
  let readSide: ReadSide;
  try {
    readSide = await openReadSide(config, store, { readStore: options.readStore });
  } catch (error) {
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
  const commands = new CommandService(store, options.commandService);
  let built: Awaited<ReturnType<typeof buildNestApp>> | undefined;
  try {
    built = await buildNestApp(config, options, { store, commands, readSide });
    await startProjector(readSide, built.log);
  } catch (error) {
    // A failed start leaves nothing open behind it.
    await built?.app.close().catch(() => undefined);
    await readSide.close().catch(() => undefined);
    await commands.close().catch(() => undefined);
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
  const { app, adapter, drain, log, logStream } = built;

  let closing: Promise<void> | undefined;
  return {
    app,
    config,
    store,
    commands,
    readSide,
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
        // The projector reads the log: it stops before the log closes.
        await readSide.close();
        await commands.close();
        if (ownsStore) await store.close();
        logStream.flush();
      })();
      return closing;
    },
  };
}

/** The Nest application over the stores, initialised (not listening). */
async function buildNestApp(
  config: ApiConfig,
  options: CreateAppOptions,
  { store, commands, readSide }: { store: EventStore; commands: CommandService; readSide: ReadSide },
) {
  const metrics = new Metrics();
  const logStream = new BatchedLogStream();
  const adapter = new FastifyAdapter({
    // One write per turn of the event loop for all the lines logged in it (log-stream.ts).
    logger: { level: config.logLevel, stream: logStream },
    // One log line per request is written by the onResponse hook (fastify-hooks.ts) instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    // The process's pooled UUID v7 generator: uuid's v7() asks the OS for random bytes on every call
    // (measured: 671 ms of the API thread's CPU in a 30 s load, ~15 µs a request).
    genReqId: (request: { headers: Record<string, unknown> }) => requestIdOf(request, () => newId()),
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
      read: {
        imports: options.read?.imports,
        readPosition: options.read?.readPosition ?? readSide.position,
        readModels: readSide.readModels,
        auditReadModels: readSide.auditReplay,
        projector: readSide.projector,
      },
    }),
    adapter,
    { bodyParser: false, logger: new NestPinoLogger(log), abortOnError: false },
  );
  if (readSide.projector) metrics.include(readSide.projector.metrics.registry);
  installFastifyHooks(adapter.getInstance(), metrics);
  const drain = new Drain();
  drain.install(adapter.getInstance());
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);
  await app.init();
  return { app, adapter, drain, log, logStream };
}

/** Starts the in-process projector; a failure later (a projection bug, a store down) is logged, and `?minPosition=` then answers 503. */
async function startProjector(readSide: ReadSide, log: FastifyBaseLogger): Promise<void> {
  const projector = readSide.projector;
  if (!projector) return;
  await projector.start();
  projector.done.catch((error: unknown) => log.error({ err: error }, 'the projector stopped on an error: the read models no longer advance'));
}
