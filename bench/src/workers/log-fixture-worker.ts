/**
 * Builds an event log for parts 4, 5 and 6, deterministically:
 * - set-up through the real command path (CommandService): Managers, departments, invited and
 *   accepted members, purchased and allocated credit;
 * - then a year of daily usage, appended DIRECTLY to each Manager's ledger stream as the
 *   `UsageCharged` events RecordUsage decides (same shape, the member's department, costs well within
 *   the balances so every ledger invariant holds), 1,000 events per append. Why not RecordUsage: the
 *   command path is measured by part 2; here it would take minutes for a million events.
 * argv: <file> <managers> <membersPerManager> <departmentsPerManager> <days> <maxUsageEvents>
 */
import { CommandService } from '@skype-manager/application';
import { createSqliteEventStore, type NewEvent } from '@skype-manager/event-store';
import { reportToParent } from '../lib/processes';
import { Prng, seededId } from '../lib/prng';
import { BENCH_NOW } from '../lib/sample-events';
import { seedManager, type SeededManager } from '../lib/seed-manager';
import { elapsedMs } from '../lib/stats';

export interface LogFixture {
  file: string;
  events: number;
  usageEvents: number;
  managers: Array<{ managerId: string; departmentIds: string[]; memberIds: string[] }>;
  firstDay: string;
  lastDay: string;
  seconds: number;
}

const [file, managersArg, membersArg, departmentsArg, daysArg, maxUsageArg] = process.argv.slice(2);
const DAY_MS = 86_400_000;
const PER_APPEND = 1000;

async function build(): Promise<LogFixture> {
  const start = process.hrtime.bigint();
  const store = createSqliteEventStore({ filename: file });
  const service = new CommandService(store);
  const managers: SeededManager[] = [];
  for (let k = 0; k < Number(managersArg); k++) {
    managers.push(
      await seedManager(service, {
        managerNumber: k + 1,
        members: Number(membersArg),
        departments: Number(departmentsArg),
        now: BENCH_NOW,
        // Enough for a year of daily spend; the company buys twice the total, which must stay within
        // one purchase's limit (1e12 minor units) for 10,000 members.
        memberCreditMinor: 40_000_000,
      }),
    );
  }
  await service.close();
  const days = Number(daysArg);
  const maxUsage = Number(maxUsageArg);
  const lastDayMs = Date.parse(BENCH_NOW.slice(0, 10));
  const firstDayMs = lastDayMs - (days - 1) * DAY_MS;
  const prng = new Prng(0x1095);
  const revisions = new Map<string, number>();
  for (const m of managers) revisions.set(m.managerId, (await store.streamRevision(`ledger-${m.managerId}`))!);
  let usage = 0;
  // Day by day, Manager by Manager, every member spends once a day: a year of daily data.
  for (let d = 0; d < days && usage < maxUsage; d++) {
    for (const m of managers) {
      let pending: NewEvent[] = [];
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        const result = await store.append(`ledger-${m.managerId}`, revisions.get(m.managerId)!, pending);
        revisions.set(m.managerId, result.streams[0].nextExpectedRevision);
        pending = [];
      };
      for (const memberId of m.memberIds) {
        if (usage >= maxUsage) break;
        const startedAt = new Date(firstDayMs + d * DAY_MS + prng.int(DAY_MS - 3_600_000)).toISOString();
        const call = prng.next() < 0.8;
        const correlationId = seededId(0xc5, usage);
        pending.push({
          id: seededId(0xf5, usage),
          type: 'UsageCharged',
          data: {
            usageId: seededId(0x05f, usage),
            memberId,
            departmentId: m.departmentOf.get(memberId) ?? null,
            kind: call ? 'call' : 'sms',
            category: call ? 'calls' : 'sms',
            destination: call ? '+33612345678' : '+442071838750',
            startedAt,
            durationSeconds: call ? 5 + prng.int(1200) : 0,
            costMinor: call ? 1 + prng.int(150) : 8,
          },
          metadata: { managerId: m.managerId, occurredAt: startedAt, actor: 'system', correlationId, causationId: correlationId, schemaVersion: 1 },
        });
        usage++;
        if (pending.length >= PER_APPEND) await flush();
      }
      await flush();
    }
  }
  const events = await store.headPosition();
  await store.close();
  return {
    file,
    events,
    usageEvents: usage,
    managers: managers.map(({ managerId, departmentIds, memberIds }) => ({ managerId, departmentIds, memberIds })),
    firstDay: new Date(firstDayMs).toISOString().slice(0, 10),
    lastDay: new Date(lastDayMs).toISOString().slice(0, 10),
    seconds: elapsedMs(start) / 1000,
  };
}

reportToParent(build);
