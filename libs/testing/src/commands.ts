import type {
  AcceptInvitation,
  AddAdministrator,
  AllocateCredit,
  CancelInvitation,
  CloseDepartment,
  Command,
  CreateDepartment,
  CreditAccount,
  DeclineInvitation,
  GrantFeature,
  InviteMember,
  MoveMemberToDepartment,
  PurchaseCredit,
  ReclaimCredit,
  RecordUsage,
  RemoveAdministrator,
  RemoveMember,
  RenameDepartment,
  ResendInvitation,
  RevokeFeature,
  SetAutoAllocation,
  SetCatalogue,
  SetMemberPermissions,
  SetUpManager,
  UpdateManagerDetails,
  UsageRecord,
} from '@skype-manager/domain';

/**
 * Command factories with readable defaults, so a spec names only what matters to its rule.
 * Every command is decided at NOW unless `at(…)` moves it.
 */
export const NOW = '2025-03-15T10:00:00.000Z';
export const MANAGER_ID = 'mgr-architectes';
export const OWNER_ID = 'admin-owner';
export const OWNER_ACCOUNT = 'admin.architectes';

export const COMPANY_POOL: CreditAccount = { type: 'company' };
export const departmentAccount = (departmentId: string): CreditAccount => ({
  type: 'department',
  departmentId,
});
export const memberAccount = (memberId: string): CreditAccount => ({ type: 'member', memberId });

/** Hashes are opaque to the domain: readable stand-ins do. */
export const tokenHash = (memberId: string) => `token-hash-${memberId}`;
export const apiKeyHash = (id: string) => `key-hash-${id}`;

/** The same command, decided at another instant. */
export function at<C extends Command>(now: string, command: C): C {
  return { ...command, metadata: { ...command.metadata, now } };
}

type Data<C extends Command> = C['data'];
const make = <C extends Command>(type: C['type'], data: Data<C>): C =>
  ({ type, data, metadata: { now: NOW } }) as C;

