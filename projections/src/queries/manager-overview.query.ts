import { accountDocumentId, type AccountDocument } from '../balances/balances.projection';
import type { ManagerDocument, MemberCounts } from '../managers/managers.projection';
import type { ReadModels } from '../runtime/generations';

/** GET /v1/managers/{m} */
export interface ManagerOverview {
  managerId: string;
  name: string;
  currency: string;
  companyAvailableMinor: number;
  members: MemberCounts;
  /** The log position the answer reflects. */
  position: number;
}

/** Undefined when the Manager is unknown (HTTP 404). */
export async function getManagerOverview(
  readModels: ReadModels,
  managerId: string,
): Promise<ManagerOverview | undefined> {
  const manager = (await readModels.store.get(
    await readModels.collection('managers', 'managers'),
    managerId,
  )) as ManagerDocument | undefined;
  if (!manager) return undefined;
  const company = (await readModels.store.get(
    await readModels.collection('balances', 'accounts'),
    accountDocumentId(managerId, { type: 'company' }),
  )) as AccountDocument | undefined;
  return {
    managerId,
    name: manager.name,
    currency: manager.currency,
    companyAvailableMinor: company?.availableMinor ?? 0,
    members: { ...manager.members },
    position: await readModels.position(['managers', 'balances']),
  };
}
