import fc from 'fast-check';
import { CommandService } from '@skype-manager/application';
import type { Command, CreditAccount, OpenLedger } from '@skype-manager/domain';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { SqliteReadStore } from '@skype-manager/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { getBalances } from '../queries/balances.query';
import { ReadModels } from '../runtime/generations';
import { Projector } from '../runtime/projector';

/**
 * The balances read model, built by the projector from the log, equals the ledger state the command
 * side decided on — after random command sequences through the real command path (refusals included).
 */
const M = 'mgr-balances';
const NOW = '2026-11-15T10:00:00.000Z';
const DEPARTMENTS = ['dep-a', 'dep-b'];
const MEMBERS = ['mem-1', 'mem-2', 'mem-3'];
let ids = 0;
const id = (prefix: string) => `${prefix}-${++ids}`;
const command = (type: string, data: Record<string, unknown>): Command =>
  ({ type, data: { managerId: M, ...data }, metadata: { now: NOW } }) as Command;

function setUp(): Command[] {
  const hash = 'a'.repeat(64);
  return [
    command('SetUpManager', {
      administratorId: 'adm-1',
      name: 'Architectes',
      adminAccount: 'admin',
      currency: 'EUR',
      country: 'FR',
      apiKeyHash: hash,
    }),
    ...DEPARTMENTS.map((departmentId) => command('CreateDepartment', { departmentId, name: departmentId })),
    ...MEMBERS.flatMap((memberId, i) => [
      command('InviteMember', {
        memberId,
        email: `${memberId}@example.com`,
        account: null,
        displayName: memberId,
        departmentId: DEPARTMENTS[i % 2],
        invitationTokenHash: hash,
      }),
      command('AcceptInvitation', {
        memberId,
        invitationTokenHash: hash,
        account: `${memberId}.account`,
        apiKeyHash: hash,
      }),
    ]),
  ];
}

const department = fc
  .constantFrom(...DEPARTMENTS)
  .map((departmentId): CreditAccount => ({ type: 'department', departmentId }));
const member = fc.constantFrom(...MEMBERS).map((memberId): CreditAccount => ({ type: 'member', memberId }));
const amount = fc.integer({ min: 1, max: 5_000 });
const step: fc.Arbitrary<Command> = fc.oneof(
  amount.map((amountMinor) =>
    command('PurchaseCredit', {
      purchaseId: id('p'),
      amountMinor,
      currency: 'EUR',
      paymentReference: id('ref'),
    }),
  ),
  fc
    .tuple(
      fc.oneof(fc.constant<CreditAccount>({ type: 'company' }), department),
      fc.oneof(department, member),
      amount,
    )
    .map(([from, to, amountMinor]) =>
      command('AllocateCredit', { allocationId: id('a'), from, to, amountMinor }),
    ),
  fc
    .tuple(fc.oneof(department, member), fc.option(amount))
    .map(([from, amountMinor]) => command('ReclaimCredit', { reclaimId: id('r'), from, amountMinor })),
  fc.tuple(fc.constantFrom(...MEMBERS), fc.integer({ min: 0, max: 800 })).map(([memberId, costMinor]) =>
    command('RecordUsage', {
      records: [
        {
          usageId: id('u'),
          memberId,
          kind: 'call',
          destination: '+33142685300',
          startedAt: NOW,
          durationSeconds: 60,
          costMinor,
        },
      ],
      topUpIds: [id('t')],
    }),
  ),
  fc
    .constantFrom(...MEMBERS)
    .map((memberId) =>
      command('GrantFeature', { grantId: id('g'), memberId, feature: 'voicemail', options: {} }),
    ),
);

describe('Balances read model against the ledger', () => {
  it('should equal the decided ledger after random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const eventStore = createSqliteEventStore({ filename: ':memory:', pollIntervalMs: 10 });
        const readStore = new SqliteReadStore();
        const commands = new CommandService(eventStore);
        const projector = new Projector({ eventStore, readStore, projections: ALL_PROJECTIONS });
        try {
          for (const c of [...setUp(), ...steps]) {
            await commands
              .execute({ command: c, actor: 'system', correlationId: id('c'), answer: () => ({}) })
              .catch(() => undefined);
          }
          const ledger = (await commands.read(M, (view) => structuredClone(view.ledger))) as OpenLedger;
          // The set-up went through: an open ledger with every member active.
          expect(ledger.status).toBe('open');
          expect(MEMBERS.map((m) => ledger.members[m]?.status)).toEqual(MEMBERS.map(() => 'active'));
          await projector.start();
          expect(await projector.waitForPosition(await eventStore.headPosition(), 10_000)).toBe(true);
          const balances = await getBalances(new ReadModels(readStore, ALL_PROJECTIONS), M);
          expect(balances?.company.availableMinor).toBe(ledger.companyMinor);
          const byId = <T extends { availableMinor: number }>(rows: T[], key: (row: T) => string) =>
            Object.fromEntries(rows.map((row) => [key(row), row.availableMinor]));
          expect(byId(balances!.departments, (d) => d.departmentId)).toEqual(
            Object.fromEntries(DEPARTMENTS.map((d) => [d, ledger.departments[d].budgetMinor])),
          );
          expect(byId(balances!.members, (m) => m.memberId)).toEqual(
            Object.fromEntries(MEMBERS.map((m) => [m, ledger.members[m].balanceMinor])),
          );
        } finally {
          await projector.stop();
          await commands.close();
          await eventStore.close();
          await readStore.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
