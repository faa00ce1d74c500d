import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productPorts, stopProduct } from '../support/npm-start.js';
import { postGraphQL } from '../support/test-app.js';

const RECORDER = fileURLToPath(new URL('./support/network-recorder.cjs', import.meta.url));

// A self-hosted product makes no call its operator did not configure: `npm start` on its embedded defaults,
// then a query and a subscription-free minute of idling, open no non-loopback connection and look up no
// name (Apollo's gateway ships cloud-metadata detectors and a telemetry exporter that would).
describe('start-up opens no outbound connection', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bizosaas-outbound-'));
    // DATA_DIR is below it: as root, the embedded PostgreSQL runs as `postgres`, which must pass through.
    await chmod(dir, 0o701);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('records no non-loopback connection or DNS lookup from any process of npm start', async () => {
    const recordFile = join(dir, 'network.jsonl');
    await writeFile(recordFile, '');
    const env = {
      ...process.env,
      DATA_DIR: join(dir, 'data'),
      ...(await productPorts()),
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${RECORDER}`.trim(),
      NETWORK_RECORD_FILE: recordFile,
      npm_config_update_notifier: 'false',
    };
    const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 90_000;
      while (!/Demo API keys[\s\S]*globex\s+\S+/.test(output)) {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`npm start printed no banner in time:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const url = /GraphQL \(explorer in a browser\): (\S+)/.exec(output)?.[1] ?? '';
      const key = /^\s+acme\s+(bzk_\S+)/m.exec(output)?.[1] ?? '';
      const answer = await postGraphQL<{ contacts: { totalCount: number } }>(url, key, '{ contacts(first: 1) { totalCount } }');
      expect(answer.data?.contacts.totalCount).toBeGreaterThan(0);
      // Detectors and exporters work in the background after start: give them time to show themselves.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      // Waits for node and the embedded PostgreSQL too, not only npm, before DATA_DIR is removed.
      await stopProduct(child);
    }
    const attempts = (await readFile(recordFile, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    expect(attempts).toEqual([]);
  }, 150_000);
});
