import { randomBytes } from 'node:crypto';
import type { DemoClient } from './http-client';

/**
 * A sample company, set up through the HTTP API as a client would: three departments, ten members
 * invited and accepted, two purchases, credit allocated company → department → member, features,
 * permissions (one member domestic only, one with a monthly cap) and thirty days of calls and SMS to
 * varied destinations — some of them refused.
 */
export interface SeededCompany {
  managerId: string;
  ownerKey: string;
  departments: Array<{ departmentId: string; name: string }>;
  members: Array<{ memberId: string; displayName: string; departmentId: string; memberKey: string }>;
  usage: { accepted: number; rejected: Record<string, number> };
  from: string;
  to: string;
}

const DEPARTMENTS = [
  { name: 'Design studio', budgetMinor: 60_000, perMemberMinor: 9_000 },
  { name: 'Engineering', budgetMinor: 50_000, perMemberMinor: 8_000 },
  { name: 'Sales', budgetMinor: 40_000, perMemberMinor: 7_000 },
];

/** Display name and department (index in DEPARTMENTS). */
const PEOPLE: Array<[string, number]> = [
  ['Claire Dubois', 0],
  ['Hugo Martin', 0],
  ['Inès Moreau', 0],
  ['Louis Bernard', 1],
  ['Chloé Petit', 1],
  ['Nathan Roux', 1],
  ['Léa Fournier', 1],
  ['Manon Girard', 2],
  ['Jules Lambert', 2],
  ['Camille Faure', 2],
];

/** Where the calls go: mostly France (the Manager's country), some abroad. */
const DESTINATIONS = ['+33612345678', '+33145678901', '+33698765432', '+442079460958', '+12125550123', '+4930123456'];
const DAY_MS = 86_400_000;
export const USAGE_DAYS = 30;

/** A small seeded generator: the same sample every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function seedCompany(api: DemoClient, now: Date = new Date()): Promise<SeededCompany> {
  // Account names and numbers are unique across Managers: a run's suffix lets a kept DATA_DIR be seeded again.
  const run = randomBytes(3).toString('hex');
  const setUp = await api.call<{ managerId: string; apiKey: string }>('POST', '/v1/managers', {
    body: { name: 'Architectes', adminAccount: `admin.architectes.${run}`, currency: 'EUR', country: 'FR' },
  });
  const { managerId, apiKey: ownerKey } = setUp;
  const path = (rest: string) => `/v1/managers/${managerId}${rest}`;
  const owner = <T = Record<string, unknown>>(method: string, rest: string, body?: unknown) => api.call<T>(method, path(rest), { key: ownerKey, body });

  await owner('POST', '/credit/purchases', { amountMinor: 200_000, currency: 'EUR', paymentReference: `invoice-${run}-1` });
  await owner('POST', '/credit/purchases', { amountMinor: 100_000, currency: 'EUR', paymentReference: `invoice-${run}-2` });
  const departments: SeededCompany['departments'] = [];
  for (const department of DEPARTMENTS) {
    const { departmentId } = await owner<{ departmentId: string }>('POST', '/departments', { name: department.name });
    departments.push({ departmentId, name: department.name });
    await owner('POST', '/credit/allocations', { to: { departmentId }, amountMinor: department.budgetMinor });
  }

  const members: SeededCompany['members'] = [];
  for (const [index, [displayName, departmentIndex]] of PEOPLE.entries()) {
    const { departmentId } = departments[departmentIndex];
    const account = `${displayName.split(' ')[0].normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}.architectes.${run}`;
    const invited = await owner<{ memberId: string; invitationToken: string }>('POST', '/invitations', {
      email: `${account}@architectes.example`,
      displayName,
      departmentId,
    });
    const accepted = await api.call<{ apiKey: string }>('POST', `/v1/invitations/${invited.invitationToken}/accept`, { body: { account } });
    members.push({ memberId: invited.memberId, displayName, departmentId, memberKey: accepted.apiKey });
    await owner('POST', '/credit/allocations', {
      from: { departmentId },
      to: { memberId: invited.memberId },
      amountMinor: DEPARTMENTS[departmentIndex].perMemberMinor,
    });
    if (index % 3 === 0) await owner('POST', `/members/${invited.memberId}/features`, { feature: 'voicemail' });
    if (index % 4 === 1) {
      const number = `+3319${String(Number.parseInt(run, 16) % 1000).padStart(3, '0')}${String(index).padStart(4, '0')}`;
      await owner('POST', `/members/${invited.memberId}/features`, { feature: 'online-number', options: { number } });
    }
    if (index === 3) await owner('POST', `/members/${invited.memberId}/features`, { feature: 'subscription', options: { plan: 'Unlimited Europe' } });
  }
  // A sales intern may call France only; an engineer has a small monthly cap.
  const all = ['subscription', 'online-number', 'voicemail', 'call-forwarding', 'caller-id'];
  await owner('PUT', `/members/${members[9].memberId}/permissions`, { features: all, destinations: 'domestic' });
  await owner('PUT', `/members/${members[6].memberId}/permissions`, { features: all, destinations: 'international', monthlySpendLimitMinor: 600 });

  const usage = await recordUsage(owner, members, now);
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (USAGE_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  return { managerId, ownerKey, departments, members, usage, from, to };
}

type Owner = <T = Record<string, unknown>>(method: string, rest: string, body?: unknown) => Promise<T>;

/** Thirty days of calls and SMS, oldest first, posted the way a telephony platform would (≤ 1000 per request). */
async function recordUsage(owner: Owner, members: SeededCompany['members'], now: Date): Promise<SeededCompany['usage']> {
  const next = random(20_250_301);
  const records: Array<Record<string, unknown>> = [];
  for (let daysAgo = USAGE_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const day = new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    for (const [index, member] of members.entries()) {
      const count = Math.floor(next() * 3);
      for (let n = 0; n < count; n++) {
        const sms = next() < 0.25;
        const destination = DESTINATIONS[Math.floor(next() * DESTINATIONS.length)];
        const abroad = !destination.startsWith('+33');
        const durationSeconds = sms ? 0 : 30 + Math.floor(next() * 900);
        records.push({
          usageId: `cdr-${day}-${index}-${n}`,
          memberId: member.memberId,
          kind: sms ? 'sms' : 'call',
          destination,
          startedAt: `${day}T${String(8 + Math.floor(next() * 10)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}:00Z`,
          durationSeconds,
          costMinor: sms ? (abroad ? 12 : 8) : Math.ceil((durationSeconds / 60) * (abroad ? 19 : 4)),
        });
      }
    }
  }
  const usage: SeededCompany['usage'] = { accepted: 0, rejected: {} };
  for (let start = 0; start < records.length; start += 1000) {
    const answer = await owner<{ accepted: string[]; rejected: Array<{ reason: string }> }>('POST', '/usage', { records: records.slice(start, start + 1000) });
    usage.accepted += answer.accepted.length;
    for (const { reason } of answer.rejected) usage.rejected[reason] = (usage.rejected[reason] ?? 0) + 1;
  }
  return usage;
}
