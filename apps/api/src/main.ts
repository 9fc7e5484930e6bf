import { ConfigError, loadConfig, type ApiConfig } from './config/api-config';
import { createApp, type ApiApp } from './bootstrap';
import { StoreUnreachableError } from './read/read-side';

/** Starts the API: configuration from the environment, SIGTERM/SIGINT drain and close. */
async function main(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let api: ApiApp;
  try {
    api = await createApp(config);
  } catch (error) {
    if (error instanceof StoreUnreachableError) {
      console.error(`The API cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const url = await api.listen();
  api.log.info(
    { url, dataDir: config.dataDir, projector: config.projector, eventStore: config.eventStoreUrl ? 'kurrentdb' : 'sqlite', readStore: config.mongodbUrl ? 'mongodb' : 'sqlite' },
    `Skype Manager API listening on ${url} (docs: ${url}/docs)`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    api.log.info({ signal }, 'shutting down: draining in-flight requests');
    api.close().then(
      () => {
        api.log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        api.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('The API failed to start:', error);
  process.exit(1);
});
