/**
 * `npm run bench:http-layer -- [--requests 1000] [--concurrency 8] [--rounds 5]`
 *
 * What an HTTP layer costs per request: the gateway's former Express layer, its present node:http router and
 * body reader (`ours`), and a bare `node:http` handler with body-parser. Each runs alone in its process,
 * answering the same POST /graphql with a fixed body, in interleaved rounds. Prints each server's CPU-ms per
 * request (median) and the differences to bare. Prints, never asserts.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '8' }, rounds: { type: 'string', default: '5' } } });
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);

function start(kind: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./http-layer-server.ts', import.meta.url).pathname, kind], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const next = (prefix: string) =>
    new Promise<string>((resolve) => {
      const onLine = (line: string) => {
        if (!line.startsWith(prefix)) return;
        lines.off('line', onLine);
        resolve(line.slice(prefix.length + 1));
      };
      lines.on('line', onLine);
    });
  return { child, next };
}

const NAMES = ['express', 'ours', 'bare'] as const;
type Name = (typeof NAMES)[number];
const servers = { express: start('express'), ours: start('ours'), bare: start('bare') };
const urls = { express: await servers.express.next('READY'), ours: await servers.ours.next('READY'), bare: await servers.bare.next('READY') };
const body = JSON.stringify({ query: '{ deals(first: 5) { totalCount nodes { title amount stage { name } } } }' });

async function cpu(name: Name): Promise<number> {
  const answer = servers[name].next('CPU');
  servers[name].child.stdin.write('CPU\n');
  return Number(await answer);
}

async function run(name: Name, count: number): Promise<number> {
  const before = await cpu(name);
  let sent = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < count) {
      sent += 1;
      const response = await fetch(urls[name], { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body });
      if (response.status !== 200) throw new Error(`${name} answered ${response.status}`);
      await response.arrayBuffer();
    }
  }));
  return ((await cpu(name)) - before) / 1000 / count;
}

for (const name of NAMES) await run(name, requests / 4);
const per: Record<Name, number[]> = { express: [], ours: [], bare: [] };
for (let round = 0; round < rounds; round += 1) {
  // Each round in another order, so no server always runs first.
  const order = NAMES.map((_, index) => NAMES[(index + round) % NAMES.length] ?? 'bare');
  for (const name of order) per[name].push(await run(name, requests));
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;
const [express, ours, bare] = [median(per.express), median(per.ours), median(per.bare)];
console.log(`${requests} requests x ${rounds} rounds, concurrency ${concurrency}; CPU-ms/request of each server process (median)`);
console.log(`express layer ${express.toFixed(3)} ms  ours (node:http router) ${ours.toFixed(3)} ms  bare node:http + body-parser ${bare.toFixed(3)} ms`);
console.log(`difference to bare: express ${(express - bare).toFixed(3)} ms, ours ${(ours - bare).toFixed(3)} ms`);
console.log(`load average at the end: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
for (const server of Object.values(servers)) server.child.stdin.write('EXIT\n');
