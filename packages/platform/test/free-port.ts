import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Loopback ports for the servers a test starts as processes of their own (the product, Redis, PostgreSQL,
 * Prism), which bind them a while later, and sometimes again after a restart. A port the kernel hands out
 * (`listen(0)`) is from its ephemeral range, which every outgoing connection of every test also draws from:
 * between our check and the server's bind, a connection to Redis or PostgreSQL can take it (seen in CI as
 * EADDRINUSE on a restart). So these are chosen at random below that range, where the kernel never assigns
 * a port, and checked free: only another test choosing the same way, at the same moment, could collide.
 */
const handedOut = new Set<number>();
const LOWEST = 10_000;

/** The first of `count` consecutive loopback ports free right now (`count` > 1: SUBGRAPH_BASE_PORT's block). */
export async function freePortBlock(count: number): Promise<number> {
  const ceiling = ephemeralRangeStart() - count;
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = LOWEST + Math.floor(Math.random() * (ceiling - LOWEST));
    const block = Array.from({ length: count }, (_, i) => first + i);
    if (block.some((port) => handedOut.has(port))) continue;
    if (!(await allBindable(block))) continue;
    for (const port of block) handedOut.add(port);
    return first;
  }
  throw new Error(`no block of ${count} free loopback ports between ${LOWEST} and ${ceiling + count} after 200 tries`);
}

/** A loopback port free right now, below the kernel's ephemeral range. */
export function freePort(): Promise<number> {
  return freePortBlock(1);
}

/** `count` distinct free loopback ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  return ports;
}

function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > LOWEST + 1000 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

async function allBindable(ports: readonly number[]): Promise<boolean> {
  const servers = ports.map(() => createServer());
  try {
    const bound = await Promise.all(
      servers.map(
        (server, i) =>
          new Promise<boolean>((resolve) => {
            server.once('error', () => resolve(false));
            server.listen(ports[i], '127.0.0.1', () => resolve(true));
          }),
      ),
    );
    return bound.every(Boolean);
  } finally {
    await Promise.all(servers.filter((server) => server.listening).map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
