import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Decision, UsageRejectionReason } from '@skype-manager/domain';
import { CommandRunner, type CommandAnswer } from '../core/command-runner';
import { newId } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import type { RecordUsageDto, UsageRecordDto } from './usage.dto';

export class RecordUsageCommand extends Command<CommandAnswer> {
  constructor(
    readonly ctx: RequestContext,
    readonly managerId: string,
    readonly body: RecordUsageDto,
  ) {
    super();
  }
}

/**
 * What became of each record: charged, refused (with the reason) or seen before. A record whose id was
 * seen before produces no event and counts as accepted: the platform may resend a batch safely.
 */
export function usageOutcome(records: UsageRecordDto[], decision: Decision) {
  const charged = new Set<string>();
  const refused = new Map<string, UsageRejectionReason>();
  for (const event of decision.ledger) {
    if (event.type === 'UsageCharged') charged.add(event.data.usageId);
    if (event.type === 'UsageRejected') refused.set(event.data.usageId, event.data.reason);
  }
  const accepted = new Set<string>();
  const duplicates = new Set<string>();
  const decided = new Set<string>();
  for (const { usageId } of records) {
    const first = !decided.has(usageId);
    decided.add(usageId);
    if (!first || (!charged.has(usageId) && !refused.has(usageId))) duplicates.add(usageId);
    if (!refused.has(usageId)) accepted.add(usageId);
  }
  return {
    accepted: [...accepted],
    rejected: [...refused].map(([usageId, reason]) => ({ usageId, reason })),
    duplicates: [...duplicates],
  };
}

@CommandHandler(RecordUsageCommand)
export class RecordUsageHandler implements ICommandHandler<RecordUsageCommand> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ ctx, managerId, body }: RecordUsageCommand): Promise<CommandAnswer> {
    const records = body.records.map(({ usageId, memberId, kind, destination, startedAt, durationSeconds, costMinor }) => ({
      usageId,
      memberId,
      kind,
      destination,
      startedAt,
      durationSeconds,
      costMinor,
    }));
    // One id per record for the automatic top-up a charge may trigger.
    const topUpIds = records.map(() => newId());
    return this.runner.run(ctx, { type: 'RecordUsage', data: { managerId, records, topUpIds } }, (decision) =>
      usageOutcome(records, decision),
    );
  }
}
