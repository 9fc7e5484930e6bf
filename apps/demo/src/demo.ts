import { createApp, DEFAULT_CONFIG, type ApiApp, type ApiConfig } from '@skype-manager/api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DemoClient } from './http-client';
import { seedCompany, type SeededCompany } from './seed';

/**
 * `npm run demo`: the API on 127.0.0.1 (a free port) over a fresh data folder, a sample company seeded
 * through the HTTP API, then a summary read back from the read models and what to look at next.
 */
export interface DemoOptions {
  /** Keep the data here (created if missing); default: a temporary folder, removed when the demo stops. */
  dataDir?: string;
  port?: number;
  /** Where the summary goes (default: stdout). */
  print?: (line: string) => void;
}

export interface RunningDemo {
  url: string;
  dataDir: string;
  company: SeededCompany;
  summary: DemoSummary;
  api: ApiApp;
  stop(): Promise<void>;
}

export interface DemoSummary {
  companyAvailableMinor: number;
  departments: Array<{ name: string; availableMinor: number; spentMinor: number }>;
  groupSpentMinor: number;
  topSpenders: Array<{ displayName: string; spentMinor: number }>;
}

interface SpendAnswer {
  totalMinor: number;
  byCategory: Record<string, number>;
}

export async function runDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ? resolve(options.dataDir) : await mkdtemp(join(tmpdir(), 'skype-manager-demo-'));
  const config: ApiConfig = { ...DEFAULT_CONFIG, host: '127.0.0.1', port: options.port ?? 0, dataDir, logLevel: 'warn' };
  const api = await createApp(config);
  const stop = async () => {
    await api.close();
    if (temporary) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await api.listen();
    const started = Date.now();
    const client = new DemoClient(url);
    const company = await seedCompany(client);
    const summary = await summarise(client, company);
    printSummary(print, url, dataDir, temporary, company, summary, Date.now() - started);
    return { url, dataDir, company, summary, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Read back through the query endpoints, waiting (`?minPosition=`) for the read models to reflect the seeding. */
async function summarise(client: DemoClient, company: SeededCompany): Promise<DemoSummary> {
  const { managerId, ownerKey, from, to } = company;
  const path = (rest: string) => `/v1/managers/${managerId}${rest}`;
  const range = `from=${from}&to=${to}&granularity=month`;
  const balances = await client.read<{ company: { availableMinor: number }; departments: Array<{ departmentId: string; availableMinor: number }> }>(
    path('/balances'),
    ownerKey,
  );
  const group = await client.read<SpendAnswer>(path(`/reports/spend?level=group&${range}`), ownerKey);
  const departments = [];
  for (const department of company.departments) {
    const spend = await client.read<SpendAnswer>(path(`/reports/spend?level=department&id=${department.departmentId}&${range}`), ownerKey);
    const budget = balances.departments.find((entry) => entry.departmentId === department.departmentId);
    departments.push({ name: department.name, availableMinor: budget?.availableMinor ?? 0, spentMinor: spend.totalMinor });
  }
  const spenders = [];
  for (const member of company.members) {
    const spend = await client.read<SpendAnswer>(path(`/reports/spend?level=employee&id=${member.memberId}&${range}`), ownerKey);
    spenders.push({ displayName: member.displayName, spentMinor: spend.totalMinor });
  }
  spenders.sort((a, b) => b.spentMinor - a.spentMinor);
  return { companyAvailableMinor: balances.company.availableMinor, departments, groupSpentMinor: group.totalMinor, topSpenders: spenders.slice(0, 3) };
}

const euros = (minor: number) => `${(minor / 100).toFixed(2)} EUR`;

function printSummary(
  print: (line: string) => void,
  url: string,
  dataDir: string,
  temporary: boolean,
  company: SeededCompany,
  summary: DemoSummary,
  elapsedMs: number,
): void {
  const { managerId, ownerKey, from, to, members, usage } = company;
  const refused = Object.entries(usage.rejected).map(([reason, count]) => `${count} ${reason}`);
  print('');
  print(`Skype Manager demo — API on ${url} (data in ${dataDir}${temporary ? ', removed on exit' : ''})`);
  print(`Seeded "Architectes" in ${(elapsedMs / 1000).toFixed(1)} s: ${company.departments.length} departments, ${members.length} members,`);
  print(`  ${usage.accepted} usage records charged${refused.length > 0 ? `, refused: ${refused.join(', ')}` : ''}.`);
  print('');
  print(`Balances: company pool ${euros(summary.companyAvailableMinor)}`);
  for (const department of summary.departments) {
    print(`  ${department.name.padEnd(14)} budget ${euros(department.availableMinor).padStart(12)}   spent ${euros(department.spentMinor).padStart(11)}`);
  }
  print(`Spend ${from} → ${to}: group ${euros(summary.groupSpentMinor)}; top spenders:`);
  for (const spender of summary.topSpenders) print(`  ${spender.displayName.padEnd(14)} ${euros(spender.spentMinor).padStart(11)}`);
  print('');
  print(`Look around (owner key shown once, like a real sign-up):`);
  print(`  open ${url}/docs`);
  print(`  export M=${managerId} KEY=${ownerKey}`);
  print(`  curl -s -H "Authorization: Bearer $KEY" ${url}/v1/managers/$M`);
  print(`  curl -s -H "Authorization: Bearer $KEY" ${url}/v1/managers/$M/balances`);
  print(`  curl -s -H "Authorization: Bearer $KEY" "${url}/v1/managers/$M/members?status=active&limit=5"`);
  print(`  curl -s -H "Authorization: Bearer $KEY" "${url}/v1/managers/$M/reports/spend?level=group&from=${from}&to=${to}&granularity=day"`);
  print(`  curl -s -H "Authorization: Bearer $KEY" -H "Accept: text/csv" "${url}/v1/managers/$M/reports/spend?level=department&id=${company.departments[0].departmentId}&from=${from}&to=${to}"`);
  print(`  curl -s -H "Authorization: Bearer $KEY" "${url}/v1/managers/$M/reports/allocations?limit=5"`);
  print(`  curl -s -X POST -H "Authorization: Bearer $KEY" ${url}/v1/managers/$M/audit/verify`);
  print(`  curl -s -H "Authorization: Bearer ${members[0].memberKey}" ${url}/v1/managers/$M/members/${members[0].memberId}   # ${members[0].displayName}'s own key`);
}
