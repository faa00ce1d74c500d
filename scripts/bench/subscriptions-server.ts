/**
 * The gateway side of `npm run bench:subscriptions`, in its own process so its memory is measured alone.
 * Starts the product on a temporary data directory (REDIS_URL honoured), prints `READY <url> <key>`,
 * then on `PUBLISH <count> <ratePerSecond>` publishes that many events for the demo tenant at that rate,
 * each stamped with its publish time, and prints `PUBLISHED` and its memory when done. `STATS` prints the
 * longest event-loop stall since the publishing began and how many subscribers the hub shed.
 */
import { startApp } from '@bizosaas/app';
import { createEvent } from '@bizosaas/domain';
import { loadConfig } from '@bizosaas/platform';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-bench-'));
const app = await startApp(loadConfig({
    // One key opens every subscriber's socket: lift the per-key caps unless the run sets them.
    WS_SOCKETS_PER_KEY: '1000000',
    KEY_REQUESTS_PER_SECOND: '1000000',
    KEY_REQUEST_BURST: '1000000',
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  }), { ephemeralPorts: true });
const tenant = app.demoTenants[0];
if (!tenant) throw new Error('no demo tenant');
process.stdout.write(`READY ${app.gatewayUrl} ${tenant.apiKey}\n`);

// Delay of a 10 ms timer beyond its due time: the longest time the loop could not run anything else.
const stalls = monitorEventLoopDelay({ resolution: 10 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for await (const line of createInterface({ input: process.stdin })) {
  const [command, countText, rateText] = line.trim().split(/\s+/);
  if (command === 'PUBLISH') {
    stalls.reset();
    stalls.enable();
    const count = Number(countText);
    const interval = 1000 / Number(rateText);
    const started = performance.now();
    for (let i = 0; i < count; i += 1) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      await app.platform.events.publish(createEvent('bench.ping.v1', { n: i, sentAt: Date.now() }, { tenantId: tenant.tenantId, source: 'bench' }));
    }
    const memory = process.memoryUsage();
    process.stdout.write(`PUBLISHED ${count} rss=${memory.rss} heapUsed=${memory.heapUsed}\n`);
  } else if (command === 'STATS') {
    stalls.disable();
    process.stdout.write(`STATS stallMaxMs=${(stalls.max / 1e6).toFixed(0)} stallP99Ms=${(stalls.percentile(99) / 1e6).toFixed(0)} hubShed=${app.gateway.hub?.shed ?? 0}\n`);
  } else if (command === 'MEMORY') {
    const memory = process.memoryUsage();
    process.stdout.write(`MEMORY rss=${memory.rss} heapUsed=${memory.heapUsed}\n`);
  } else if (command === 'EXIT') {
    await app.close();
    process.exit(0);
  }
}
