import { describe, expect, it } from 'vitest';
import type { ApiKeyPrincipal } from './api-key.repository.js';
import { CachedApiKeyAuthenticator, type ApiKeyAuthSource } from './cached-api-key.authenticator.js';

/** A key table in memory that counts lookups, with revocations visible through `revokedSince`. */
class FakeKeys implements ApiKeyAuthSource {
  lookups = 0;
  failPolls = false;
  readonly keys = new Map<string, ApiKeyPrincipal & { revokedAt: number | null }>();
  clock = 1_000_000;
  /** Lets a test hold a lookup open to race it against a revocation. */
  gate: Promise<void> | undefined;

  add(key: string, keyId: string): void {
    this.keys.set(key, { keyId, tenantId: 'ten_a', roles: ['admin'], name: keyId, revokedAt: null });
  }

  revoke(keyId: string): void {
    for (const k of this.keys.values()) if (k.keyId === keyId) k.revokedAt = this.clock;
  }

  async authenticate(presentedKey: string): Promise<ApiKeyPrincipal | null> {
    this.lookups += 1;
    const found = this.keys.get(presentedKey);
    const answer = found && found.revokedAt === null ? { keyId: found.keyId, tenantId: found.tenantId, roles: found.roles, name: found.name } : null;
    await this.gate;
    return answer;
  }

  async revokedSince(since: Date | null): Promise<{ keyIds: string[]; now: Date }> {
    if (this.failPolls) throw new Error('database down');
    const ids = [...this.keys.values()].filter((k) => since !== null && k.revokedAt !== null && k.revokedAt >= since.getTime()).map((k) => k.keyId);
    return { keyIds: ids, now: new Date(this.clock) };
  }
}

function setup(options: { pollMs?: number } = {}) {
  const source = new FakeKeys();
  let now = 0;
  const auth = new CachedApiKeyAuthenticator(source, { maxEntries: 2, ttlMs: 30_000, pollMs: options.pollMs ?? 1_000, now: () => now });
  return { source, auth, advance: (ms: number) => (now += ms) };
}

describe('CachedApiKeyAuthenticator', () => {
  it('answers a repeated key from memory and never caches a bad key', async () => {
    const { source, auth } = setup();
    source.add('good', 'key_1');
    await auth.poll();
    expect(await auth.authenticate('good')).toMatchObject({ keyId: 'key_1' });
    expect(await auth.authenticate('good')).toMatchObject({ keyId: 'key_1' });
    expect(source.lookups).toBe(1);
    expect(await auth.authenticate('bad')).toBeNull();
    expect(await auth.authenticate('bad')).toBeNull();
    expect(source.lookups).toBe(3);
  });

  it('stops accepting a key revoked by another process at the next poll', async () => {
    const { source, auth } = setup();
    source.add('good', 'key_1');
    await auth.poll();
    await auth.authenticate('good');
    source.clock += 500;
    source.revoke('key_1'); // as if another process ran the UPDATE
    expect(await auth.authenticate('good')).not.toBeNull(); // still cached: no poll yet
    await auth.poll();
    expect(await auth.authenticate('good')).toBeNull();
  });

  it('does not cache a lookup that raced a revocation', async () => {
    const { source, auth } = setup();
    source.add('good', 'key_1');
    await auth.poll();
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    const pending = auth.authenticate('good'); // reads the key as valid, then waits
    await Promise.resolve();
    source.clock += 10;
    source.revoke('key_1');
    await auth.poll();
    open();
    expect(await pending).not.toBeNull(); // the read began before the revocation
    source.gate = undefined;
    expect(await auth.authenticate('good')).toBeNull();
  });

  it('bypasses the cache when revocations could not be polled for a while', async () => {
    const { source, auth, advance } = setup();
    source.add('good', 'key_1');
    await auth.poll();
    await auth.authenticate('good');
    source.failPolls = true;
    advance(6_000);
    await auth.poll();
    await auth.authenticate('good');
    expect(source.lookups).toBe(2);
  });

  it('keeps at most maxEntries keys', async () => {
    const { source, auth } = setup();
    for (const n of [1, 2, 3]) source.add(`k${n}`, `key_${n}`);
    await auth.poll();
    for (const n of [1, 2, 3]) await auth.authenticate(`k${n}`);
    expect(auth.size).toBe(2);
  });
});
