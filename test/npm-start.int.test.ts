import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../packages/platform/src/db/embedded/process-probe.js';
import { npmStart, productPorts, stopProduct, type StartedProduct } from './support/npm-start.js';
import { processTree } from './support/process-tree.js';
import { until } from './support/until.js';
import { postGraphQL } from './support/test-app.js';

// What a new user does: `npm start` (compiled JavaScript on the embedded PostgreSQL), read the banner, query
// with a demo key; stop; start again; and survive a crash of the parent.
describe('npm start', () => {
  let dataDir: string;
  let running: StartedProduct | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // `npm ci` builds through `prepare`; rebuild so the test runs what the sources say now (fast when current).
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-start-'));
    // Without vitest's NODE_ENV=test, as a user runs it (Apollo, for one, behaves differently under test).
    const { NODE_ENV: _testEnv, ...inherited } = process.env;
    env = { ...inherited, DATA_DIR: dataDir, ...(await productPorts()), LOG_LEVEL: 'warn' };
  }, 300_000);
  afterAll(async () => {
    if (running) await stopProduct(running.child);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  const postmasterPid = async () => Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const start = async () => (running = await npmStart(env));

  it('prints the URL and demo keys, answers a query, keeps data across a restart, and stops its database', async () => {
    const first = await start();
    expect(first.url).toBe(`http://127.0.0.1:${env.GATEWAY_PORT}/graphql`);
    expect(first.output()).toContain(`embedded PostgreSQL in ${dataDir}/postgres`);
    expect(Object.keys(first.keys).sort()).toEqual(['acme', 'globex']);
    // Compiled JavaScript, not TypeScript through a loader.
    const node = execFileSync('ps', ['-o', 'args=', '--ppid', String(first.child.pid)]).toString();
    expect(node).toMatch(/node (--\S+ )*packages\/app\/dist\/start\/main\.js/);
    // The portal's prebuilt files at / (npm run build made them; nothing is bundled at start).
    const portal = await fetch(first.url.replace(/\/graphql$/, '/'), { headers: { accept: 'text/html' } });
    expect(portal.status).toBe(200);
    const page = await portal.text();
    expect(page).toContain('<div id="root"></div>');
    expect(page).toMatch(/src="\/assets\/app-[A-Z0-9]+\.js"/);

    const created = await postGraphQL<{ createContact: { id: string } }>(first.url, first.keys.acme ?? '', 'mutation { createContact(input: { email: "survivor@example.org", firstName: "Sur" }) { id } }');
    expect(created.errors).toBeUndefined();
    const id = created.data?.createContact.id;
    const server = await postmasterPid();
    await stopProduct(first.child);
    expect(await isProcessAlive(server)).toBe(false);
    await expect(stat(join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toThrow(/ENOENT/);

    const second = await start();
    expect(second.keys).toEqual(first.keys);
    const read = await postGraphQL<{ contact: { email: string; firstName: string } }>(second.url, second.keys.acme ?? '', 'query($id: ID!) { contact(id: $id) { email firstName } }', { id });
    expect(read.data?.contact).toEqual({ email: 'survivor@example.org', firstName: 'Sur' });
    await stopProduct(second.child);
  }, 180_000);

  it('after a SIGKILL of npm and node, the next start reuses the database left running and stops it', async () => {
    const crashed = await start();
    const server = await postmasterPid();
    await stopProduct(crashed.child, 'SIGKILL');
    // The server is in its own process group: it outlives the crash, with its data.
    expect(await isProcessAlive(server)).toBe(true);

    const next = await start();
    expect(await postmasterPid()).toBe(server);
    const read = await postGraphQL<{ contacts: { totalCount: number } }>(next.url, next.keys.acme ?? '', '{ contacts(first: 1) { totalCount } }');
    expect(read.data?.contacts.totalCount).toBeGreaterThan(0);
    await stopProduct(next.child);
    expect(await isProcessAlive(server)).toBe(false);
  }, 180_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('stops node and its database on a %s to the npm process alone', async (signal) => {
    const product = await start();
    const server = await postmasterPid();
    const pid = product.child.pid ?? 0;
    const tree = processTree(pid);
    // npm's only child is node (`exec` in the start script): npm's forwarded copy of the signal reaches it.
    expect(tree.filter((p) => p.ppid === pid).map((p) => p.command)).toEqual([expect.stringMatching(/^node /)]);
    process.kill(pid, signal);
    await until('npm, node and the database to exit', async () => [...tree.map((p) => p.pid), server].filter(isAlive), (alive) => alive.length === 0, 20_000);
    // node closed in order and exited 0 (1 after a failed or overdue close), and npm with it.
    expect(product.child.exitCode, product.output()).toBe(0);
    running = undefined;
  }, 120_000);
});

/** A process that exists and is not a zombie waiting for its parent. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
