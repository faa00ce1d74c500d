import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePortBlock, freePorts } from './free-port.js';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('test ports', () => {
  it('hands out blocks of consecutive ports below the ephemeral range, each bindable and never twice', async () => {
    const first = await freePortBlock(6);
    expect(first + 6).toBeLessThanOrEqual(ephemeralStart);
    const servers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(first + i, '127.0.0.1', () => resolve(server));
      })),
    );
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    const more = await freePorts(20);
    expect(new Set([...more, ...Array.from({ length: 6 }, (_, i) => first + i)]).size).toBe(26);
  });

});
