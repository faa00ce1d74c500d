import { describe, expect, it, vi } from 'vitest';
import type { AbuseStore } from './abuse-store.js';
import { InMemoryAbuseStore } from './in-memory-abuse-store.js';
import { CLOSE_KEY_REVOKED, KeySockets, type OpenKey } from './key-sockets.js';

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const socket = () => ({ close: vi.fn() });
const allValid = async (keys: readonly OpenKey[]) => new Set(keys.map((k) => k.id));

function registry(options: { stillValid?: (keys: readonly OpenKey[]) => Promise<ReadonlySet<string>>; store?: AbuseStore } = {}) {
  return new KeySockets({ perKey: 2, recheckMs: 10, stillValid: options.stillValid ?? allValid, store: options.store ?? new InMemoryAbuseStore(), logger });
}

describe('KeySockets', () => {
  it('caps sockets per key, and frees a place when one closes', async () => {
    const sockets = registry();
    const [a, b, c] = [socket(), socket(), socket()];
    expect(await sockets.open('k1', 'key-1', a)).toBe(true);
    expect(await sockets.open('k1', 'key-1', b)).toBe(true);
    expect(await sockets.open('k1', 'key-1', c)).toBe(false);
    expect(await sockets.open('k2', 'key-2', c)).toBe(true);
    sockets.release('k1', a);
    expect(await sockets.open('k1', 'key-1', c)).toBe(true);
    expect(sockets.count('k1')).toBe(2);
  });

  it('holds the cap under a burst of concurrent connects', async () => {
    const sockets = registry();
    const results = await Promise.all(Array.from({ length: 50 }, () => sockets.open('k1', 'key-1', socket())));
    expect(results.filter(Boolean)).toHaveLength(2);
  });

  it('shares the cap between processes through a shared store', async () => {
    const store = new InMemoryAbuseStore();
    const [here, there] = [registry({ store }), registry({ store })];
    expect(await here.open('k1', 'key-1', socket())).toBe(true);
    expect(await there.open('k1', 'key-1', socket())).toBe(true);
    expect(await there.open('k1', 'key-1', socket())).toBe(false);
  });

  it('falls back to this process\'s own count when the store is unavailable', async () => {
    const down = () => Promise.reject(new Error('redis down'));
    const store: AbuseStore = { hit: down, peek: down, take: down, claim: down, refresh: down, release: down };
    const sockets = registry({ store });
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await sockets.open('k1', 'key-1', socket()));
    expect(results).toEqual([true, true, false]);
  });

  it('closes every socket of a key that no longer authenticates, and only those', async () => {
    const stillValid = vi.fn(async () => new Set(['k2']));
    const sockets = registry({ stillValid });
    const [a, b, c] = [socket(), socket(), socket()];
    await sockets.open('k1', 'key-1', a);
    await sockets.open('k1', 'key-1', b);
    await sockets.open('k2', 'key-2', c);
    await sockets.recheck();
    expect(stillValid).toHaveBeenCalledWith([{ id: 'k1', key: 'key-1' }, { id: 'k2', key: 'key-2' }]);
    expect(a.close).toHaveBeenCalledWith(CLOSE_KEY_REVOKED, 'API key revoked');
    expect(b.close).toHaveBeenCalledWith(CLOSE_KEY_REVOKED, 'API key revoked');
    expect(c.close).not.toHaveBeenCalled();
    expect(sockets.count('k1')).toBe(0);
  });

  it('keeps sockets open when the check itself fails', async () => {
    const sockets = registry({ stillValid: () => Promise.reject(new Error('database down')) });
    const a = socket();
    await sockets.open('k1', 'key-1', a);
    await sockets.recheck();
    expect(a.close).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('re-checks on its own once started', async () => {
    const sockets = registry({ stillValid: async () => new Set<string>() });
    const a = socket();
    await sockets.open('k1', 'key-1', a);
    sockets.start();
    try {
      await vi.waitFor(() => expect(a.close).toHaveBeenCalled());
    } finally {
      sockets.stop();
    }
  });
});
