import * as crypto from 'node:crypto';
import { canonicalJson, canonicalJsonOmitting } from './canonical-json';
import type { ChainFields, EventMetadata, JsonObject, RecordedEvent } from './event-store.port';

/**
 * The tamper-evident chain: one chain per Manager (`metadata.managerId`), across all of its streams,
 * in log order. For the event with chain sequence n of a Manager:
 *
 *   hash(n) = hex(SHA-256(utf8(prevHash(n) + canonicalJson(content(n)))))
 *   prevHash(n) = hash(n - 1), and '' for n = 1
 *   content(n) = { chainSeq, streamId, revision, id, type, data, metadata without chainSeq/prevHash/hash }
 *
 * `canonicalJson` sorts object keys at every depth (see canonical-json.ts). The position is not
 * hashed: it is assigned by the log (and differs between adapters), while the chain sequence is ours.
 */

/** The last link of a Manager's chain: what the next event must point at. */
export interface ChainHead {
  /** chainSeq of the last event (0 for an empty chain). */
  seq: number;
  /** hash of the last event ('' for an empty chain). */
  hash: string;
}

export const EMPTY_CHAIN_HEAD: ChainHead = Object.freeze({ seq: 0, hash: '' });

/** Everything the hash covers, apart from prevHash. */
export interface ChainContent {
  chainSeq: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export function computeEventHash(prevHash: string, content: ChainContent): string {
  return computeEventHashOfCanonical(prevHash, {
    chainSeq: content.chainSeq,
    streamId: content.streamId,
    revision: content.revision,
    id: content.id,
    type: content.type,
    canonicalData: canonicalJson(content.data),
    canonicalMetadata: canonicalJsonOmitting(content.metadata, CHAIN_FIELDS),
  });
}

/** The metadata keys that are the chain's, never part of the content. */
const CHAIN_FIELDS: ReadonlySet<string> = new Set(['chainSeq', 'prevHash', 'hash']);

/** ChainContent with data and metadata (without chain fields) already in canonical JSON. */
export interface CanonicalChainContent {
  chainSeq: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  canonicalData: string;
  canonicalMetadata: string;
}

/**
 * The same hash as `computeEventHash`, when data and metadata are already canonical JSON (the writer
 * canonicalises each once). The members are written in canonical key order: chainSeq, data, id,
 * metadata, revision, streamId, type (hash-chain.spec checks that both functions agree).
 */
export function computeEventHashOfCanonical(prevHash: string, content: CanonicalChainContent): string {
  const text =
    prevHash +
    '{"chainSeq":' +
    numberJson(content.chainSeq) +
    ',"data":' +
    content.canonicalData +
    ',"id":' +
    JSON.stringify(content.id) +
    ',"metadata":' +
    content.canonicalMetadata +
    ',"revision":' +
    numberJson(content.revision) +
    ',"streamId":' +
    JSON.stringify(content.streamId) +
    ',"type":' +
    JSON.stringify(content.type) +
    '}';
  return sha256Hex(text);
}

/** JSON.stringify of a number, without the call (anything else, e.g. from a tampered row, goes through it). */
function numberJson(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value}` : `${JSON.stringify(value)}`;
}

/** One-shot `crypto.hash` where the runtime has it (Node ≥ 20.12): about twice as fast for short texts. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256Hex(text: string): string {
  return oneShotHash !== undefined ? oneShotHash('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The metadata as the caller gave it: the chain fields are the store's, never part of the content. */
export function withoutChainFields(metadata: EventMetadata & Partial<ChainFields>): EventMetadata {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { chainSeq, prevHash, hash, ...content } = metadata;
  return content;
}

/** Links one event to the chain: returns its chain fields and the new head. */
export function linkEvent(
  head: ChainHead,
  content: Omit<ChainContent, 'chainSeq'>,
): { fields: ChainFields; head: ChainHead } {
  const chainSeq = head.seq + 1;
  const hash = computeEventHash(head.hash, { ...content, chainSeq });
  return { fields: { chainSeq, prevHash: head.hash, hash }, head: { seq: chainSeq, hash } };
}

export interface ChainProblem {
  position: number;
  chainSeq: number;
  problem: string;
}

export interface ChainVerification {
  ok: boolean;
  /** In log order: `problems[0]` names the first broken position. */
  problems: ChainProblem[];
}

export interface VerifyChainOptions {
  /**
   * Where each Manager's chain stood before the first given event, when verifying a slice of the
   * log (e.g. from a checkpoint). A Manager not listed must start at chainSeq 1.
   */
  startHeads?: ReadonlyMap<string, ChainHead>;
  /**
   * Filled with where each Manager's chain stands after the last given event (as stored), so the next
   * slice can start from it (it may be the same map as `startHeads`).
   */
  endHeads?: Map<string, ChainHead>;
}

/**
 * Checks the events (in log order, as read) chain by chain. Detects edited content (hash mismatch),
 * deleted events (a gap in chainSeq, or a prevHash that does not match) and reordering (chainSeq
 * going backwards). At most one problem is reported per event.
 */
export function verifyChain(events: readonly RecordedEvent[], options: VerifyChainOptions = {}): ChainVerification {
  // Mutable copies: one object per Manager, updated in place (not one per event).
  const heads = new Map<string, ChainHead>();
  for (const [managerId, head] of options.startHeads ?? []) heads.set(managerId, { seq: head.seq, hash: head.hash });
  const problems: ChainProblem[] = [];
  let lastPosition = -Infinity;
  let lastManager: string | undefined;
  let lastHead: ChainHead | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const managerId = event.metadata.managerId;
    let head: ChainHead | undefined = managerId === lastManager ? lastHead : heads.get(managerId);
    if (head === undefined) heads.set(managerId, (head = { seq: EMPTY_CHAIN_HEAD.seq, hash: EMPTY_CHAIN_HEAD.hash }));
    const problem = positionProblem(event, lastPosition) ?? linkProblem(event, head) ?? hashProblem(event);
    if (problem !== undefined) {
      problems.push({ position: event.position, chainSeq: event.metadata.chainSeq, problem });
    }
    // Continue from the event as stored, so one broken link is reported once, not for every later event.
    head.seq = event.metadata.chainSeq;
    head.hash = event.metadata.hash;
    lastManager = managerId;
    lastHead = head;
    lastPosition = Math.max(lastPosition, event.position);
  }
  if (options.endHeads !== undefined) {
    for (const [managerId, head] of heads) options.endHeads.set(managerId, { seq: head.seq, hash: head.hash });
  }
  return { ok: problems.length === 0, problems };
}

function positionProblem(event: RecordedEvent, lastPosition: number): string | undefined {
  return event.position <= lastPosition
    ? `position ${event.position} is not after the previous position ${lastPosition} (log reordered)`
    : undefined;
}

function linkProblem(event: RecordedEvent, head: ChainHead): string | undefined {
  const { chainSeq, prevHash } = event.metadata;
  const manager = event.metadata.managerId;
  if (chainSeq < head.seq + 1) {
    return `chainSeq ${chainSeq} comes after chainSeq ${head.seq} of Manager ${manager} (reordered or duplicated event)`;
  }
  if (chainSeq > head.seq + 1) {
    return `expected chainSeq ${head.seq + 1} of Manager ${manager}, found ${chainSeq} (missing or reordered event)`;
  }
  if (prevHash !== head.hash) {
    return `prevHash does not match the hash of chainSeq ${head.seq} of Manager ${manager} (previous event replaced)`;
  }
  return undefined;
}

function hashProblem(event: RecordedEvent): string | undefined {
  const expected = computeEventHash(event.metadata.prevHash, {
    chainSeq: event.metadata.chainSeq,
    streamId: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
  return expected === event.metadata.hash ? undefined : 'hash does not match the content (event edited)';
}
