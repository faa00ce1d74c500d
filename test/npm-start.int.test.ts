import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './support/test-app.js';

// What a new user does: `npm start`, read the banner, query with a demo key; stop; start again.
describe('npm start', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-start-'));
  });
  afterAll(async () => {
    if (child) await stop(child);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('prints the URL and demo keys, answers a query, and keeps data across a restart', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(await freePort()), SUBGRAPH_BASE_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
    const first = await start(env);
    child = first.child;
    expect(first.url).toBe(`http://127.0.0.1:${env.GATEWAY_PORT}/graphql`);
    expect(Object.keys(first.keys).sort()).toEqual(['acme', 'globex']);

    const created = await postGraphQL<{ createContact: { id: string } }>(first.url, first.keys.acme ?? '', 'mutation { createContact(input: { email: "survivor@example.org", firstName: "Sur" }) { id } }');
    expect(created.errors).toBeUndefined();
    const id = created.data?.createContact.id;

    await stop(first.child);
    const second = await start(env);
    child = second.child;
    expect(second.keys).toEqual(first.keys);
    const read = await postGraphQL<{ contact: { email: string; firstName: string } }>(second.url, second.keys.acme ?? '', 'query($id: ID!) { contact(id: $id) { email firstName } }', { id });
    expect(read.data?.contact).toEqual({ email: 'survivor@example.org', firstName: 'Sur' });
  }, 120_000);
});

async function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; keys: Record<string, string> }> {
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!/Demo API keys[\s\S]*globex\s+\S+/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start printed no banner in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const url = /GraphQL \(explorer in a browser\): (\S+)/.exec(output)?.[1] ?? '';
  const keys = Object.fromEntries([...output.matchAll(/^\s+(acme|globex)\s+(bzk_\S+)/gm)].map((m) => [m[1], m[2]]));
  return { child, url, keys };
}

/** SIGTERM to the whole process group (npm -> tsx -> node), then wait for the exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
