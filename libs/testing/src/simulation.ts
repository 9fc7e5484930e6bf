import { balanceOf, type Command, type Feature, type UsageRecord } from '@skype-manager/domain';
import { at, cmd, NOW } from './commands';
import { aManager, type Scenario } from './scenario';
import type { SimulationStep } from './simulation-steps';

/**
 * m-1, m-2 in dep-a; m-3 in dep-b; m-4 in none; m-5 in dep-c (without credit); m-6 invited; m-1 and m-3
 * with automatic top-up rules; the pool holds 30,000.
 */
export function simulationStart(): Scenario {
  return aManager()
    .withDepartment('dep-a')
    .withDepartment('dep-b')
    .withDepartment('dep-c')
    .withCredit(30_000)
    .withActiveMember('m-1', { departmentId: 'dep-a', balanceMinor: 2_000 })
    .withActiveMember('m-2', { departmentId: 'dep-a', balanceMinor: 1_500 })
    .withActiveMember('m-3', { departmentId: 'dep-b', balanceMinor: 500 })
    .withActiveMember('m-4', { balanceMinor: 1_000 })
    .withActiveMember('m-5', { departmentId: 'dep-c' })
    .withInvitedMember('m-6', { departmentId: 'dep-b' })
    .withAutoAllocation('m-1', { topUpToMinor: 1_500, whenBelowMinor: 500, monthlyLimitMinor: 4_000 })
    .withAutoAllocation('m-3', { topUpToMinor: 800, whenBelowMinor: 300, monthlyLimitMinor: null });
}

/** Turns steps into commands with fresh ids, on a clock that moves forward a few minutes per step. */
export class Simulation {
  private nowMs = Date.parse(NOW);
  private sequence = 0;
  private grants = 0;
  private readonly sent = new Map<string, UsageRecord>();

  constructor(private readonly scenario: Scenario) {}

  private id(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.sequence}`;
  }

  /** The command for a step, or null for a step that only moves the clock. */
  commandOf(step: SimulationStep): Command | null {
    this.nowMs += 7 * 60_000;
    const command = this.build(step);
    return command && at(new Date(this.nowMs).toISOString(), command);
  }

  private build(step: SimulationStep): Command | null {
    switch (step.kind) {
      case 'purchase':
        return cmd.purchaseCredit({
          purchaseId: this.id('p'),
          amountMinor: step.amountMinor,
          currency: step.foreign ? 'USD' : 'EUR',
          paymentReference: `ref-${step.reference}`,
        });
      case 'allocate': {
        const ledger = this.scenario.streams.ledgerState(this.scenario.managerId);
        const held = ledger.status === 'open' ? balanceOf(ledger, step.from) : 0;
        const amountMinor = step.share === null ? step.amountMinor : Math.floor(held * step.share);
        return cmd.allocateCredit(step.from, step.to, amountMinor, this.id('a'));
      }
      case 'reclaim':
        return cmd.reclaimCredit(step.from, step.amountMinor, this.id('r'));
      case 'grant':
        this.grants += 1;
        return cmd.grantFeature({
          grantId: `g-${this.grants}`,
          memberId: step.member,
          feature: step.feature as Feature,
          options: { number: step.number, plan: 'Plan' },
        });
      case 'revoke': {
        const grantId = `g-${(step.grant % Math.max(1, this.grants)) + 1}`;
        const holder = this.scenario.streams.ledgerState(this.scenario.managerId);
        const memberId = (holder.status === 'open' && holder.grants[grantId]?.memberId) || step.member;
        return cmd.revokeFeature(memberId, grantId);
      }
      case 'usage': {
        const records = step.records.map((r) => {
          const usageId = `u-${r.usage}`;
          // A usage id seen before is a retry: the telephony side sends the same record again.
          const record = this.sent.get(usageId) ?? {
            usageId,
            memberId: r.member,
            kind: r.kind,
            destination: r.destination,
            startedAt: new Date(this.nowMs + r.offsetMinutes * 60_000).toISOString(),
            durationSeconds: 60,
            costMinor: r.costMinor,
          };
          this.sent.set(usageId, record);
          return record;
        });
        const command = cmd.recordUsage(...records);
        return { ...command, data: { ...command.data, topUpIds: records.map(() => this.id('t')) } };
      }
      case 'permissions':
        return cmd.setPermissions({
          memberId: step.member,
          features: step.features as Feature[],
          destinations: step.destinations,
          monthlySpendLimitMinor: step.cap,
        });
      case 'auto-allocation':
        return cmd.setAutoAllocation(step.member, step.rule);
      case 'move':
        return cmd.moveMember(step.member, step.department);
      case 'remove':
        return cmd.removeMember(step.member, this.id('r'));
      case 'invite':
        return cmd.inviteMember({ memberId: step.member, departmentId: step.department });
      case 'accept':
        return cmd.acceptInvitation({ memberId: step.member });
      case 'catalogue':
        return cmd.setCatalogue({ [step.feature]: step.price });
      case 'close-department':
        return cmd.closeDepartment(step.department);
      case 'tick':
        this.nowMs += step.minutes * 60_000;
        return null;
    }
  }
}
