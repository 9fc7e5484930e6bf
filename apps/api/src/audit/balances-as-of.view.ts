import { balancesAsOf, ledgerStreamId } from '@skype-manager/audit';
import type { EventStore } from '@skype-manager/event-store';
import { notFound } from '../http/problem';
import { asInvalidInput } from './audit-query';

/** `GET /v1/managers/{m}/balances?asOf=…`: the shape of the live balances, plus the instant asked for. */
export interface BalancesAsOfView {
  asOf: string;
  currency: string;
  company: { availableMinor: number };
  departments: Array<{ departmentId: string; availableMinor: number }>;
  members: Array<{ memberId: string; availableMinor: number }>;
  /** Global position of the last ledger event the balances reflect (0: none yet). */
  position: number;
}

/**
 * For the read side's balances endpoint, when `asOf` is present (the read models only hold the present).
 * 400 for an `asOf` that is not an ISO-8601 instant with a time zone; 404 for an unknown Manager;
 * before the Manager's ledger was opened, every balance is zero.
 */
export async function balancesAsOfView(store: EventStore, managerId: string, asOf: string): Promise<BalancesAsOfView> {
  const found = await balancesAsOf(store, managerId, asOf).catch((error: unknown) => {
    throw asInvalidInput(error);
  });
  if (found !== undefined) {
    const { currency, company, departments, members, position } = found;
    return { asOf: found.asOf, currency, company, departments, members, position };
  }
  const [opened] = await store.readStream(ledgerStreamId(managerId), { maxCount: 1 });
  if (opened === undefined) throw notFound('manager-not-found', 'No such Manager');
  return {
    asOf: new Date(Date.parse(asOf)).toISOString(),
    currency: String(opened.data.currency),
    company: { availableMinor: 0 },
    departments: [],
    members: [],
    position: 0,
  };
}
