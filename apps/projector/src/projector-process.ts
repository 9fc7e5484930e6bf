import type { EventEmitter } from 'node:events';
import {
  createProjector,
  readSideConfigFromEnv,
  type ProjectorLogger,
  type ProjectorRuntime,
} from '@skype-manager/projections';
import { startHealthServer, type HealthServer } from './health-server';

/**
 * The projector on its own process: opens the configured stores, runs every projection, serves
 * `/metrics` and `/health/*` when PROJECTOR_PORT is set, and on SIGTERM/SIGINT stops after the batch
 * in flight (committed, so the next start resumes exactly there).
 */
export interface ProjectorProcessOptions {
  env?: NodeJS.ProcessEnv;
  /** Where SIGTERM/SIGINT come from (the process by default; a spec passes its own emitter). */
  signals?: EventEmitter;
  logger?: ProjectorLogger;
}

export interface ProjectorProcess {
  runtime: ProjectorRuntime;
  health: HealthServer | undefined;
  /** Resolves with the exit code: 0 after a requested stop, 1 after a failure. */
  exited: Promise<number>;
  stop(): Promise<void>;
}

/** A readiness lag above this many events reports not ready (PROJECTOR_READY_MAX_LAG). */
const DEFAULT_READY_MAX_LAG = 10_000;

export const jsonLogger: ProjectorLogger = {
  info: (message, fields) =>
    process.stdout.write(`${JSON.stringify({ level: 'info', message, ...fields })}\n`),
  error: (message, fields) =>
    process.stderr.write(`${JSON.stringify({ level: 'error', message, ...fields })}\n`),
};

export async function startProjectorProcess(
  options: ProjectorProcessOptions = {},
): Promise<ProjectorProcess> {
  const env = options.env ?? process.env;
  const signals = options.signals ?? process;
  const logger = options.logger ?? jsonLogger;
  const runtime = await createProjector({ config: readSideConfigFromEnv(env), logger });
  await runtime.projector.start();
  const maxLag = Number(env.PROJECTOR_READY_MAX_LAG ?? DEFAULT_READY_MAX_LAG);
  const health = env.PROJECTOR_PORT
    ? await startHealthServer(Number(env.PROJECTOR_PORT), runtime.projector, maxLag)
    : undefined;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('projector stopping after the batch in flight');
      await health?.close();
      await runtime.close();
    })();
    return stopping;
  };
  const onSignal = () => void stop();
  signals.once('SIGTERM', onSignal);
  signals.once('SIGINT', onSignal);
  const exited = runtime.projector.done.then(
    async () => {
      await stop();
      return 0;
    },
    async (error: unknown) => {
      logger.error('projector failed', { error: error instanceof Error ? error.message : String(error) });
      await stop().catch(() => undefined);
      return 1;
    },
  );
  void exited.finally(() => {
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
  });
  return { runtime, health, exited, stop };
}
