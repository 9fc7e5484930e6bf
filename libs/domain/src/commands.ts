import type { CreditAccount } from './shared/accounts';
import type { Destinations, Feature } from './shared/features';
import type { AdministratorRole } from './manager/manager.events';
import type { AutoAllocationRule, UsageKind } from './ledger/ledger.events';

/**
 * Every command of the Skype Manager. Ids, secrets' hashes and the time arrive with the command:
 * the domain has no clock, no randomness and no I/O.
 */
export interface CommandMetadata {
  /** ISO-8601 instant at which the command is decided. */
  now: string;
}

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };

export type SetUpManager = Cmd<
  'SetUpManager',
  {
    managerId: string;
    administratorId: string;
    name: string;
    adminAccount: string;
    currency: string;
    country: string;
    apiKeyHash: string;
  }
>;
export type UpdateManagerDetails = Cmd<'UpdateManagerDetails', { managerId: string; name?: string; adminAccount?: string }>;
export type AddAdministrator = Cmd<
  'AddAdministrator',
  {
    managerId: string;
    administratorId: string;
    account: string;
    role: AdministratorRole;
    departmentId: string | null;
    apiKeyHash: string;
  }
>;
export type RemoveAdministrator = Cmd<'RemoveAdministrator', { managerId: string; administratorId: string }>;
export type CreateDepartment = Cmd<'CreateDepartment', { managerId: string; departmentId: string; name: string }>;
export type RenameDepartment = Cmd<'RenameDepartment', { managerId: string; departmentId: string; name: string }>;
export type CloseDepartment = Cmd<'CloseDepartment', { managerId: string; departmentId: string }>;
export type SetCatalogue = Cmd<'SetCatalogue', { managerId: string; prices: Partial<Record<Feature, number>> }>;

export type InviteMember = Cmd<
  'InviteMember',
  {
    managerId: string;
    memberId: string;
    email: string | null;
    account: string | null;
    displayName: string;
    departmentId: string | null;
    invitationTokenHash: string;
  }
>;
export type ResendInvitation = Cmd<
  'ResendInvitation',
  { managerId: string; memberId: string; invitationTokenHash: string }
>;
export type CancelInvitation = Cmd<'CancelInvitation', { managerId: string; memberId: string }>;
export type AcceptInvitation = Cmd<
  'AcceptInvitation',
  { managerId: string; memberId: string; invitationTokenHash: string; account: string; apiKeyHash: string }
>;
export type DeclineInvitation = Cmd<
  'DeclineInvitation',
  { managerId: string; memberId: string; invitationTokenHash: string }
>;
export type RemoveMember = Cmd<'RemoveMember', { managerId: string; memberId: string; reclaimId: string }>;
export type MoveMemberToDepartment = Cmd<
  'MoveMemberToDepartment',
  { managerId: string; memberId: string; departmentId: string | null }
>;
export type SetMemberPermissions = Cmd<
  'SetMemberPermissions',
  {
    managerId: string;
    memberId: string;
    features: Feature[];
    destinations: Destinations;
    monthlySpendLimitMinor: number | null;
  }
>;
export type SetAutoAllocation = Cmd<
  'SetAutoAllocation',
  { managerId: string; memberId: string; rule: AutoAllocationRule | null }
>;

export type PurchaseCredit = Cmd<
  'PurchaseCredit',
  { managerId: string; purchaseId: string; amountMinor: number; currency: string; paymentReference: string }
>;
export type AllocateCredit = Cmd<
  'AllocateCredit',
  {
    managerId: string;
    allocationId: string;
    from: CreditAccount;
    to: CreditAccount;
    amountMinor: number;
  }
>;
export type ReclaimCredit = Cmd<
  'ReclaimCredit',
  { managerId: string; reclaimId: string; from: CreditAccount; amountMinor: number | null }
>;
export type GrantFeature = Cmd<
  'GrantFeature',
  { managerId: string; grantId: string; memberId: string; feature: Feature; options: { number?: string; plan?: string } }
>;
export type RevokeFeature = Cmd<'RevokeFeature', { managerId: string; memberId: string; grantId: string }>;

export interface UsageRecord {
  usageId: string;
  memberId: string;
  kind: UsageKind;
  destination: string;
  startedAt: string;
  durationSeconds: number;
  costMinor: number;
}
export type RecordUsage = Cmd<
  'RecordUsage',
  {
    managerId: string;
    records: UsageRecord[];
    /** One id per record, used for the automatic top-up a charge may trigger. */
    topUpIds: string[];
  }
>;

export type ManagerCommand =
  | SetUpManager
  | UpdateManagerDetails
  | AddAdministrator
  | RemoveAdministrator
  | CreateDepartment
  | RenameDepartment
  | CloseDepartment
  | SetCatalogue;
export type MemberCommand =
  | InviteMember
  | ResendInvitation
  | CancelInvitation
  | AcceptInvitation
  | DeclineInvitation
  | RemoveMember
  | MoveMemberToDepartment
  | SetMemberPermissions
  | SetAutoAllocation;
export type LedgerCommand = PurchaseCredit | AllocateCredit | ReclaimCredit | GrantFeature | RevokeFeature | RecordUsage;

export type Command = ManagerCommand | MemberCommand | LedgerCommand;
export type CommandType = Command['type'];
