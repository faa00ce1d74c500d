/**
 * `npm run bench:subscriptions -- [--subscribers 1000] [--rate 20] [--seconds 10]`
 *
 * Holds N subscribers over real WebSockets on loopback (one connection each) to the gateway, which runs in
 * a child process; the child publishes events at the given rate; prints subscribers, deliveries per
 * second, publish->deliver latency percentiles, the gateway process's memory, its longest event-loop
 * stall and the subscribers shed for falling behind (closed with a resume cursor). With a rate above what
 * the subscribers can take (`--rate 500`), the run shows shedding instead of growing latency. Prints, never asserts.
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
let shed = 0;
let otherErrors = 0;
const TOO_SLOW = /too slow/i;
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
        if (value.errors?.some((e) => e.extensions?.code === 'SUBSCRIBER_TOO_SLOW')) {
          shed += 1;
          return;
        }
        const sentAt = (value.data as { events?: { payload?: { sentAt?: number } } } | undefined)?.events?.payload?.sentAt;
        if (typeof sentAt === 'number') latencies.push(Date.now() - sentAt);
        delivered += 1;
      },
      error: (error: unknown) => {
        const reason = typeof error === 'object' && error !== null && 'reason' in error ? String(error.reason) : String(error);
        if (TOO_SLOW.test(reason)) shed += 1;
        else otherErrors += 1;
      },
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
// Done when everything arrived, or nothing arrived for 2 s (the rest went to shed subscribers).
let lastProgress = { delivered, at: performance.now() };
while (delivered < expected && performance.now() < deadline && performance.now() - lastProgress.at < 2_000) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (delivered !== lastProgress.delivered) lastProgress = { delivered, at: performance.now() };
}
const elapsed = (lastProgress.at - started) / 1000;
server.stdin.write('STATS\n');
const stats = (await nextLine('STATS')).replace('STATS ', '');

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const mb = (text: string) => text.replace(/(\d+)/g, (n) => `${(Number(n) / 1_048_576).toFixed(0)}MB`);
console.log(`subscribers:           ${subscribers} (connected in ${connectSeconds.toFixed(1)} s)`);
console.log(`events published:      ${events} at ${rate}/s`);
console.log(`messages delivered:    ${delivered} of ${expected} in ${elapsed.toFixed(1)} s (${Math.round(delivered / elapsed)} msg/s)`);
console.log(`latency publish->recv: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1) ?? NaN} ms`);
console.log(`shed subscribers:      ${shed} of ${subscribers} (closed with a resume cursor); other errors ${otherErrors}`);
console.log(`gateway event loop:    ${stats.replace(/stallMaxMs=(\d+) stallP99Ms=(\d+) hubShed=(\d+)/, 'longest stall $1 ms, p99 delay $2 ms; hub shed $3')}`);
console.log(`gateway memory:        idle ${mb(idleMemory)}; ${subscribers} subscribers ${mb(subscribedMemory)}; after run ${mb(published.replace(/^PUBLISHED \d+ /, ''))}`);
console.log(`event bus:             ${process.env.REDIS_URL ? `Redis Streams (${process.env.REDIS_URL})` : 'in-process'}`);

await Promise.all(clients.map((client) => client.dispose()));
server.stdin.write('EXIT\n');
await new Promise((resolve) => server.once('exit', resolve));
