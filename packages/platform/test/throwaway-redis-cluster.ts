import { Redis } from 'ioredis';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port.js';

const run = promisify(execFile);

/**
 * A 3-master Redis Cluster of our own on loopback, in a temporary directory (cluster state files), for the
 * bus's cluster tests. `start` stops whatever it started when it fails part-way; `stop` kills the servers
 * and removes the directory, and a process exit kills any server still running.
 */
export class ThrowawayRedisCluster {
  private readonly children: ChildProcess[] = [];
  private readonly argsByPort = new Map<number, string[]>();
  private dir: string | undefined;
  private ports: number[] = [];
  /** Every server process and directory this instance made, so a test can check that none outlives `stop`. */
  readonly made: { pids: number[]; dirs: string[] } = { pids: [], dirs: [] };

  /** `masters` below 3 makes `redis-cli --cluster create` refuse: how the clean-up on failure is tested. */
  constructor(private readonly masters = 3) {}
  private readonly killOnExit = () => this.children.forEach((child) => child.kill('SIGKILL'));

  /** The URL the bus takes: every node as a seed. */
  get url(): string {
    return `redis+cluster://${this.ports.map((port) => `127.0.0.1:${port}`).join(',')}`;
  }

  get nodes(): { host: string; port: number }[] {
    return this.ports.map((port) => ({ host: '127.0.0.1', port }));
  }

  async start(): Promise<void> {
    process.once('exit', this.killOnExit);
    try {
      this.dir = await mkdtemp(join(tmpdir(), 'bizosaas-redis-cluster-'));
      this.made.dirs.push(this.dir);
      const ports = await freePorts(this.masters * 2);
      this.ports = ports.slice(0, this.masters);
      // The cluster bus port is set explicitly (Redis 7): port + 10000 may be taken or past 65535.
      this.ports.forEach((port, i) => this.spawnNode(port, ports[i + this.masters] ?? 0));
      await Promise.all(this.ports.map((port) => waitFor(port, async (probe) => (await probe.ping()) === 'PONG', 'answer PING')));
      // https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/#create-a-redis-cluster
      await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 20_000 }).catch(
        (error: { stdout?: string; message?: string }) => {
          throw new Error(`redis-cli --cluster create failed: ${(error.stdout ?? '').trim() || error.message}`);
        },
      );
      await Promise.all(this.ports.map((port) => waitFor(port, async (probe) => String(await probe.cluster('INFO')).includes('cluster_state:ok'), 'reach cluster_state:ok')));
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private spawnNode(port: number, busPort: number): void {
    const dir = this.dir ?? tmpdir();
    const args = ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'];
    this.argsByPort.set(port, args);
    this.launch(args);
  }

  private launch(args: string[]): void {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.children.push(child);
    if (child.pid !== undefined) this.made.pids.push(child.pid);
  }

  /**
   * Kills the node on `port` and starts it again on the same cluster state file: it keeps its slots and
   * loses its data, as a master without persistence does after a crash.
   */
  async restartNode(port: number): Promise<void> {
    const args = this.argsByPort.get(port);
    // spawnargs is [redis-server, --port, <port>, ...]
    const index = this.children.findIndex((child) => child.spawnargs[2] === String(port));
    const child = this.children[index];
    if (args === undefined || child === undefined) throw new Error(`no node of this cluster on port ${port}`);
    this.children.splice(index, 1);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    this.launch(args);
    await waitFor(port, async (probe) => String(await probe.cluster('INFO')).includes('cluster_state:ok'), 'reach cluster_state:ok');
  }

  async stop(): Promise<void> {
    const children = this.children.splice(0);
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }),
    );
    process.removeListener('exit', this.killOnExit);
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/** Polls one node until `ready` holds, for at most 10 s. */
async function waitFor(port: number, ready: (probe: Redis) => Promise<boolean>, what: string): Promise<void> {
  const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {}); // refused until the server listens; the loop retries
  const deadline = Date.now() + 10_000;
  try {
    for (;;) {
      if (probe.status !== 'ready') await probe.connect().catch(() => {});
      if (await ready(probe).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not ${what} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    probe.disconnect();
  }
}
