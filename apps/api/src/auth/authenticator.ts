import { Inject, Injectable } from '@nestjs/common';
import { CommandService } from '@skype-manager/application';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../core/tokens';
import { parseApiKey, sameDigest, sha256Hex, type KeyOwner } from './api-keys';
import type { Principal } from './principal';

const MAX_CACHED_KEYS = 10_000;

/**
 * Finds the principal of an API key: the key names its Manager and owner; the owner's stored hash
 * must match. A verified key is trusted for `authCacheMs` (a few seconds), so a busy client costs one
 * hash and a map lookup per request. Removing an administrator or a member through this API forgets
 * their keys at once, and a look-up that was under way during the removal does not cache what it read
 * before it; a removal made elsewhere (another replica) is seen when the entry expires.
 */
@Injectable()
export class Authenticator {
  /** Verified keys by SHA-256, oldest verification first; at most MAX_CACHED_KEYS. */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  /** Counts the calls to `forget`: a look-up that saw it change must not cache its (older) result. */
  private forgotten = 0;

  constructor(
    private readonly commands: CommandService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async authenticate(apiKey: string): Promise<Principal | null> {
    const keyHash = sha256Hex(apiKey);
    const cached = this.verified.get(keyHash);
    if (cached !== undefined) {
      if (cached.expiresAtMs > Date.now()) return cached.principal;
      this.verified.delete(keyHash);
    }
    const owner = parseApiKey(apiKey);
    if (!owner) return null;
    const forgotten = this.forgotten;
    const principal =
      owner.kind === 'administrator' ? await this.administrator(owner, keyHash) : await this.member(owner, keyHash);
    if (principal && this.config.authCacheMs > 0 && forgotten === this.forgotten) this.remember(keyHash, principal);
    return principal;
  }

  /** Drops the cached keys of an administrator or member (after their removal). */
  forget(principalId: string): void {
    this.forgotten += 1;
    for (const [hash, entry] of this.verified) if (entry.principal.id === principalId) this.verified.delete(hash);
  }

  private remember(keyHash: string, principal: Principal): void {
    this.verified.delete(keyHash);
    if (this.verified.size >= MAX_CACHED_KEYS) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(keyHash, { principal, expiresAtMs: Date.now() + this.config.authCacheMs });
  }

  private async administrator(owner: KeyOwner, keyHash: string): Promise<Principal | null> {
    const admin = await this.commands.read(owner.managerId, ({ manager }) => {
      if (manager.status !== 'active') return undefined;
      const found = manager.administrators[owner.id];
      return found ? { ...found } : undefined;
    });
    if (!admin || !sameDigest(admin.apiKeyHash, keyHash)) return null;
    return {
      kind: 'administrator',
      managerId: owner.managerId,
      id: owner.id,
      role: admin.role,
      departmentId: admin.departmentId,
    };
  }

  private async member(owner: KeyOwner, keyHash: string): Promise<Principal | null> {
    const member = await this.commands.readMember(owner.id);
    if (member.status !== 'active' || member.managerId !== owner.managerId || !member.apiKeyHash) return null;
    if (!sameDigest(member.apiKeyHash, keyHash)) return null;
    return { kind: 'member', managerId: owner.managerId, id: owner.id };
  }
}
