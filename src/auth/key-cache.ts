import type { Principal, RequestTenant } from './principal.js';

/** A key as the access plugin resolved it: who it is and, for tenant keys, its tenant. */
export interface ResolvedKey {
  principal: Principal;
  /** The key's own tenant; null for admin keys (they name one per request). */
  tenant: RequestTenant | null;
}

type RevocationListener = (keyId: string) => void;
const revocationListeners = new Set<RevocationListener>();

/**
 * Tells every key cache in this process that a key was revoked, wherever the revocation
 * ran: an admin route, or a CLI command the embedded service ran over its control socket.
 */
export function announceKeyRevoked(keyId: string): void {
  for (const listener of revocationListeners) listener(keyId);
}

/** The key cache's default lifetime of an entry: how long another process's revocation may lag. */
export const KEY_CACHE_TTL_MS = 10_000;
/** Enough for every key a deployment has; past it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

/**
 * Resolved keys by the hash of their secret, kept a few seconds so that a busy client costs
 * one key lookup per TTL instead of one per request. A revocation in this process removes
 * the key at once; one made by another process (a second API replica, a CLI on PostgreSQL)
 * takes effect here within the TTL. Only valid keys are kept: an unknown key is looked up
 * each time, so a key created elsewhere works at once.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { resolved: ResolvedKey; expiresAt: number }>();
  private readonly unsubscribe: () => void;

  constructor(private readonly ttlMs = KEY_CACHE_TTL_MS) {
    const listener: RevocationListener = (keyId) => this.evictKey(keyId);
    revocationListeners.add(listener);
    this.unsubscribe = () => revocationListeners.delete(listener);
  }

  get(keyHash: string): ResolvedKey | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    // Monotonic time: the cache's lifetime is process mechanics, not the domain's clock.
    if (entry.expiresAt <= performance.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.resolved;
  }

  set(keyHash: string, resolved: ResolvedKey): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(keyHash, { resolved, expiresAt: performance.now() + this.ttlMs });
  }

  evictKey(keyId: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.resolved.principal.keyId === keyId) this.entries.delete(hash);
    }
  }

  /** Stops listening for revocations (the app closed). */
  close(): void {
    this.unsubscribe();
    this.entries.clear();
  }
}