export const cmd = {
  setUpManager: (d: Partial<Data<SetUpManager>> = {}) =>
    make<SetUpManager>('SetUpManager', {
      managerId: MANAGER_ID,
      administratorId: OWNER_ID,
      name: 'Architectes',
      adminAccount: OWNER_ACCOUNT,
      currency: 'EUR',
      country: 'FR',
      apiKeyHash: apiKeyHash(d.administratorId ?? OWNER_ID),
      ...d,
    }),
  updateManagerDetails: (d: Partial<Data<UpdateManagerDetails>>) =>
    make<UpdateManagerDetails>('UpdateManagerDetails', { managerId: MANAGER_ID, ...d }),
  addAdministrator: (d: Partial<Data<AddAdministrator>> & { administratorId: string }) =>
    make<AddAdministrator>('AddAdministrator', {
      managerId: MANAGER_ID,
      account: `account.${d.administratorId}`,
      role: 'admin',
      departmentId: null,
      apiKeyHash: apiKeyHash(d.administratorId),
      ...d,
    }),
  removeAdministrator: (administratorId: string, managerId = MANAGER_ID) =>
    make<RemoveAdministrator>('RemoveAdministrator', { managerId, administratorId }),
  createDepartment: (departmentId: string, name = `Department ${departmentId}`, managerId = MANAGER_ID) =>
    make<CreateDepartment>('CreateDepartment', { managerId, departmentId, name }),
  renameDepartment: (departmentId: string, name: string) =>
    make<RenameDepartment>('RenameDepartment', { managerId: MANAGER_ID, departmentId, name }),
  closeDepartment: (departmentId: string) =>
    make<CloseDepartment>('CloseDepartment', { managerId: MANAGER_ID, departmentId }),
  setCatalogue: (prices: Data<SetCatalogue>['prices']) =>
    make<SetCatalogue>('SetCatalogue', { managerId: MANAGER_ID, prices }),

  inviteMember: (d: Partial<Data<InviteMember>> & { memberId: string }) =>
    make<InviteMember>('InviteMember', {
      managerId: MANAGER_ID,
      email: `${d.memberId}@architectes.example`,
      account: null,
      displayName: `Member ${d.memberId}`,
      departmentId: null,
      invitationTokenHash: tokenHash(d.memberId),
      ...d,
    }),
  resendInvitation: (memberId: string, invitationTokenHash = `${tokenHash(memberId)}-resent`) =>
    make<ResendInvitation>('ResendInvitation', { managerId: MANAGER_ID, memberId, invitationTokenHash }),
  cancelInvitation: (memberId: string, managerId = MANAGER_ID) =>
    make<CancelInvitation>('CancelInvitation', { managerId, memberId }),
  acceptInvitation: (d: Partial<Data<AcceptInvitation>> & { memberId: string }) =>
    make<AcceptInvitation>('AcceptInvitation', {
      managerId: MANAGER_ID,
      invitationTokenHash: tokenHash(d.memberId),
      account: `skype.${d.memberId}`,
      apiKeyHash: apiKeyHash(d.memberId),
      ...d,
    }),
  declineInvitation: (memberId: string, invitationTokenHash = tokenHash(memberId)) =>
    make<DeclineInvitation>('DeclineInvitation', { managerId: MANAGER_ID, memberId, invitationTokenHash }),
  removeMember: (memberId: string, reclaimId = `reclaim-${memberId}`, managerId = MANAGER_ID) =>
    make<RemoveMember>('RemoveMember', { managerId, memberId, reclaimId }),
  moveMember: (memberId: string, departmentId: string | null) =>
    make<MoveMemberToDepartment>('MoveMemberToDepartment', { managerId: MANAGER_ID, memberId, departmentId }),
  setPermissions: (d: Partial<Data<SetMemberPermissions>> & { memberId: string }) =>
    make<SetMemberPermissions>('SetMemberPermissions', {
      managerId: MANAGER_ID,
      features: ['voicemail'],
      destinations: 'international',
      monthlySpendLimitMinor: null,
      ...d,
    }),
  setAutoAllocation: (memberId: string, rule: Data<SetAutoAllocation>['rule']) =>
    make<SetAutoAllocation>('SetAutoAllocation', { managerId: MANAGER_ID, memberId, rule }),

  purchaseCredit: (d: Partial<Data<PurchaseCredit>> & { amountMinor: number }) =>
    make<PurchaseCredit>('PurchaseCredit', {
      managerId: MANAGER_ID,
      purchaseId: 'purchase-1',
      currency: 'EUR',
      paymentReference: 'pay-ref-1',
      ...d,
    }),
  allocateCredit: (
    from: CreditAccount,
    to: CreditAccount,
    amountMinor: number,
    allocationId = 'allocation-1',
  ) => make<AllocateCredit>('AllocateCredit', { managerId: MANAGER_ID, allocationId, from, to, amountMinor }),
  reclaimCredit: (from: CreditAccount, amountMinor: number | null, reclaimId = 'reclaim-1') =>
    make<ReclaimCredit>('ReclaimCredit', { managerId: MANAGER_ID, reclaimId, from, amountMinor }),
  grantFeature: (d: Partial<Data<GrantFeature>> & Pick<Data<GrantFeature>, 'memberId' | 'feature'>) =>
    make<GrantFeature>('GrantFeature', { managerId: MANAGER_ID, grantId: 'grant-1', options: {}, ...d }),
  revokeFeature: (memberId: string, grantId: string) =>
    make<RevokeFeature>('RevokeFeature', { managerId: MANAGER_ID, memberId, grantId }),
  /** One top-up id per record, derived from the usage id. */
  recordUsage: (...records: UsageRecord[]) =>
    make<RecordUsage>('RecordUsage', {
      managerId: MANAGER_ID,
      records,
      topUpIds: records.map((r) => `top-up-${r.usageId}`),
    }),
};

/** A one-minute domestic call started an hour before NOW, costing 100 minor units. */
export function usageRecord(d: Partial<UsageRecord> & { usageId: string; memberId: string }): UsageRecord {
  return {
    kind: 'call',
    destination: PHONE.paris,
    startedAt: '2025-03-15T09:00:00.000Z',
    durationSeconds: 60,
    costMinor: 100,
    ...d,
  };
}

/** Real numbers (valid for libphonenumber), by where they ring. */
export const PHONE = {
  /** Paris landline: domestic for a French Manager. */
  paris: '+33142685300',
  /** French mobile. */
  frenchMobile: '+33612345678',
  /** London landline: abroad for a French Manager. */
  london: '+442079460958',
  berlin: '+4930123456',
  newYork: '+12125551234',
  /** International freephone: belongs to no country, so never domestic. */
  freephone: '+80012345678',
} as const;
