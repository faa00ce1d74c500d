import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '../auth.js';
import type { AbuseLimits } from './abuse-limits.js';
import type { AbuseStore } from './abuse-store.js';
import { AuthGuard } from './auth-guard.js';
import { InMemoryAbuseStore } from './in-memory-abuse-store.js';

const GOOD = 'bzk_aaaaaaaaaaaa_good';
const principal: Principal = { tenantId: 't1', userId: 'key_1', roles: ['admin'] };
const limits: AbuseLimits = {
  authFailures: { perAddress: 3, perKeyPrefix: 2, windowSeconds: 60 },
  keyRate: { perSecond: 1, burst: 2 },
  sockets: { perKey: 2, subscriptionsPerSocket: 2, keyRecheckSeconds: 1 },
};
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function guard(store: AbuseStore = new InMemoryAbuseStore()) {
  const authenticate = vi.fn(async (key: string) => (key === GOOD ? principal : null));
  const keyPrefix = (key: string) => /^bzk_([a-z2-7]{12})_/.exec(key)?.[1] ?? null;
  return { authenticate, guard: new AuthGuard({ authenticate, store, limits, logger, keyPrefix }) };
}

describe('AuthGuard', () => {
  it('answers 401 up to the address budget, then 429 with Retry-After without looking the key up', async () => {
    const { guard: g, authenticate } = guard();
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const outcome = await g.authenticate(`bzk_bbbbbbbbbbb${i}_x`, '10.0.0.1');
      statuses.push(outcome.ok ? 200 : outcome.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await g.authenticate(GOOD, '10.0.0.1');
    expect(refused).toMatchObject({ ok: false, status: 429, code: 'TOO_MANY_FAILED_AUTHENTICATIONS', retryAfterSeconds: 60 });
    expect(authenticate).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenCalledWith({ address: '10.0.0.1', failures: 3, windowSeconds: 60 }, 'client address throttled after failed authentications');
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('bzk_');
    expect(await g.addressRetryAfter('10.0.0.1')).toBe(60);
    expect(await g.addressRetryAfter('10.0.0.2')).toBe(0);
    expect((await g.authenticate(GOOD, '10.0.0.2')).ok).toBe(true);
  });

  it('throttles a guessed-at prefix for failing addresses but not for its owner on a clean address', async () => {
    const { guard: g } = guard();
    await g.authenticate('bzk_aaaaaaaaaaaa_wrong1', '10.0.0.1');
    await g.authenticate('bzk_aaaaaaaaaaaa_wrong2', '10.0.0.2');
    const attacker = await g.authenticate('bzk_aaaaaaaaaaaa_wrong3', '10.0.0.1');
    expect(attacker).toMatchObject({ status: 429, message: expect.stringContaining('for this API key') });
    expect((await g.authenticate(GOOD, '10.0.0.9')).ok).toBe(true);
  });

  it('limits each key\'s request rate with a retry hint', async () => {
    const { guard: g } = guard();
    expect((await g.authenticate(GOOD, '10.0.0.1')).ok).toBe(true);
    expect((await g.authenticate(GOOD, '10.0.0.1')).ok).toBe(true);
    expect(await g.authenticate(GOOD, '10.0.0.1')).toMatchObject({ ok: false, status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  });

  it('spends the same rate for other requests of an authenticated principal (WebSocket subscribes)', async () => {
    const { guard: g } = guard();
    expect((await g.authenticate(GOOD, '10.0.0.1')).ok).toBe(true);
    expect((await g.spend(principal)).ok).toBe(true);
    expect(await g.spend(principal)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  it('says what to send when no key was sent, and never echoes a key', async () => {
    const { guard: g } = guard();
    expect(await g.authenticate(undefined, '10.0.0.1')).toMatchObject({ status: 401, message: expect.stringContaining('Authorization: Bearer') });
    const wrong = await g.authenticate('bzk_cccccccccccc_secret-part', '10.0.0.1');
    expect(JSON.stringify(wrong)).not.toContain('secret-part');
  });

  it('lets requests through, and warns, when its store is unavailable', async () => {
    const down = () => Promise.reject(new Error('down'));
    const broken: AbuseStore = { hit: down, peek: down, take: down, claim: down, refresh: down, release: down };
    const { guard: g } = guard(broken);
    expect((await g.authenticate(GOOD, '10.0.0.1')).ok).toBe(true);
    expect(await g.authenticate('bzk_dddddddddddd_x', '10.0.0.1')).toMatchObject({ status: 401 });
    expect(logger.warn).toHaveBeenCalledWith(expect.anything(), expect.stringContaining('store is unavailable'));
  });
});
