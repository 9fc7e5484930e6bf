import { ConfigError, DEFAULT_CONFIG, loadConfig } from './api-config';

describe('The configuration', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ ...DEFAULT_CONFIG, dataDir: expect.stringMatching(/\/data$/) });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/skype-manager',
      SIGNUP_TOKEN: 'sixteen-chars-long',
      LOG_LEVEL: 'warn',
      BODY_LIMIT_BYTES: '2048',
      API_SECRET: 'x'.repeat(32),
      AUTH_CACHE_MS: '0',
      MIN_POSITION_TIMEOUT_MS: '100',
      SHUTDOWN_TIMEOUT_MS: '1000',
      PROJECTOR: 'external',
      EVENTSTORE_URL: 'kurrentdb://localhost:2113?tls=false',
      MONGODB_URL: 'mongodb://localhost:27017/skype',
      STORE_CONNECT_TIMEOUT_MS: '2000',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/skype-manager',
      signupToken: 'sixteen-chars-long',
      logLevel: 'warn',
      bodyLimitBytes: 2048,
      apiSecret: 'x'.repeat(32),
      authCacheMs: 0,
      minPositionTimeoutMs: 100,
      shutdownTimeoutMs: 1000,
      projector: 'external',
      eventStoreUrl: 'kurrentdb://localhost:2113?tls=false',
      mongodbUrl: 'mongodb://localhost:27017/skype',
      storeConnectTimeoutMs: 2000,
    });
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', BODY_LIMIT_BYTES: '1.5', SIGNUP_TOKEN: 'short' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(message).toContain("PORT must be an integer from 0 to 65535, got 'eighty'");
    expect(message).toContain('LOG_LEVEL must be one of');
    expect(message).toContain('BODY_LIMIT_BYTES');
    expect(message).toContain('SIGNUP_TOKEN must be at least 16 characters');
  });

  it('names a bad projector mode, store URL or timeout', () => {
    let error: unknown;
    try {
      loadConfig({ PROJECTOR: 'elsewhere', EVENTSTORE_URL: 'http://localhost:2113', MONGODB_URL: 'postgres://x', MIN_POSITION_TIMEOUT_MS: '60000' });
    } catch (thrown) {
      error = thrown;
    }
    const { problems } = error as ConfigError;
    expect(problems).toEqual([
      "MIN_POSITION_TIMEOUT_MS must be an integer from 0 to 30000, got '60000'",
      "PROJECTOR must be one of in-process, external, got 'elsewhere'",
      expect.stringContaining('EVENTSTORE_URL must be a connection string'),
      expect.stringContaining('MONGODB_URL must be a connection string'),
    ]);
    expect(loadConfig({ EVENTSTORE_URL: 'esdb+discover://a,b,c', MONGODB_URL: 'mongodb+srv://cluster/x' })).toMatchObject({
      projector: 'in-process',
      eventStoreUrl: 'esdb+discover://a,b,c',
    });
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError);
  });
});
