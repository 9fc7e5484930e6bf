export { run } from './cli';
export { CliError, EXIT, processIo, type CliIo } from './cli-io';
export { READ_SIDE, type ReadSide } from './read-side';
