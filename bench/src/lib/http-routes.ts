/**
 * The two commands bench part 1 loads (allocate credit, record one usage), each with its bare twin on
 * the same server (see workers/http-server-worker.ts) and a body generator cycling over the members.
 */
export interface BenchRoute {
  name: string;
  /** The real route. */
  path: string;
  /** The bare route: the same validation, nothing else. */
  bare: string;
  /** A new request body (every usage record gets a new usage id). */
  body: () => string;
}

export function benchRoutes(
  managerId: string,
  memberIds: readonly string[],
  usageIdPrefix: string,
): { allocate: BenchRoute; usage: BenchRoute } {
  let next = 0;
  const member = (): string => memberIds[next++ % memberIds.length];
  let usageCount = 0;
  return {
    allocate: {
      name: 'allocate credit',
      path: `/v1/managers/${managerId}/credit/allocations`,
      bare: `/bench/bare/managers/${managerId}/credit/allocations`,
      body: () => JSON.stringify({ to: { memberId: member() }, amountMinor: 1 }),
    },
    usage: {
      name: 'record one usage',
      path: `/v1/managers/${managerId}/usage`,
      bare: `/bench/bare/managers/${managerId}/usage`,
      body: () =>
        JSON.stringify({
          records: [
            {
              usageId: `${usageIdPrefix}-${usageCount++}`,
              memberId: member(),
              kind: 'call',
              destination: '+33612345678',
              startedAt: new Date(Date.now() - 60_000).toISOString(),
              durationSeconds: 60,
              costMinor: 2,
            },
          ],
        }),
    },
  };
}
