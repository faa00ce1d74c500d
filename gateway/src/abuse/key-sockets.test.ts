import { describe, expect, it, vi } from 'vitest';
import { CLOSE_KEY_REVOKED, KeySockets, type OpenKey } from './key-sockets.js';

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const socket = () => ({ close: vi.fn() });

function registry(stillValid: (keys: readonly OpenKey[]) => Promise<ReadonlySet<string>> = async (keys) => new Set(keys.map((k) => k.id))) {
  return new KeySockets({ perKey: 2, recheckMs: 10, stillValid, logger });
}

describe('KeySockets', () => {
  it('caps sockets per key, and frees a place when one closes', () => {
    const sockets = registry();
    const [a, b, c] = [socket(), socket(), socket()];
    expect(sockets.open('k1', 'key-1', a)).toBe(true);
    expect(sockets.open('k1', 'key-1', b)).toBe(true);
    expect(sockets.open('k1', 'key-1', c)).toBe(false);
    expect(sockets.open('k2', 'key-2', c)).toBe(true);
    sockets.release('k1', a);
    expect(sockets.open('k1', 'key-1', c)).toBe(true);
    expect(sockets.count('k1')).toBe(2);
  });

  it('closes every socket of a key that no longer authenticates, and only those', async () => {
    const stillValid = vi.fn(async () => new Set(['k2']));
    const sockets = registry(stillValid);
    const [a, b, c] = [socket(), socket(), socket()];
    sockets.open('k1', 'key-1', a);
    sockets.open('k1', 'key-1', b);
    sockets.open('k2', 'key-2', c);
    await sockets.recheck();
    expect(stillValid).toHaveBeenCalledWith([{ id: 'k1', key: 'key-1' }, { id: 'k2', key: 'key-2' }]);
    expect(a.close).toHaveBeenCalledWith(CLOSE_KEY_REVOKED, 'API key revoked');
    expect(b.close).toHaveBeenCalledWith(CLOSE_KEY_REVOKED, 'API key revoked');
    expect(c.close).not.toHaveBeenCalled();
    expect(sockets.count('k1')).toBe(0);
  });

  it('keeps sockets open when the check itself fails', async () => {
    const sockets = registry(() => Promise.reject(new Error('database down')));
    const a = socket();
    sockets.open('k1', 'key-1', a);
    await sockets.recheck();
    expect(a.close).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('re-checks on its own once started', async () => {
    const stillValid = vi.fn(async () => new Set<string>());
    const sockets = registry(stillValid);
    const a = socket();
    sockets.open('k1', 'key-1', a);
    sockets.start();
    try {
      await vi.waitFor(() => expect(a.close).toHaveBeenCalled());
    } finally {
      sockets.stop();
    }
  });
});
