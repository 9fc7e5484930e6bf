import { type AppendStreamRequest, jsonEvent, NO_STREAM } from '@kurrent/kurrentdb-client';
import type { ValidatedRequest } from '../append-rules';
import type { ChainFields, EventMetadata } from '../event-store.port';
import { type ChainHead, EMPTY_CHAIN_HEAD, linkEvent } from '../hash-chain';
import { CHAIN_HEAD_EVENT_TYPE, chainStreamId, encodeMetadata } from './kurrentdb-mapping';

/** A Manager's chain head as stored in its `chain-{managerId}` stream. */
export interface StoredChainHead {
  head: ChainHead;
  /** Revision of the chain stream (undefined: no chain stream yet). */
  revision: number | undefined;
}

/** What one attempt writes: the caller's streams and the chain heads, in one multi-stream append. */
export interface AppendPlan {
  requests: AppendStreamRequest[];
  /** Revision of the first new event of each caller stream, in request order (to read them back). */
  firstRevisions: number[];
}

/**
 * Builds one attempt of an append: numbers the events from each stream's current revision, links
 * them into their Managers' chains, and adds one chain-head event per Manager written with the
 * chain stream's revision as expectation, so a concurrent writer makes this attempt fail instead
 * of forking the chain. Pure: the same input always gives the same plan.
 */
export function planAppend(
  requests: readonly ValidatedRequest[],
  currentRevisions: ReadonlyArray<number | undefined>,
  chains: ReadonlyMap<string, StoredChainHead>,
): AppendPlan {
  const heads = new Map<string, ChainHead>();
  const headOf = (managerId: string): ChainHead => heads.get(managerId) ?? chains.get(managerId)?.head ?? EMPTY_CHAIN_HEAD;
  const firstRevisions: number[] = [];
  const streamRequests = requests.map((request, index): AppendStreamRequest => {
    const current = currentRevisions[index];
    const first = (current ?? -1) + 1;
    firstRevisions.push(first);
    const events = request.events.map((event, offset) => {
      const content = { streamId: request.streamId, revision: first + offset, id: event.id, type: event.type, data: event.data, metadata: event.metadata };
      const link = linkEvent(headOf(event.metadata.managerId), content);
      heads.set(event.metadata.managerId, link.head);
      const metadata: EventMetadata & ChainFields = { ...event.metadata, ...link.fields };
      return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: encodeMetadata(metadata) });
    });
    return { streamName: request.streamId, events, expectedState: current === undefined ? NO_STREAM : BigInt(current) };
  });
  const chainRequests = [...heads].map(([managerId, head]): AppendStreamRequest => {
    const revision = chains.get(managerId)?.revision;
    return {
      streamName: chainStreamId(managerId),
      events: [jsonEvent({ type: CHAIN_HEAD_EVENT_TYPE, data: { seq: head.seq, hash: head.hash }, metadata: { managerId } })],
      expectedState: revision === undefined ? NO_STREAM : BigInt(revision),
    };
  });
  return { requests: [...streamRequests, ...chainRequests], firstRevisions };
}
