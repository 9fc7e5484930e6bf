import type { Filter, StoredDocument } from '@skype-manager/read-store';
import { MAX_FIND_LIMIT, cursorOf } from '@skype-manager/read-store';
import type { AccountDocument, LedgerDocument } from '../balances/balances.projection';
import type { ReadModels } from '../runtime/generations';

/** GET /v1/managers/{m}/balances (current balances; `asOf` is answered from the log elsewhere). */
export interface Balances {
  currency: string;
  company: { availableMinor: number };
  departments: Array<{ departmentId: string; availableMinor: number }>;
  members: Array<{ memberId: string; availableMinor: number }>;
  position: number;
}

/** Undefined when the Manager has no ledger (HTTP 404). Closed accounts are left out. */
export async function getBalances(readModels: ReadModels, managerId: string): Promise<Balances | undefined> {
  const ledger = (await readModels.store.get(
    await readModels.collection('balances', 'ledgers'),
    managerId,
  )) as LedgerDocument | undefined;
  if (!ledger) return undefined;
  const accounts = await readModels.collection('balances', 'accounts');
  const openOf = async (accountType: AccountDocument['accountType']) =>
    ((await findEvery(readModels, accounts, { managerId, accountType })) as AccountDocument[]).filter(
      (a) => a.open,
    );
  const [company] = await openOf('company');
  return {
    currency: ledger.currency,
    company: { availableMinor: company?.availableMinor ?? 0 },
    departments: (await openOf('department')).map((a) => ({
      departmentId: a.ownerId!,
      availableMinor: a.availableMinor,
    })),
    members: (await openOf('member')).map((a) => ({
      memberId: a.ownerId!,
      availableMinor: a.availableMinor,
    })),
    position: await readModels.position(['balances']),
  };
}

/** Reads every match page by page (a Manager may have more accounts than one read returns). */
async function findEvery(
  readModels: ReadModels,
  collection: string,
  filter: Filter,
): Promise<StoredDocument[]> {
  const sort = [{ field: 'ownerId', direction: 'asc' as const }];
  const all: StoredDocument[] = [];
  for (let after: ReturnType<typeof cursorOf> | undefined; ;) {
    const page = await readModels.store.find(collection, filter, { sort, limit: MAX_FIND_LIMIT, after });
    all.push(...page);
    if (page.length < MAX_FIND_LIMIT) return all;
    after = cursorOf(page[page.length - 1], sort);
  }
}
