import type { Command } from './commands';
import type { Decision, DecisionContext } from './decision';
import { allocateCredit, purchaseCredit, reclaimCredit } from './ledger/credit';
import { setCatalogue } from './ledger/catalogue';
import { grantFeature, revokeFeature } from './ledger/features';
import { recordUsage } from './ledger/usage';
import { addAdministrator, removeAdministrator } from './manager/administrators';
import { closeDepartment, createDepartment, renameDepartment } from './manager/departments';
import { setUpManager, updateManagerDetails } from './manager/set-up-manager';
import {
  acceptInvitation,
  cancelInvitation,
  declineInvitation,
  inviteMember,
  resendInvitation,
} from './member/invitations';
import { moveMemberToDepartment, removeMember, setAutoAllocation, setMemberPermissions } from './member/membership';
import type { MemberState } from './member/member.state';
import { streamIds } from './events';

/** Decides a command against the current state of the streams it touches. Pure: no I/O, no clock. */
export function decide(ctx: DecisionContext, command: Command): Decision {
  switch (command.type) {
    case 'SetUpManager':
      return setUpManager(ctx, command);
    case 'UpdateManagerDetails':
      return updateManagerDetails(ctx, command);
    case 'AddAdministrator':
      return addAdministrator(ctx, command);
    case 'RemoveAdministrator':
      return removeAdministrator(ctx, command);
    case 'CreateDepartment':
      return createDepartment(ctx, command);
    case 'RenameDepartment':
      return renameDepartment(ctx, command);
    case 'CloseDepartment':
      return closeDepartment(ctx, command);
    case 'SetCatalogue':
      return setCatalogue(ctx, command);
    case 'InviteMember':
      return inviteMember(ctx, command);
    case 'ResendInvitation':
      return resendInvitation(ctx, command);
    case 'CancelInvitation':
      return cancelInvitation(ctx, command);
    case 'AcceptInvitation':
      return acceptInvitation(ctx, command);
    case 'DeclineInvitation':
      return declineInvitation(ctx, command);
    case 'RemoveMember':
      return removeMember(ctx, command);
    case 'MoveMemberToDepartment':
      return moveMemberToDepartment(ctx, command);
    case 'SetMemberPermissions':
      return setMemberPermissions(ctx, command);
    case 'SetAutoAllocation':
      return setAutoAllocation(ctx, command);
    case 'PurchaseCredit':
      return purchaseCredit(ctx, command);
    case 'AllocateCredit':
      return allocateCredit(ctx, command);
    case 'ReclaimCredit':
      return reclaimCredit(ctx, command);
    case 'GrantFeature':
      return grantFeature(ctx, command);
    case 'RevokeFeature':
      return revokeFeature(ctx, command);
    case 'RecordUsage':
      return recordUsage(ctx, command);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** Stream ids a command reads and may append to. */
export interface CommandStreams {
  manager?: string;
  ledger?: string;
  member?: string;
  accountName?: string;
}

const MANAGER_STREAM_COMMANDS = new Set<Command['type']>([
  'SetUpManager',
  'UpdateManagerDetails',
  'AddAdministrator',
  'RemoveAdministrator',
  'CreateDepartment',
  'RenameDepartment',
  'CloseDepartment',
]);
const LEDGER_FREE_COMMANDS = new Set<Command['type']>([
  'UpdateManagerDetails',
  'AddAdministrator',
  'RemoveAdministrator',
  'RenameDepartment',
  'ResendInvitation',
]);
const MEMBER_STREAM_COMMANDS = new Set<Command['type']>([
  'InviteMember',
  'ResendInvitation',
  'CancelInvitation',
  'AcceptInvitation',
  'DeclineInvitation',
  'RemoveMember',
]);

/**
 * Which streams a command touches. A member's account-name stream is known only from the member's state
 * (removal releases the account the member accepted with), so that state is passed when there is one.
 */
export function streamsOf(command: Command, member?: MemberState): CommandStreams {
  const managerId = command.data.managerId;
  const streams: CommandStreams = {};
  if (MANAGER_STREAM_COMMANDS.has(command.type)) streams.manager = streamIds.manager(managerId);
  if (!LEDGER_FREE_COMMANDS.has(command.type)) streams.ledger = streamIds.ledger(managerId);
  if (MEMBER_STREAM_COMMANDS.has(command.type) && 'memberId' in command.data) {
    streams.member = streamIds.member(command.data.memberId);
  }
  if (command.type === 'AcceptInvitation') streams.accountName = streamIds.accountName(command.data.account);
  if (command.type === 'RemoveMember' && member && member.status === 'active' && member.account) {
    streams.accountName = streamIds.accountName(member.account);
  }
  return streams;
}
