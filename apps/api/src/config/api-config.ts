import { isAbsolute, join, resolve } from 'node:path';

/** Everything the API reads from its environment, validated once at start-up. */
export interface ApiConfig {
  port: number;
  host: string;
  /** Folder of the embedded SQLite files; the event log is `events.sqlite` in it. */
  dataDir: string;
  /** When set, `POST /v1/managers` needs `Authorization: Bearer <signupToken>`. */
  signupToken: string | null;
  logLevel: LogLevel;
  /** Largest request body accepted; a larger one is refused with 400. */
  bodyLimitBytes: number;
  /**
   * Secret from which the API keys and invitation tokens of idempotent requests are derived, so a retry
   * gets the same key back while the log never stores one. Default: a random secret kept in DATA_DIR.
   */
  apiSecret: string | null;
  /** How long a verified API key is trusted without looking at the Manager again. */
  authCacheMs: number;
  /** How long a query with `?minPosition=` waits for the read models before answering 503. */
  minPositionTimeoutMs: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before the server closes anyway. */
  shutdownTimeoutMs: number;
  /**
   * `in-process`: the API runs the projector itself, over its own event log instance. `external`: a
   * separate `apps/projector` process feeds the read models; the API only reads them.
   */
  projector: ProjectorMode;
  /** EventStoreDB/KurrentDB connection string for the event log; null: SQLite `DATA_DIR/events.sqlite`. */
  eventStoreUrl: string | null;
  /** MongoDB connection string for the read models; null: SQLite `DATA_DIR/read.sqlite`. */
  mongodbUrl: string | null;
  /** How long start-up waits for a configured store to answer before failing. */
  storeConnectTimeoutMs: number;
}

export const PROJECTOR_MODES = ['in-process', 'external'] as const;
export type ProjectorMode = (typeof PROJECTOR_MODES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG: ApiConfig = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: './data',
  signupToken: null,
  logLevel: 'info',
  bodyLimitBytes: 1024 * 1024,
  apiSecret: null,
  authCacheMs: 5000,
  minPositionTimeoutMs: 5000,
  shutdownTimeoutMs: 10_000,
  projector: 'in-process',
  eventStoreUrl: null,
  mongodbUrl: null,
  storeConnectTimeoutMs: 10_000,
};

const EVENTSTORE_URL = /^(esdb|kurrentdb|kurrent)(\+discover)?:\/\/\S+$/;
const MONGODB_URL = /^mongodb(\+srv)?:\/\/\S+$/;

const MAX_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** The read side bounds every wait for a position to 30 s (projections' MAX_WAIT_MS). */
const MAX_MIN_POSITION_TIMEOUT_MS = 30_000;

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, min: number, max: number, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
    return fallback;
  }
  return value;
}

/** Reads and checks the configuration; throws a ConfigError naming every bad value at once. */
export function loadConfig(env: Env = process.env): ApiConfig {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 0, 65_535, DEFAULT_CONFIG.port, problems);
  const bodyLimitBytes = integer(env, 'BODY_LIMIT_BYTES', 1024, MAX_BODY_LIMIT_BYTES, DEFAULT_CONFIG.bodyLimitBytes, problems);
  const authCacheMs = integer(env, 'AUTH_CACHE_MS', 0, 300_000, DEFAULT_CONFIG.authCacheMs, problems);
  const minPositionTimeoutMs = integer(
    env,
    'MIN_POSITION_TIMEOUT_MS',
    0,
    MAX_MIN_POSITION_TIMEOUT_MS,
    DEFAULT_CONFIG.minPositionTimeoutMs,
    problems,
  );
  const shutdownTimeoutMs = integer(env, 'SHUTDOWN_TIMEOUT_MS', 0, 600_000, DEFAULT_CONFIG.shutdownTimeoutMs, problems);
  const host = env.HOST?.trim() || DEFAULT_CONFIG.host;
  if (!/^[A-Za-z0-9.:\-[\]]{1,253}$/.test(host)) problems.push(`HOST must be a host name or IP address, got '${host}'`);
  const logLevel = (env.LOG_LEVEL?.trim() || DEFAULT_CONFIG.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const signupToken = env.SIGNUP_TOKEN || null;
  if (signupToken !== null && signupToken.length < 16) problems.push('SIGNUP_TOKEN must be at least 16 characters');
  const apiSecret = env.API_SECRET || null;
  if (apiSecret !== null && apiSecret.length < 32) problems.push('API_SECRET must be at least 32 characters');
  const storeConnectTimeoutMs = integer(env, 'STORE_CONNECT_TIMEOUT_MS', 100, 120_000, DEFAULT_CONFIG.storeConnectTimeoutMs, problems);
  const projector = (env.PROJECTOR?.trim() || DEFAULT_CONFIG.projector) as ProjectorMode;
  if (!PROJECTOR_MODES.includes(projector)) problems.push(`PROJECTOR must be one of ${PROJECTOR_MODES.join(', ')}, got '${projector}'`);
  const eventStoreUrl = env.EVENTSTORE_URL?.trim() || null;
  if (eventStoreUrl !== null && !EVENTSTORE_URL.test(eventStoreUrl)) {
    problems.push('EVENTSTORE_URL must be a connection string esdb://… or kurrentdb://… (optionally +discover)');
  }
  const mongodbUrl = env.MONGODB_URL?.trim() || null;
  if (mongodbUrl !== null && !MONGODB_URL.test(mongodbUrl)) problems.push('MONGODB_URL must be a connection string mongodb://… or mongodb+srv://…');
  const dataDirRaw = env.DATA_DIR?.trim() || DEFAULT_CONFIG.dataDir;
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(dataDirRaw);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    signupToken,
    logLevel,
    bodyLimitBytes,
    apiSecret,
    authCacheMs,
    minPositionTimeoutMs,
    shutdownTimeoutMs,
    projector,
    eventStoreUrl,
    mongodbUrl,
    storeConnectTimeoutMs,
  };
}

export function eventLogFile(config: Pick<ApiConfig, 'dataDir'>): string {
  return join(config.dataDir, 'events.sqlite');
}

/** The embedded read models (when MONGODB_URL is not set). */
export function readModelsFile(config: Pick<ApiConfig, 'dataDir'>): string {
  return join(config.dataDir, 'read.sqlite');
}
