/**
 * `npm run bench:subscriptions -- [--subscribers 1000] [--rate 20] [--seconds 10]`
 *
 * Holds N subscribers over real WebSockets on loopback (one connection each) to the gateway, which runs in
 * a child process; the child publishes events at the given rate; prints subscribers, deliveries per
 * second, publish->deliver latency percentiles and the gateway process's memory. Prints, never asserts.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const subscribers = Number(args.get('subscribers') ?? 1000);
const rate = Number(args.get('rate') ?? 20);
const seconds = Number(args.get('seconds') ?? 10);
const events = Math.round(rate * seconds);

const server = spawn(process.execPath, ['--conditions=bizosaas-source', '--import', 'tsx', new URL('./subscriptions-server.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: server.stdout });
const nextLine = (prefix: string) =>
  new Promise<string>((resolve) => {
    const onLine = (line: string) => {
      if (!line.startsWith(prefix)) return;
      lines.off('line', onLine);
      resolve(line);
    };
    lines.on('line', onLine);
  });

const [, url = '', key = ''] = (await nextLine('READY')).split(' ');
const memoryOf = async () => {
  server.stdin.write('MEMORY\n');
  return (await nextLine('MEMORY')).replace('MEMORY ', '');
};
const idleMemory = await memoryOf();

const latencies: number[] = [];
let delivered = 0;
let ready = 0;
const clients: Client[] = [];
const query = 'subscription { events(types: ["bench.ping.v1"]) { cursor payload } }';
const connectStarted = performance.now();
for (let i = 0; i < subscribers; i += 1) {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, lazy: false, retryAttempts: 0, onNonLazyError: () => {} });
  client.on('connected', () => (ready += 1));
  client.subscribe(
    { query },
    {
      next: (value) => {
        const sentAt = (value.data as { events?: { payload?: { sentAt?: number } } } | undefined)?.events?.payload?.sentAt;
        if (typeof sentAt === 'number') latencies.push(Date.now() - sentAt);
        delivered += 1;
      },
      error: () => {},
      complete: () => {},
    },
  );
  clients.push(client);
}
while (ready < subscribers) await new Promise((resolve) => setTimeout(resolve, 50));
const connectSeconds = (performance.now() - connectStarted) / 1000;
await new Promise((resolve) => setTimeout(resolve, 500));
const subscribedMemory = await memoryOf();

const started = performance.now();
server.stdin.write(`PUBLISH ${events} ${rate}\n`);
const published = await nextLine('PUBLISHED');
const expected = events * subscribers;
const deadline = performance.now() + 60_000;
while (delivered < expected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
const elapsed = (performance.now() - started) / 1000;

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const mb = (text: string) => text.replace(/(\d+)/g, (n) => `${(Number(n) / 1_048_576).toFixed(0)}MB`);
console.log(`subscribers:           ${subscribers} (connected in ${connectSeconds.toFixed(1)} s)`);
console.log(`events published:      ${events} at ${rate}/s`);
console.log(`messages delivered:    ${delivered} of ${expected} in ${elapsed.toFixed(1)} s (${Math.round(delivered / elapsed)} msg/s)`);
console.log(`latency publish->recv: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1) ?? NaN} ms`);
console.log(`gateway memory:        idle ${mb(idleMemory)}; ${subscribers} subscribers ${mb(subscribedMemory)}; after run ${mb(published.replace(/^PUBLISHED \d+ /, ''))}`);
console.log(`event bus:             ${process.env.REDIS_URL ? `Redis Streams (${process.env.REDIS_URL})` : 'in-process'}`);

await Promise.all(clients.map((client) => client.dispose()));
server.stdin.write('EXIT\n');
await new Promise((resolve) => server.once('exit', resolve));
