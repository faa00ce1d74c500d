import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ThrowawayRedisCluster } from './throwaway-redis-cluster.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ThrowawayRedisCluster', () => {
  it('leaves no server and no directory behind when creating the cluster fails', async () => {
    // Two masters: redis-cli refuses to create a cluster of fewer than three.
    const cluster = new ThrowawayRedisCluster(2);
    await expect(cluster.start()).rejects.toThrow(/redis-cli --cluster create failed: .*at least 3 master/s);
    expect(cluster.made.pids).toHaveLength(2);
    expect(cluster.made.pids.filter(alive)).toEqual([]);
    expect(cluster.made.dirs).toHaveLength(1);
    expect(cluster.made.dirs.filter((dir) => existsSync(dir))).toEqual([]);
  });

  it('stops its servers and removes its directory after a successful start', async () => {
    const cluster = new ThrowawayRedisCluster();
    try {
      await cluster.start();
      expect(cluster.made.pids.filter(alive)).toHaveLength(3);
      expect(cluster.url).toMatch(/^redis\+cluster:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    } finally {
      await cluster.stop();
    }
    expect(cluster.made.pids.filter(alive)).toEqual([]);
    expect(cluster.made.dirs.filter((dir) => existsSync(dir))).toEqual([]);
  });
});
