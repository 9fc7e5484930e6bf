/**
 * Every command endpoint of the contract, with a valid body for the Manager `ids` describes:
 * used to check that each one is guarded (other Manager's key, roles) the same way.
 */
export interface ManagerIds {
  managerId: string;
  administratorId: string;
  departmentId: string;
  memberId: string;
  invitedMemberId: string;
  grantId: string;
}

export interface Endpoint {
  name: string;
  method: string;
  path: string;
  body?: unknown;
}

export function commandEndpoints(ids: ManagerIds): Endpoint[] {
  const m = `/v1/managers/${ids.managerId}`;
  const member = `${m}/members/${ids.memberId}`;
  return [
    { name: 'update details', method: 'PATCH', path: m, body: { name: 'Renamed' } },
    { name: 'set catalogue', method: 'PUT', path: `${m}/catalogue`, body: { prices: { voicemail: 1 } } },
    { name: 'add administrator', method: 'POST', path: `${m}/administrators`, body: { account: 'intruder', role: 'owner' } },
    { name: 'remove administrator', method: 'DELETE', path: `${m}/administrators/${ids.administratorId}` },
    { name: 'create department', method: 'POST', path: `${m}/departments`, body: { name: 'Intruders' } },
    { name: 'rename department', method: 'PATCH', path: `${m}/departments/${ids.departmentId}`, body: { name: 'Taken' } },
    { name: 'close department', method: 'DELETE', path: `${m}/departments/${ids.departmentId}` },
    { name: 'invite', method: 'POST', path: `${m}/invitations`, body: { account: 'intruder.member', displayName: 'X' } },
    { name: 'resend invitation', method: 'POST', path: `${m}/invitations/${ids.invitedMemberId}/resend` },
    { name: 'cancel invitation', method: 'DELETE', path: `${m}/invitations/${ids.invitedMemberId}` },
    { name: 'remove member', method: 'DELETE', path: member },
    { name: 'move member', method: 'PUT', path: `${member}/department`, body: { departmentId: null } },
    {
      name: 'set permissions',
      method: 'PUT',
      path: `${member}/permissions`,
      body: { features: [], destinations: 'none' },
    },
    {
      name: 'set auto-allocation',
      method: 'PUT',
      path: `${member}/auto-allocation`,
      body: { topUpToMinor: 100, whenBelowMinor: 10 },
    },
    {
      name: 'purchase credit',
      method: 'POST',
      path: `${m}/credit/purchases`,
      body: { amountMinor: 100, currency: 'EUR', paymentReference: 'intruder-payment' },
    },
    {
      name: 'allocate credit',
      method: 'POST',
      path: `${m}/credit/allocations`,
      body: { to: { memberId: ids.memberId }, amountMinor: 1 },
    },
    { name: 'reclaim credit', method: 'POST', path: `${m}/credit/reclaims`, body: { from: { memberId: ids.memberId } } },
    { name: 'grant feature', method: 'POST', path: `${member}/features`, body: { feature: 'caller-id' } },
    { name: 'revoke feature', method: 'DELETE', path: `${member}/features/${ids.grantId}` },
    {
      name: 'record usage',
      method: 'POST',
      path: `${m}/usage`,
      body: {
        records: [
          {
            usageId: 'intruder-call',
            memberId: ids.memberId,
            kind: 'call',
            destination: '+33612345678',
            startedAt: '2025-03-15T09:00:00.000Z',
            durationSeconds: 1,
            costMinor: 1,
          },
        ],
      },
    },
    {
      name: 'authorize usage',
      method: 'POST',
      path: `${m}/usage/authorizations`,
      body: { memberId: ids.memberId, destination: '+33612345678' },
    },
  ];
}

const PLACEHOLDER: ManagerIds = {
  managerId: 'm',
  administratorId: 'a',
  departmentId: 'd',
  memberId: 'mb',
  invitedMemberId: 'i',
  grantId: 'g',
};

/** The names of the command endpoints, for `it.each`. */
export const COMMAND_ENDPOINT_NAMES = commandEndpoints(PLACEHOLDER).map((endpoint) => endpoint.name);
