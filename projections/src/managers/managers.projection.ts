import type { MemberStatus } from '@skype-manager/domain';
import { defineProjection, type DocumentUpdate, type ProjectedDocument } from '../runtime/projection';

/**
 * Manager overview: the Manager's details and how many members it has in each status. A status
 * change needs the member's previous status (a removal may follow an invitation or an acceptance), so
 * the projection keeps each member's status in `memberStatuses` and reads it when counting.
 */
export type MemberCounts = Record<MemberStatus, number>;

export interface ManagerDocument extends ProjectedDocument {
  name: string;
  adminAccount: string;
  currency: string;
  country: string;
  members: MemberCounts;
  setUpAt: string;
}

export interface MemberStatusDocument extends ProjectedDocument {
  status: MemberStatus;
}

const emptyCounts = (): MemberCounts => ({ invited: 0, active: 0, declined: 0, cancelled: 0, removed: 0 });

function newManager(managerId: string, position: number): ManagerDocument {
  return {
    id: managerId,
    managerId,
    name: '',
    adminAccount: '',
    currency: '',
    country: '',
    members: emptyCounts(),
    setUpAt: '',
    _position: position,
  };
}

/** Moves one member from its current status (if known) to `status` in the counts. */
function memberBecomes(
  managerId: string,
  memberId: string,
  status: MemberStatus,
  position: number,
): DocumentUpdate[] {
  const countUpdate: DocumentUpdate<ManagerDocument> = {
    collection: 'managers',
    id: managerId,
    reads: [{ collection: 'memberStatuses', id: memberId }],
    evolve: (current, lookup) => {
      const document = current ?? newManager(managerId, position);
      const previous = (lookup('memberStatuses', memberId) as MemberStatusDocument | undefined)?.status;
      if (previous === status) return document;
      if (previous) document.members[previous] -= 1;
      document.members[status] += 1;
      return document;
    },
  };
  const statusUpdate: DocumentUpdate<MemberStatusDocument> = {
    collection: 'memberStatuses',
    id: memberId,
    evolve: () => ({ id: memberId, managerId, status, _position: position }),
  };
  // Counted first: the count must see the status before this event.
  return [countUpdate, statusUpdate];
}

export const managersProjection = defineProjection({
  name: 'managers',
  version: 1,
  collections: {
    managers: { indexes: [] },
    memberStatuses: { indexes: [{ fields: ['managerId', 'status'] }] },
  },
  on: {
    ManagerSetUp: ({ data, metadata, position }) => [
      {
        collection: 'managers',
        id: data.managerId,
        evolve: (current: ManagerDocument | undefined) => {
          const document = current ?? newManager(data.managerId, position);
          Object.assign(document, {
            name: data.name,
            adminAccount: data.adminAccount,
            currency: data.currency,
            country: data.country,
            setUpAt: metadata.occurredAt,
          });
          return document;
        },
      },
    ],
    ManagerDetailsUpdated: ({ data, metadata, position }) => [
      {
        collection: 'managers',
        id: metadata.managerId,
        evolve: (current: ManagerDocument | undefined) => {
          const document = current ?? newManager(metadata.managerId, position);
          if (data.name !== undefined) document.name = data.name;
          if (data.adminAccount !== undefined) document.adminAccount = data.adminAccount;
          return document;
        },
      },
    ],
    MemberInvited: ({ data, metadata, position }) =>
      memberBecomes(metadata.managerId, data.memberId, 'invited', position),
    InvitationAccepted: ({ data, metadata, position }) =>
      memberBecomes(metadata.managerId, data.memberId, 'active', position),
    InvitationDeclined: ({ data, metadata, position }) =>
      memberBecomes(metadata.managerId, data.memberId, 'declined', position),
    InvitationCancelled: ({ data, metadata, position }) =>
      memberBecomes(metadata.managerId, data.memberId, 'cancelled', position),
    MemberRemoved: ({ data, metadata, position }) =>
      memberBecomes(metadata.managerId, data.memberId, 'removed', position),
  },
});
