import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort, freePortBlock } from '../../packages/platform/test/free-port.js';
import { processTree } from './process-tree.js';

export { freePort };

/** A product started with `npm start`, as a user does: the banner read, the demo keys parsed from it. */
export interface StartedProduct {
  readonly child: ChildProcess;
  readonly url: string;
  readonly keys: Record<string, string>;
  /** Everything it printed so far. */
  output(): string;
}

/**
 * Runs `npm start` in its own process group (so a stop reaches npm and node together) and waits
 * for the banner with the demo keys. Raises `Error` with the output when it exits or prints no banner in time.
 */
export async function npmStart(env: NodeJS.ProcessEnv, cwd?: string): Promise<StartedProduct> {
  const child = spawn('npm', ['start', '--silent'], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!/Demo API keys[\s\S]*globex\s+\S+/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start printed no banner in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const url = /GraphQL \(explorer in a browser\): (\S+)/.exec(output)?.[1] ?? '';
  const keys = Object.fromEntries([...output.matchAll(/^\s+(acme|globex)\s+(bzk_\S+)/gm)].map((m) => [m[1], m[2]]));
  return { child, url, keys, output: () => output };
}

/**
 * `signal` to the whole process group (npm -> node: the start script execs node), then waits until every
 * process of the tree has exited: node closes and stops the database (which runs in a group of its own, so
 * a SIGKILL of the group leaves it running, like a crash), npm exits after node.
 */
export async function stopProduct(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const tree = processTree(child.pid).map((p) => p.pid);
  process.kill(-child.pid, signal);
  const deadline = Date.now() + 30_000;
  const survivors = () => (signal === 'SIGKILL' ? [child.pid ?? 0] : tree).filter((pid) => existsSync(`/proc/${pid}`) && !isZombie(pid));
  while (survivors().length > 0) {
    if (Date.now() > deadline) throw new Error(`still running 30 s after ${signal}: ${survivors().join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Polls `{ __typename }` with `key` until the gateway answers 200; returns when it did. */
export async function waitForGraphQL200(url: string, key: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * GATEWAY_PORT and SUBGRAPH_BASE_PORT for a product started as its own process: the gateway's port and a
 * block of consecutive ports for the subgraphs (base plus each one's offset), all free now and outside the
 * kernel's ephemeral range, so a restart on the same ports cannot find one taken by a test's connection.
 */
export async function productPorts(): Promise<{ GATEWAY_PORT: string; SUBGRAPH_BASE_PORT: string }> {
  return { GATEWAY_PORT: String(await freePort()), SUBGRAPH_BASE_PORT: String(await freePortBlock(SUBGRAPH_PORT_BLOCK)) };
}

/** Ports SUBGRAPH_BASE_PORT spans: one per subgraph (packages/app/src/subgraphs.ts offsets 0..5). */
const SUBGRAPH_PORT_BLOCK = 6;
