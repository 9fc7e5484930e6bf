import { Inject, Injectable } from '@nestjs/common';
import { CommandService } from '@skype-manager/application';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../core/tokens';
import { parseApiKey, sameDigest, sha256Hex, type KeyOwner } from './api-keys';
import type { Principal } from './principal';

const MAX_CACHED_KEYS = 10_000;

/**
 * Finds the principal of an API key: the key names its Manager and owner; the owner's stored hash
 * must match. A verified key is trusted for `authCacheMs` (a few seconds) so a busy client costs one
 * hash and a map lookup per request; removing its owner through this API forgets it at once.
 */
@Injectable()
export class Authenticator {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(
    private readonly commands: CommandService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async authenticate(apiKey: string): Promise<Principal | null> {
    const owner = parseApiKey(apiKey);
    if (!owner) return null;
    const keyHash = sha256Hex(apiKey);
    const cached = this.verified.get(keyHash);
    if (cached && cached.expiresAtMs > Date.now()) return cached.principal;
    const principal =
      owner.kind === 'administrator' ? await this.administrator(owner, keyHash) : await this.member(owner, keyHash);
    if (!principal) {
      this.verified.delete(keyHash);
      return null;
    }
    if (this.config.authCacheMs > 0) this.remember(keyHash, principal);
    return principal;
  }

  /** Drops the cached keys of an administrator or member (after their removal). */
  forget(principalId: string): void {
    for (const [hash, entry] of this.verified) if (entry.principal.id === principalId) this.verified.delete(hash);
  }

  private remember(keyHash: string, principal: Principal): void {
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
