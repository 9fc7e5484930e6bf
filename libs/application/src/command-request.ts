import type { Command, Decision } from '@skype-manager/domain';
import type { JsonObject, RecordedEvent } from '@skype-manager/event-store';

export interface IdempotencyRequest {
  /** Where the key is unique: a Manager id, or e.g. 'signup' / 'invitation-{memberId}' for key-less paths. */
  scope: string;
  key: string;
  /** Hash of the request (method, path, body): the same key with another hash is refused. */
  requestHash: string;
}

export interface CommandRequest {
  command: Command;
  /** `administrator:{id}`, `member:{id}`, `anonymous`, `system`. */
  actor: string;
  correlationId: string;
  causationId?: string;
  idempotency?: IdempotencyRequest;
  /**
   * Builds the answer from what was decided (before it is stored). It is stored with the idempotency
   * record, so a retry with the same key gets exactly this answer again. `position` is added to it.
   */
  answer: (decision: Decision) => JsonObject;
}

export interface CommandOutcome {
  /** The answer, with `position` (global position of the command's last event). */
  body: JsonObject & { position: number };
  position: number;
  /** True when this is the stored answer of an earlier request with the same idempotency key. */
  replayed: boolean;
  /** The events appended (empty for a replay). */
  events: RecordedEvent[];
}

export const IDEMPOTENCY_EVENT_TYPE = 'CommandAnswered';

export function idempotencyStreamId(scope: string, keyHash: string): string {
  return `idempotency-${scope}-${keyHash}`;
}
