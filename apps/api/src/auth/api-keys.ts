import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys and invitation tokens. A key names its Manager and its owner, so authentication finds the
 * principal without a lookup table; only the SHA-256 of a key is ever stored.
 *
 *   administrator key  sma_{managerId}_{administratorId}_{secret}
 *   member key         smm_{managerId}_{memberId}_{secret}
 *   invitation token   {memberId}.{secret}
 *
 * A secret is 32 random bytes in base64url (43 characters).
 */
export type KeyOwnerKind = 'administrator' | 'member';

export interface KeyOwner {
  kind: KeyOwnerKind;
  managerId: string;
  id: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SECRET = '[A-Za-z0-9_-]{43}';
const API_KEY = new RegExp(`^(sma|smm)_(${UUID})_(${UUID})_(${SECRET})$`);
const INVITATION_TOKEN = new RegExp(`^(${UUID})\\.(${SECRET})$`);
const PREFIX: Record<KeyOwnerKind, string> = { administrator: 'sma', member: 'smm' };

/** One-shot hashing: about a third of the cost of a `createHash` object, and run on every keyed request. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function formatApiKey(owner: KeyOwner, secret: string): string {
  return `${PREFIX[owner.kind]}_${owner.managerId}_${owner.id}_${secret}`;
}

export function parseApiKey(key: string): KeyOwner | null {
  const match = API_KEY.exec(key);
  if (!match) return null;
  return { kind: match[1] === 'sma' ? 'administrator' : 'member', managerId: match[2], id: match[3] };
}

export function formatInvitationToken(memberId: string, secret: string): string {
  return `${memberId}.${secret}`;
}

export function parseInvitationToken(token: string): { memberId: string; secret: string } | null {
  const match = INVITATION_TOKEN.exec(token);
  return match ? { memberId: match[1], secret: match[2] } : null;
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Compares two secrets in constant time (by their digests, so lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  return sameDigest(sha256Hex(a), sha256Hex(b));
}

/**
 * Issues the secrets of new keys and tokens. For an idempotent request the secret is derived from the
 * server secret and the request, so a retry with the same Idempotency-Key is answered with the same
 * key while the stored answer (kept in the log forever) never contains it.
 */
export class SecretIssuer {
  constructor(private readonly serverSecret: Buffer) {}

  issue(purpose: string, idempotency: { scope: string; key: string; requestHash: string } | undefined): string {
    if (!idempotency) return randomSecret();
    return createHmac('sha256', this.serverSecret)
      .update([purpose, idempotency.scope, idempotency.key, idempotency.requestHash].join('\u0000'))
      .digest('base64url');
  }
}
