import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy forwards, as a trap sees it. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/**
 * A loopback HTTP proxy in front of a vendor emulator that can make a crash land exactly between the
 * provider's commit and ours: a request matching the armed trap is forwarded (the emulator commits and
 * answers), then `whenCaught` runs (the test kills the product) and the caller's connection is destroyed
 * without an answer. Everything else is forwarded unchanged.
 */
export class KillProxy {
  private trap: { matches: (request: ProxiedRequest) => boolean; whenCaught: () => Promise<void>; caught: () => void } | undefined;
  url = '';

  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<KillProxy> {
    let proxy: KillProxy | undefined;
    const server = createServer((req, res) => {
      proxy?.forward(req).then(
        (answer) => {
          if (!answer) return req.socket.destroy();
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        },
        () => req.socket.destroy(),
      );
    });
    proxy = new KillProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Arms a one-shot trap; the returned promise resolves once it caught a request and `whenCaught` ran. */
  arm(matches: (request: ProxiedRequest) => boolean, whenCaught: () => Promise<void>): Promise<void> {
    return new Promise((caught) => {
      this.trap = { matches, whenCaught, caught };
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The emulator's answer, or undefined when the trap caught the request (no answer is given). */
  private async forward(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string } | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') };
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers.set(name, value);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await fetch(`${this.target}${request.path}`, { method: request.method, headers, ...(hasBody ? { body: request.body } : {}) });
    const body = await response.text();
    const trap = this.trap;
    if (trap && trap.matches(request)) {
      this.trap = undefined;
      await trap.whenCaught();
      trap.caught();
      return undefined;
    }
    return { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' }, body };
  }
}
