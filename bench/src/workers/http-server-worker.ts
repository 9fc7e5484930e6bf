/**
 * Part 1 server: the real API (`createApp` from apps/api) on 127.0.0.1, in its own process, with a
 * bench-only controller mounted in the SAME Nest application: `POST /bench/bare/...` routes that are
 * public and validate their bodies exactly as the real routes do (AllocateCreditDto through the global
 * ValidationPipe; UsageRecordsPipe for usage — loaded from the API's build, so the same class objects)
 * and do nothing else — the framework ceiling.
 *
 * How it is mounted: `AppModule.forRoot` (exported by the API) is wrapped so its module also declares
 * the bare controller; `createApp` then builds the app exactly as in production (Fastify adapter,
 * hooks, global validation pipe, auth guard, problem filter). Only the bench process does this.
 *
 * Seeding goes through HTTP too (sign-up, departments, invitations, acceptance, credit), then the
 * worker tells the parent {url, managerId, ownerKey, memberIds} and answers 'head' requests (the log's
 * head position, to check that every acknowledged command was appended).
 *
 * The server logs nothing unless BENCH_HTTP_LOG_LEVEL says otherwise (e.g. `info`: one line per request, as
 * in production; the lines go to this process's stdout).
 */
import 'reflect-metadata';
import { Controller, HttpCode, Post, Body, Param, type PipeTransform } from '@nestjs/common';
import { AppModule, createApp, DEFAULT_CONFIG, Public, type ApiApp } from '@skype-manager/api';
import { MAX_AMOUNT_MINOR } from '@skype-manager/domain';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/processes';
import { scratchDir } from '../lib/scratch';

const MEMBERS = Number(process.argv[2] ?? 100);
/** One purchase of the most the domain accepts at once (MAX_AMOUNT_MINOR). */
const PURCHASE_MINOR = MAX_AMOUNT_MINOR;
/**
 * Each member's credit: half the purchase shared out, the other half left with the company for the
 * allocate route (1 minor unit a request). 10^9 each once left the company nothing at 1,000 members, and
 * every allocation of full mode failed.
 */
const MEMBER_CREDIT_MINOR = Math.min(1_000_000_000, Math.floor(PURCHASE_MINOR / 2 / MEMBERS));

// The DTO classes the real routes validate, as the running API loaded them (same module instances).
/* eslint-disable @typescript-eslint/no-require-imports -- loaded from the build at run time, by path */
const { AllocateCreditDto } = require(join(REPO_ROOT, 'dist/apps/api/src/credit/credit.dto.js')) as { AllocateCreditDto: new () => object };
const { UsageRecordsPipe } = require(join(REPO_ROOT, 'dist/apps/api/src/usage/usage-records.pipe.js')) as {
  UsageRecordsPipe: new () => PipeTransform;
};
/* eslint-enable @typescript-eslint/no-require-imports */

@Controller('bench/bare/managers/:managerId')
class BareController {
  @Post('credit/allocations')
  @Public()
  @HttpCode(201)
  allocate(@Param('managerId') managerId: string, @Body() body: object): object {
    return { managerId, ok: typeof body === 'object' };
  }

  @Post('usage')
  @Public()
  @HttpCode(200)
  usage(@Param('managerId') managerId: string, @Body(UsageRecordsPipe) body: object): object {
    return { managerId, ok: typeof body === 'object' };
  }
}
// What `@Body() body: AllocateCreditDto` would have emitted: the global ValidationPipe reads it.
Reflect.defineMetadata('design:paramtypes', [String, AllocateCreditDto], BareController.prototype, 'allocate');
// The real usage route validates its body with UsageRecordsPipe (a fast check of exactly what
// RecordUsageDto accepts, the DTO's pipe for anything else); the bare route does the same.
Reflect.defineMetadata('design:paramtypes', [String, Object], BareController.prototype, 'usage');

type ForRoot = typeof AppModule.forRoot;
const originalForRoot: ForRoot = AppModule.forRoot.bind(AppModule);
(AppModule as { forRoot: ForRoot }).forRoot = (options) => {
  const module = originalForRoot(options);
  return { ...module, controllers: [...(module.controllers ?? []), BareController] };
};

async function call(url: string, path: string, body: unknown, key?: string): Promise<Record<string, unknown>> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`seeding: POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function seed(url: string): Promise<{ managerId: string; ownerKey: string; memberIds: string[] }> {
  const manager = await call(url, '/v1/managers', { name: 'Bench company', adminAccount: `admin.bench.${process.pid}`, currency: 'EUR', country: 'FR' });
  const managerId = String(manager.managerId);
  const ownerKey = String(manager.apiKey);
  const base = `/v1/managers/${managerId}`;
  await call(url, `${base}/credit/purchases`, { amountMinor: PURCHASE_MINOR, currency: 'EUR', paymentReference: 'bench-1' }, ownerKey);
  const departmentId = String((await call(url, `${base}/departments`, { name: 'Bench department' }, ownerKey)).departmentId);
  const memberIds: string[] = [];
  for (let m = 0; m < MEMBERS; m++) {
    const invited = await call(url, `${base}/invitations`, { account: `bench.${process.pid}.m${m}`, displayName: `Member ${m}`, departmentId }, ownerKey);
    await call(url, `/v1/invitations/${String(invited.invitationToken)}/accept`, {});
    const memberId = String(invited.memberId);
    await call(url, `${base}/credit/allocations`, { to: { memberId }, amountMinor: MEMBER_CREDIT_MINOR }, ownerKey);
    memberIds.push(memberId);
  }
  return { managerId, ownerKey, memberIds };
}

async function main(): Promise<void> {
  const scratch = scratchDir('http');
  const config = {
    ...DEFAULT_CONFIG,
    host: '127.0.0.1',
    port: 0,
    dataDir: scratch.dir,
    logLevel: (process.env.BENCH_HTTP_LOG_LEVEL ?? 'silent') as 'silent',
    apiSecret: 'bench-secret-bench-secret-bench-secret-0123456789',
  };
  const api: ApiApp = await createApp(config);
  const url = await api.listen();
  const seeded = await seed(url);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'head') void api.store.headPosition().then((head) => process.send!({ type: 'head', head }));
    if (message.type === 'stop') {
      void api.close().then(() => {
        scratch.remove();
        process.send!({ type: 'result', value: { stopped: true } }, () => process.exit(0));
      });
    }
  });
  // A clean exit on SIGTERM too (so `--cpu-prof` writes its profile when the server is stopped by hand).
  process.once('SIGTERM', () => void api.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', url, ...seeded });
}

main().catch((error: unknown) => {
  const err = error instanceof Error ? error : new Error(String(error));
  process.send!({ type: 'error', message: err.message, stack: err.stack }, () => process.exit(1));
});
