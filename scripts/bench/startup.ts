/**
 * `npm run bench:startup`: what a user waits for and what the default costs in memory. Starts `npm start`
 * on a fresh DATA_DIR (initdb, migrations, demo seed), stops it, starts it again on the data it left, and
 * prints the time from spawning `npm start` to the first 200 on /graphql for both, then the RSS and PSS of
 * every process of the tree (npm, node, the embedded PostgreSQL and its workers) after it sat idle.
 * Run `npm run build` first if the sources changed since `npm ci`. Usage: [--idle-seconds N] (default 15).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { npmStart, productPorts, stopProduct, waitForGraphQL200, type StartedProduct } from '../../test/support/npm-start.js';
import { processTree } from '../../test/support/process-tree.js';

const { values } = parseArgs({ options: { 'idle-seconds': { type: 'string', default: '15' } } });
const idleSeconds = Number(values['idle-seconds']);
if (!Number.isFinite(idleSeconds) || idleSeconds < 0) throw new Error('--idle-seconds must be a number >= 0');

const dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-bench-startup-'));
// As a user runs it: no NODE_ENV from a test runner.
const { NODE_ENV: _ignored, ...inherited } = process.env;
const env = { ...inherited, DATA_DIR: dataDir, ...(await productPorts()), LOG_LEVEL: 'warn' };

async function timedStart(key?: string): Promise<{ product: StartedProduct; ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const product = await npmStart(env);
  await waitForGraphQL200(product.url, key ?? product.keys.acme ?? '');
  const ms = performance.now() - t0;
  return { product, ms, cpuMs: cpuMs(product.child.pid ?? 0) };
}

/** CPU time (user + system) the tree's processes have used so far: what the start costs on an idle machine. */
function cpuMs(root: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const p of processTree(root)) {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    // From field 3 (state) on, after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return (ticks / ticksPerSecond) * 1000;
}

const mb = (kb: number) => (kb / 1024).toFixed(1).padStart(7);
let running: StartedProduct | undefined;
try {
  const fresh = await timedStart();
  running = fresh.product;
  const key = fresh.product.keys.acme ?? '';
  await stopProduct(fresh.product.child);
  const again = await timedStart(key);
  running = again.product;
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const tree = processTree(again.product.child.pid ?? 0);

  const line = (run: { ms: number; cpuMs: number }) => `${(run.ms / 1000).toFixed(2)} s to the first 200 on /graphql (CPU ${(run.cpuMs / 1000).toFixed(2)} s)`;
  console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (${availableParallelism()} cores)`);
  console.log(`fresh start (initdb, migrations, demo seed): ${line(fresh)}`);
  console.log(`start with existing data:                    ${line(again)}`);
  console.log(`process tree after ${idleSeconds} s idle (existing data):`);
  console.log(`  ${'pid'.padStart(7)} ${'rss MB'.padStart(7)} ${'pss MB'.padStart(7)}  command`);
  for (const p of tree) console.log(`  ${String(p.pid).padStart(7)} ${mb(p.rssKb)} ${mb(p.pssKb)}  ${p.command.slice(0, 90)}`);
  const rss = tree.reduce((sum, p) => sum + p.rssKb, 0);
  const pss = tree.reduce((sum, p) => sum + p.pssKb, 0);
  console.log(`  ${'total'.padStart(7)} ${mb(rss)} ${mb(pss)}  (${tree.length} processes; RSS counts shared pages once per process, PSS splits them)`);
} finally {
  if (running) await stopProduct(running.child);
  await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
