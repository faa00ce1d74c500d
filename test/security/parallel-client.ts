import { Worker } from 'node:worker_threads';

/** What one request of a parallel burst got back. */
export interface BurstResult {
  readonly status: number;
  readonly codes: readonly unknown[];
  readonly ms: number;
}

/** A burst's answers, how long it took, and how long each /health probe sent meanwhile took. */
export interface BurstReport {
  readonly results: readonly BurstResult[];
  readonly totalMs: number;
  readonly healthMs: readonly number[];
}

// Plain JavaScript for an eval'd worker: no TypeScript loader is needed to run it.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, healthUrl, key, documents } = workerData;
async function post(query) {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key },
    body: JSON.stringify({ query }),
  });
  const body = await response.json();
  return { status: response.status, codes: (body.errors || []).map((e) => e.extensions && e.extensions.code), ms: performance.now() - started };
}
async function probe(until) {
  const healthMs = [];
  let done = false;
  until.finally(() => { done = true; });
  while (!done) {
    const started = performance.now();
    const response = await fetch(healthUrl);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error('/health answered ' + response.status);
    healthMs.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return healthMs;
}
(async () => {
  await (await fetch(healthUrl)).arrayBuffer(); // connection warm, so the first probe measures the server
  const started = performance.now();
  const burst = Promise.all(documents.map(post));
  const [results, healthMs] = await Promise.all([burst, probe(burst)]);
  return { results, healthMs, totalMs: performance.now() - started };
})().then((report) => parentPort.postMessage(report), (error) => parentPort.postMessage({ error: String(error) }));
`;

/**
 * POSTs every document at once and probes `healthUrl` until all are answered, from another thread. The
 * product under test runs in this thread (as startTestApp does): a client here would spend the server's
 * event loop on building and reading requests and blur what the server itself does.
 */
export function burstWithHealthProbe(url: string, healthUrl: string, key: string, documents: readonly string[]): Promise<BurstReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, healthUrl, key, documents } });
    worker.once('message', (message: unknown) => {
      void worker.terminate();
      try {
        resolve(toReport(message));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    worker.once('error', reject);
  });
}

function toReport(message: unknown): BurstReport {
  if (typeof message !== 'object' || message === null || !('results' in message) || !('healthMs' in message) || !('totalMs' in message)) {
    throw new Error(`the client thread failed: ${JSON.stringify(message)}`);
  }
  const { results, healthMs, totalMs } = message;
  if (!Array.isArray(results) || !Array.isArray(healthMs) || typeof totalMs !== 'number') throw new Error('unexpected report');
  return { results: results.map(toBurstResult), healthMs: healthMs.filter((ms): ms is number => typeof ms === 'number'), totalMs };
}

function toBurstResult(value: unknown): BurstResult {
  if (typeof value !== 'object' || value === null || !('status' in value) || !('codes' in value) || !('ms' in value)) throw new Error('unexpected result');
  const { status, codes, ms } = value;
  if (typeof status !== 'number' || !Array.isArray(codes) || typeof ms !== 'number') throw new Error('unexpected result');
  return { status, codes, ms };
}
