import express from 'express';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import { mountPortal } from './portal-static.js';

const silent: KitLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('mountPortal', () => {
  let server: Server;
  let base: string;
  const warnings: unknown[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(dir, 'assets', 'app-ABC123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'sw.js'), 'self.x = 1');
    const app = express();
    expect(mountPortal(app, dir, silent)).toBe(true);
    expect(mountPortal(express(), join(dir, 'missing'), { ...silent, warn: (object) => void warnings.push(object) })).toBe(false);
    app.use((_req, res) => res.status(404).json({ errors: [{ extensions: { code: 'NOT_FOUND' } }] }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves index.html for a page navigation, with a CSP and revalidation', async () => {
    for (const path of ['/', '/crm/contacts/abc']) {
      const response = await fetch(`${base}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>portal</title>');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year and revalidates the service worker', async () => {
    const asset = await fetch(`${base}/assets/app-ABC123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const worker = await fetch(`${base}/sw.js`);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves API paths, unknown files and non-browser clients to the JSON 404', async () => {
    for (const [path, accept] of [['/graphql/x', 'text/html'], ['/auth/nothing', 'text/html'], ['/nothing.js', 'text/html'], ['/nothing-here', '*/*']] as const) {
      const response = await fetch(`${base}${path}`, { headers: { accept } });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('says so and serves nothing when the portal was not built', () => {
    expect(warnings).toHaveLength(1);
  });
});
