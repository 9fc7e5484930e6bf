/** @skype-manager/api: the HTTP command API. `createApp(config)` builds it; main.ts starts it. */
export { createApp, type ApiApp, type CreateAppOptions } from './bootstrap';
export { AppModule, type AppModuleOptions } from './app.module';
export { ConfigError, DEFAULT_CONFIG, eventLogFile, loadConfig, type ApiConfig, type LogLevel } from './config/api-config';
export { ManualClock, systemClock, type Clock } from './core/clock';
export { CLOCK, EVENT_STORE, API_CONFIG } from './core/tokens';
export { CommandRunner, type CommandAnswer, type CommandInput } from './core/command-runner';
export { Ctx, type RequestContext } from './core/request-context';
export { Allow, Public, SignUp } from './auth/access';
export { ROLES, type Principal, type Role } from './auth/principal';
export { formatApiKey, parseApiKey, formatInvitationToken, parseInvitationToken, sha256Hex } from './auth/api-keys';
export { ReadModule, type ReadModuleOptions } from './read/read.module';
export { READ_POSITION, LogHeadPosition, type ReadPosition } from './read/read-position';
export { MinPositionInterceptor, WaitsForMinPosition, parseMinPosition } from './read/min-position.interceptor';
export { PROBLEM_TYPE_BASE, problem, ProblemException, type Problem } from './http/problem';
export { usageOutcome } from './usage/usage.commands';
