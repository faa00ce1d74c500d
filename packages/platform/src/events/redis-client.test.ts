import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { openRedisClient } from './redis-client.js';

describe('openRedisClient', () => {
  it('opens the plain client for redis://', () => {
    const client = openRedisClient('redis://127.0.0.1:6390/3', { lazyConnect: true, maxRetriesPerRequest: 2 });
    try {
      expect(client).toBeInstanceOf(Redis);
      expect(client.options).toMatchObject({ host: '127.0.0.1', port: 6390, db: 3, maxRetriesPerRequest: 2 });
    } finally {
      client.disconnect();
    }
  });

  it('opens a Cluster client with the credentials and TLS for each node', () => {
    const client = openRedisClient('rediss+cluster://app:s3cret@10.0.0.1:7000,10.0.0.2:7001', { lazyConnect: true, maxRetriesPerRequest: 2 });
    try {
      expect(client).toBeInstanceOf(Cluster);
      if (!(client instanceof Cluster)) return;
      expect(client.options.redisOptions).toMatchObject({ username: 'app', password: 's3cret', tls: {}, maxRetriesPerRequest: 2 });
    } finally {
      client.disconnect();
    }
  });

  it('refuses a URL it cannot use, with the reason', () => {
    expect(() => openRedisClient('redis+cluster://h1')).toThrow(/host:port,host:port/);
  });
});
