/**
 * `npm run bench:gateway -- [--requests 400] [--concurrency 8] [--rounds 5] [--query one|join] [--profile <dir>]`
 *
 * Runs the product's subgraphs in one process, our gateway in a second and a bare `@apollo/gateway` in a
 * third, over the same subgraphs, on the compiled build (`npm run build` first). For a one-subgraph query
 * and the README's five-subgraph join it sends the same requests through each gateway in interleaved
 * rounds and prints each gateway process's CPU-ms per request (median of the rounds) and the ratio
 * ours/bare. Prints, never asserts. `--query` runs one of the two queries only; `--profile` writes a V8 CPU
 * profile of our gateway's process (`node --cpu-prof`) into the directory when it exits.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { PRODUCT_NODE_FLAGS } from '../node-flags.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const requests = Number(args.get('requests') ?? 400);
const concurrency = Number(args.get('concurrency') ?? 8);
const rounds = Number(args.get('rounds') ?? 5);
const only = args.get('query');
const profileDir = args.get('profile');

const ALL_QUERIES = {
  'one subgraph': '{ deals(first: 5) { totalCount nodes { title amount stage { name } } } }',
  'five-subgraph join':
    '{ contacts(first: 20) { nodes { email deals { title stage { name } } orders { number total } invoices { status amountDue } } } contentItems(first: 5, filter: { status: PUBLISHED }) { nodes { title analytics { pageViews activeUsers engagementRate } } } }',
};
const QUERIES = Object.fromEntries(Object.entries(ALL_QUERIES).filter(([label]) => only === undefined || label.startsWith(only === 'join' ? 'five' : only)));

interface Child {
  readonly process: ChildProcessByStdio<Writable, Readable, null>;
  next(prefix: string): Promise<string>;
}

function start(script: string, argv: string[] = [], nodeFlags: readonly string[] = []): Child {
  // No bizosaas-source condition: the packages resolve to their compiled dist/.
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', new URL(script, import.meta.url).pathname, ...argv], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  return {
    process: child,
    next: (prefix) =>
      new Promise((resolve) => {
        const onLine = (line: string) => {
          if (!line.startsWith(prefix)) return;
          lines.off('line', onLine);
          resolve(line.slice(prefix.length + 1));
        };
        lines.on('line', onLine);
      }),
  };
}

const subgraphs = start('./gateway-subgraphs.ts');
const side = await subgraphs.next('READY');
const { key } = z.object({ key: z.string() }).parse(JSON.parse(side));
// Ours runs with the node flags `npm start` uses; the bare gateway with Node's defaults.
const ourFlags = profileDir ? [...PRODUCT_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${profileDir}`] : PRODUCT_NODE_FLAGS;
const targets = { ours: start('./gateway-target.ts', ['ours'], ourFlags), bare: start('./gateway-target.ts', ['bare']) };
const urls: Record<string, string> = {};
for (const [name, child] of Object.entries(targets)) {
  child.process.stdin.write(`${side}\n`);
  urls[name] = await child.next('READY');
}

async function cpuOf(child: Child): Promise<number> {
  child.process.stdin.write('CPU\n');
  return Number(await child.next('CPU'));
}

async function send(url: string, query: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) });
  const body = z.object({ errors: z.array(z.unknown()).optional() }).passthrough().parse(await response.json());
  if (response.status !== 200 || body.errors) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
}

async function run(name: keyof typeof targets, query: string, count: number): Promise<number> {
  const before = await cpuOf(targets[name]);
  let sent = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < count) {
      sent += 1;
      await send(urls[name] ?? '', query);
    }
  }));
  return (await cpuOf(targets[name])) - before;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(`${requests} requests x ${rounds} rounds per gateway and query, concurrency ${concurrency}; CPU-ms/request of each gateway process (median)`);
for (const [label, query] of Object.entries(QUERIES)) {
  for (const name of ['ours', 'bare'] as const) await run(name, query, Math.max(50, requests / 4)); // warm-up: JIT, plans, key cache
  const per: Record<string, number[]> = { ours: [], bare: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) per[name]?.push((await run(name, query, requests)) / 1000 / requests);
  }
  const ours = median(per.ours ?? []);
  const bare = median(per.bare ?? []);
  console.log(`${label.padEnd(20)} ours ${ours.toFixed(3)} ms  bare ${bare.toFixed(3)} ms  ratio ${(ours / bare).toFixed(2)}x`);
}
const load = (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(' ');
console.log(`load average at the end: ${load}`);

for (const child of [targets.ours, targets.bare, subgraphs]) child.process.stdin.write('EXIT\n');
await Promise.all([targets.ours, targets.bare, subgraphs].map((child) => new Promise((resolve) => (child.process.exitCode !== null ? resolve(null) : child.process.once('exit', resolve)))));
