import { describe, expect, it } from 'vitest';
import { RedisEventBus } from './redis-event-bus.js';
import { redisEventKeys, resolveRedisEventBusOptions } from './redis-event-bus.options.js';

/** The part of a key Redis Cluster hashes: the text between the first `{` and the next `}`, when not empty. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return open === -1 || close === -1 || close === open + 1 ? key : key.slice(open + 1, close);
}

describe('redisEventKeys', () => {
  it('puts the global, dead-letter and every tenant stream under one hash tag, the prefix', () => {
    const keys = redisEventKeys('bizosaas:events');
    const all = [keys.all, keys.dead, keys.tenant('ten_a'), keys.tenant('ten_b'), keys.tenant('ten_{x}'), keys.tenant('}{')];
    expect(new Set(all.map(hashedPart))).toEqual(new Set(['bizosaas:events']));
  });

  it('keeps the layout readable: tag, then what the stream is', () => {
    const keys = redisEventKeys('acme:events');
    expect([keys.all, keys.dead, keys.tenant('ten_1')]).toEqual(['{acme:events}:all', '{acme:events}:dead', '{acme:events}:tenant:ten_1']);
  });

  it('gives different prefixes different tags, so two buses can live on different nodes', () => {
    expect(hashedPart(redisEventKeys('a:events').all)).not.toBe(hashedPart(redisEventKeys('b:events').all));
  });
});

describe('resolveRedisEventBusOptions', () => {
  it('refuses a key prefix holding a brace, which would break the hash tag', () => {
    for (const keyPrefix of ['a{b', 'a}b', '{x}']) {
      expect(() => resolveRedisEventBusOptions({ url: 'redis://127.0.0.1:6379', keyPrefix })).toThrow(/keyPrefix must not contain \{ or \}/);
    }
  });

  it('fills the defaults and names every option that is not a positive integer', () => {
    expect(resolveRedisEventBusOptions({ url: 'redis://127.0.0.1:6379' }).keyPrefix).toBe('bizosaas:events');
    expect(() => resolveRedisEventBusOptions({ url: 'redis://127.0.0.1:6379', blockMs: 0, batchSize: 1.5 })).toThrow(/batchSize, blockMs/);
  });
});

describe('RedisEventBus url', () => {
  it('is refused before any connection is opened, with the reason and without the password', () => {
    let error: unknown;
    try {
      new RedisEventBus({ url: 'redis+cluster://:hunter22@h1:7000,h2' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error)).toMatch(/RedisEventBus url must list the cluster nodes as host:port,host:port/);
    expect(String(error)).not.toContain('hunter22');
  });
});
