import type { Filter } from '@skype-manager/read-store';
import type { MemberStatus, Permissions } from '@skype-manager/domain';
import { accountDocumentId, type AccountDocument } from '../balances/balances.projection';
import type { FeatureGrantView, MemberDocument } from '../members/members.projection';
import type { ReadModels } from '../runtime/generations';
import { spentInMonth } from './spend-report.query';
import { decodeCursor, encodeCursor, InvalidQueryError, pageSize, type Page } from './query-input';

/** GET /v1/managers/{m}/members */
export interface MemberListItem {
  memberId: string;
  displayName: string;
  status: MemberStatus;
  departmentId: string | null;
  availableMinor: number;
}

export interface MemberListQuery {
  status?: string;
  departmentId?: string;
  limit?: number;
  cursor?: string;
}

const STATUSES: readonly string[] = ['invited', 'active', 'declined', 'cancelled', 'removed'];

/** Members in the order they were invited; `next` pages on. */
export async function listMembers(
  readModels: ReadModels,
  managerId: string,
  query: MemberListQuery = {},
): Promise<Page<MemberListItem>> {
  const limit = pageSize(query.limit);
  if (query.status !== undefined && !STATUSES.includes(query.status)) {
    throw new InvalidQueryError('status', `status must be one of ${STATUSES.join(', ')}`);
  }
  const filter: Record<string, string> = { managerId };
  if (query.status !== undefined) filter.status = query.status;
  if (query.departmentId !== undefined) filter.departmentId = query.departmentId;
  const found = (await readModels.store.find(
    await readModels.collection('members', 'members'),
    filter as Filter,
    {
      sort: [{ field: 'listOrder', direction: 'asc' }],
      limit: limit + 1,
      after: decodeCursor(query.cursor),
    },
  )) as MemberDocument[];
  const items = found.slice(0, limit);
  const available = await availableOf(
    readModels,
    managerId,
    items.map((item) => item.memberId),
  );
  const page: Page<MemberListItem> = {
    items: items.map(({ memberId, displayName, status, departmentId }) => ({
      memberId,
      displayName,
      status,
      departmentId,
      availableMinor: available.get(memberId) ?? 0,
    })),
  };
  if (found.length > limit) {
    const last = items[items.length - 1];
    page.next = encodeCursor([last.listOrder, last.id]);
  }
  return page;
}

/** GET /v1/managers/{m}/members/{memberId} */
export interface MemberDetails extends MemberListItem {
  email: string | null;
  account: string | null;
  permissions: Permissions;
  features: FeatureGrantView[];
  invitationExpiresAt: string | null;
  /** Charged to the member in the current UTC calendar month (usage and features). */
  spentThisMonthMinor: number;
  position: number;
}

/** Undefined when the member is unknown or belongs to another Manager (HTTP 404). */
export async function getMember(
  readModels: ReadModels,
  managerId: string,
  memberId: string,
  options: { now?: Date } = {},
): Promise<MemberDetails | undefined> {
  const member = (await readModels.store.get(await readModels.collection('members', 'members'), memberId)) as
    MemberDocument | undefined;
  if (!member || member.managerId !== managerId) return undefined;
  const now = options.now ?? new Date();
  return {
    memberId: member.memberId,
    displayName: member.displayName,
    status: member.status,
    departmentId: member.departmentId,
    availableMinor: (await availableOf(readModels, managerId, [memberId])).get(memberId) ?? 0,
    email: member.email,
    account: member.account,
    permissions: member.permissions,
    features: member.features,
    invitationExpiresAt: member.invitationExpiresAt,
    spentThisMonthMinor: await spentInMonth(readModels, managerId, memberId, now),
    position: await readModels.position(['members', 'balances', 'spend']),
  };
}

/** Member balances from the balances projection, by memberId (one read for the whole page). */
async function availableOf(
  readModels: ReadModels,
  managerId: string,
  memberIds: string[],
): Promise<Map<string, number>> {
  const ids = memberIds.map((memberId) => accountDocumentId(managerId, { type: 'member', memberId }));
  const accounts = await readModels.store.getMany(await readModels.collection('balances', 'accounts'), ids);
  const available = new Map<string, number>();
  for (const account of accounts.values())
    available.set((account as AccountDocument).ownerId!, (account as AccountDocument).availableMinor);
  return available;
}
