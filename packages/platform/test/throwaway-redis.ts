import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { freePort } from './free-port.js';

/** A Redis of our own on a free port, to restart and stop without touching the shared one. */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;
  /**
   * @param persistDir when given, Redis keeps an append-only file there (fsync on every write), so a
   * stop and start keeps streams and groups, as production's AOF does; without it a restart erases them.
   */
  constructor(
    readonly port: number,
    private readonly persistDir?: string,
  ) {}

  static async create(options: { persistDir?: string } = {}): Promise<ThrowawayRedis> {
    // Restarted on the same port: one the kernel never hands to a connection in the meantime (free-port.ts).
    return new ThrowawayRedis(await freePort(), options.persistDir);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const persistence = this.persistDir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.persistDir] : ['--appendonly', 'no', '--dir', tmpdir()];
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused until the server listens; the loop below retries
    const deadline = Date.now() + 5_000;
    for (;;) {
      await probe.connect().catch(() => {});
      if ((await probe.ping().catch(() => undefined)) === 'PONG') break;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    probe.disconnect();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}
