import { expectationHolds, reappendResult, type ValidatedEvent, type ValidatedRequest } from '../append-rules';
import { type AppendResult, ConcurrencyError, type RecordedEvent } from '../event-store.port';
import { type ChainHead, EMPTY_CHAIN_HEAD, linkEvent } from '../hash-chain';
import { readChainHead, rowToEvent, type Statements } from './sqlite-statements';

/**
 * Applies one append request (one or several streams) inside the caller's transaction. Throws on a
 * failed expectation; the caller wraps each request in a savepoint so a throw undoes only this one.
 */
export function appendInTransaction(statements: Statements, requests: readonly ValidatedRequest[]): AppendResult {
  const ids = requests.flatMap((request) => request.events.map((event) => event.id));
  const stored = statements.eventsByIds.all(JSON.stringify(ids)).map(rowToEvent);
  // Checked before the expected revision: a retry of a committed append must not look like a conflict.
  const original = reappendResult(requests, stored);
  if (original !== undefined) return original;

  const currentRevisions = requests.map((request) => checkExpectation(statements, request));
  const chains = new ChainCursor(statements);
  const events: RecordedEvent[] = [];
  const streams = requests.map((request, index) => {
    let revision = currentRevisions[index] ?? -1;
    for (const event of request.events) {
      revision += 1;
      events.push(insertEvent(statements, chains, request.streamId, revision, event));
    }
    statements.upsertStream.run(request.streamId, revision, request.managerId);
    return { streamId: request.streamId, nextExpectedRevision: revision };
  });
  chains.save();
  return { streams, lastPosition: events[events.length - 1].position, events };
}

function checkExpectation(statements: Statements, request: ValidatedRequest): number | undefined {
  const current = statements.streamRevision.get(request.streamId)?.revision;
  if (!expectationHolds(request.expectedRevision, current)) {
    throw new ConcurrencyError(request.streamId, request.expectedRevision, current);
  }
  return current;
}

function insertEvent(
  statements: Statements,
  chains: ChainCursor,
  streamId: string,
  revision: number,
  event: ValidatedEvent,
): RecordedEvent {
  const link = linkEvent(chains.head(event.metadata.managerId), {
    streamId,
    revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
  chains.advance(event.metadata.managerId, link.head);
  const metadata = { ...event.metadata, ...link.fields };
  const info = statements.insertEvent.run({
    id: event.id,
    streamId,
    revision,
    type: event.type,
    data: event.dataJson,
    metadata: JSON.stringify(metadata),
    managerId: event.metadata.managerId,
  });
  return { id: event.id, streamId, revision, position: Number(info.lastInsertRowid), type: event.type, data: event.data, metadata };
}

/** The chain heads touched by one request: read once from `chains`, written back once at the end. */
class ChainCursor {
  private readonly heads = new Map<string, ChainHead>();

  constructor(private readonly statements: Statements) {}

  head(managerId: string): ChainHead {
    let head = this.heads.get(managerId);
    if (head === undefined) {
      head = readChainHead(this.statements, managerId) ?? EMPTY_CHAIN_HEAD;
      this.heads.set(managerId, head);
    }
    return head;
  }

  advance(managerId: string, head: ChainHead): void {
    this.heads.set(managerId, head);
  }

  save(): void {
    for (const [managerId, head] of this.heads) this.statements.upsertChain.run(managerId, head.seq, head.hash);
  }
}
