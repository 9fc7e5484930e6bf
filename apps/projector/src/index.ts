export {
  startProjectorProcess,
  jsonLogger,
  type ProjectorProcess,
  type ProjectorProcessOptions,
} from './projector-process';
export { startHealthServer, type HealthServer } from './health-server';
