export * from './command-request';
export * from './command-service';
export * from './errors';
export { newId } from './ids';
export { DEFAULT_WRITER_OPTIONS, hashKey, ManagerWriter, type ManagerView, type WriterOptions } from './manager-writer';
export * from './stream-state';
