import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../support/browser-session.js';
import { deleteKeys, dropSchema, startTestApp, TEST_DATABASE_URL, TEST_REDIS_URL, type TestApp } from '../support/test-app.js';

describe('sign-in across two gateways on one database and one Redis', () => {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const abusePrefix = `test:${randomBytes(6).toString('hex')}:abuse`;
  let dataDir: string;
  let first: TestApp;
  let second: TestApp;
  const originOf = (app: TestApp) => new URL(app.app.gatewayUrl).origin;
  const admin = () => {
    const acme = first.app.demoTenants.find((tenant) => tenant.slug === 'acme');
    if (!acme) throw new Error('no demo tenant acme');
    return acme.admin;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bizosaas-two-gateways-people-'));
    const env = { ABUSE_REDIS_PREFIX: abusePrefix, SIGN_IN_FAILURES_PER_ACCOUNT: '5' };
    first = await startTestApp({ engine: 'postgres', schema, dataDir, bus: 'redis', env });
    second = await startTestApp({ engine: 'postgres', schema, dataDir, bus: 'redis', env });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await dropSchema(TEST_DATABASE_URL, schema);
    await rm(dataDir, { recursive: true, force: true });
    await deleteKeys(TEST_REDIS_URL, abusePrefix);
  });

  it('shares sessions and their revocation', async () => {
    const browser = new BrowserSession(originOf(first));
    expect((await browser.request('/auth/sign-in', { body: { tenant: 'acme', email: admin().email, password: admin().password } })).status).toBe(200);
    const elsewhere = new BrowserSession(originOf(second));
    for (const [name, value] of browser.cookies) elsewhere.cookies.set(name, value);
    expect((await elsewhere.request('/auth/session')).body.user.email).toBe(admin().email);
    expect((await elsewhere.request('/auth/sign-out', { method: 'POST', csrf: true })).status).toBe(204);
    expect((await browser.request('/auth/session')).status).toBe(401);
  });

  it('locks an account on every gateway once its failures on any of them reach the budget', async () => {
    const attacker = new BrowserSession(originOf(first));
    for (let i = 0; i < 5; i += 1) {
      expect((await attacker.request('/auth/sign-in', { body: { tenant: 'acme', email: admin().email, password: `guess number ${i}` } })).status).toBe(401);
    }
    const owner = new BrowserSession(originOf(second));
    const locked = await owner.request('/auth/sign-in', { body: { tenant: 'acme', email: admin().email, password: admin().password } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
