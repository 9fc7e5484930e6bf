import {
  DEFAULT_PERMISSIONS,
  type Feature,
  type MemberStatus,
  type Permissions,
} from '@skype-manager/domain';
import { defineProjection, type DocumentUpdate, type ProjectedDocument } from '../runtime/projection';

/**
 * The members directory: one document per member with who they are, where they stand in the
 * invitation lifecycle, their department, active features and permissions. The balance is not kept
 * here but joined from the balances projection when queried: every usage charge moves it, and
 * rewriting this larger, thrice-indexed document for each charge would dominate a rebuild.
 */
export interface FeatureGrantView {
  grantId: string;
  feature: Feature;
  options: { number?: string; plan?: string };
  chargedMinor: number;
  grantedAt: string;
}

export interface MemberDocument extends ProjectedDocument {
  memberId: string;
  displayName: string;
  email: string | null;
  account: string | null;
  status: MemberStatus;
  departmentId: string | null;
  features: FeatureGrantView[];
  permissions: Permissions;
  invitationExpiresAt: string | null;
  invitedAt: string | null;
  /** Position of the member's first event: a stable order for paging the directory. */
  listOrder: number;
}

function newMember(managerId: string, memberId: string, position: number): MemberDocument {
  return {
    id: memberId,
    managerId,
    memberId,
    displayName: '',
    email: null,
    account: null,
    status: 'invited',
    departmentId: null,
    features: [],
    permissions: { ...DEFAULT_PERMISSIONS, features: [...DEFAULT_PERMISSIONS.features] },
    invitationExpiresAt: null,
    invitedAt: null,
    listOrder: position,
    _position: position,
  };
}

/** Changes one member; a member first seen through a ledger event is created with defaults. */
function member(
  managerId: string,
  memberId: string,
  position: number,
  change: (document: MemberDocument) => void,
): DocumentUpdate<MemberDocument> {
  return {
    collection: 'members',
    id: memberId,
    evolve: (current) => {
      const document = current ?? newMember(managerId, memberId, position);
      change(document);
      return document;
    },
  };
}

export const membersProjection = defineProjection({
  name: 'members',
  version: 1,
  collections: {
    members: {
      indexes: [
        { fields: ['managerId', 'listOrder'] },
        { fields: ['managerId', 'status', 'listOrder'] },
        { fields: ['managerId', 'departmentId', 'listOrder'] },
      ],
    },
  },
  on: {
    MemberInvited: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => {
        document.displayName = data.displayName;
        document.email = data.email;
        document.account = data.account;
        document.departmentId = data.departmentId;
        document.status = 'invited';
        document.invitationExpiresAt = data.expiresAt;
        document.invitedAt = metadata.occurredAt;
      }),
    ],
    InvitationResent: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => {
        document.invitationExpiresAt = data.expiresAt;
      }),
    ],
    InvitationCancelled: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => void (document.status = 'cancelled')),
    ],
    InvitationDeclined: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => void (document.status = 'declined')),
    ],
    InvitationAccepted: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => {
        document.status = 'active';
        document.account = data.account;
        document.invitationExpiresAt = null;
      }),
    ],
    MemberRemoved: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => void (document.status = 'removed')),
    ],
    MemberMovedToDepartment: ({ data, metadata, position }) => [
      member(
        metadata.managerId,
        data.memberId,
        position,
        (document) => void (document.departmentId = data.toDepartmentId),
      ),
    ],
    MemberPermissionsSet: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => {
        document.permissions = {
          features: [...data.features],
          destinations: data.destinations,
          monthlySpendLimitMinor: data.monthlySpendLimitMinor,
        };
      }),
    ],
    FeatureGranted: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => {
        const { grantId, feature, options, chargedMinor } = data;
        document.features.push({
          grantId,
          feature,
          options: { ...options },
          chargedMinor,
          grantedAt: metadata.occurredAt,
        });
      }),
    ],
    FeatureRevoked: ({ data, metadata, position }) => [
      member(metadata.managerId, data.memberId, position, (document) => {
        document.features = document.features.filter((grant) => grant.grantId !== data.grantId);
      }),
    ],
  },
});
