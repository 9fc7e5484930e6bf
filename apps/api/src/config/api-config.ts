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
}

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
};

const MAX_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

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
    60_000,
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
  };
}

export function eventLogFile(config: Pick<ApiConfig, 'dataDir'>): string {
  return join(config.dataDir, 'events.sqlite');
}
