import type { Platform } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';

/** The two demo tenants: different companies, different data, different connections. */
export const DEMO_TENANTS = [
  { slug: 'acme', name: 'Acme Software GmbH', profile: 'acme' },
  { slug: 'globex', name: 'Globex Manufacturing Inc.', profile: 'globex' },
] as const;

export interface DemoTenant {
  readonly slug: string;
  readonly tenantId: string;
  readonly name: string;
  /** The demo API key (admin role). Kept in the secret store so the start banner can show it again. */
  readonly apiKey: string;
  /** The demo admin user (sign in at the portal); the password is kept in the secret store like the key. */
  readonly admin: { readonly email: string; readonly password: string };
}

/**
 * Creates the demo tenants once and connects every port that has a sandbox connector through the same
 * `connect` path a tenant uses (validation, connection test, seeding by profile, secret store), each
 * tenant to its own dataset. Idempotent: a later start only connects ports added since, and reads the
 * demo keys back.
 */
export async function seedDemo(platform: Platform): Promise<DemoTenant[]> {
  const sandboxPorts = platform.connectionService.catalogue().filter((manifest) => manifest.id === 'sandbox').map((manifest) => manifest.port);
  const result: DemoTenant[] = [];
  for (const demo of DEMO_TENANTS) {
    const tenant = (await platform.tenants.getBySlug(demo.slug)) ?? (await platform.tenants.create({ slug: demo.slug, name: demo.name }));
    for (const port of sandboxPorts) {
      if (await platform.connections.getActive(tenant.id, port)) continue;
      await platform.connectionService.connect(tenant.id, {
        port,
        provider: 'sandbox',
        settings: { dataset: `${demo.slug}-demo`, profile: demo.profile },
        credentials: { apiKey: `sandbox_${randomBytes(16).toString('hex')}` },
      });
    }
    result.push({ slug: demo.slug, tenantId: tenant.id, name: tenant.name, apiKey: await demoKey(platform, tenant.id), admin: await demoAdmin(platform, tenant.id, demo.slug) });
  }
  return result;
}

// The transaction-scoped advisory lock that serialises seeding, one per schema like the migration lock.
const SEED_LOCK = `SELECT pg_advisory_xact_lock(hashtext('bizosaas.demo-seed:' || coalesce(current_schema(), '')))`;

/**
 * `seedDemo` under a PostgreSQL advisory lock, for processes starting together (two gateways of a
 * cluster): the first seeds, the others wait and then find the tenants, connections and keys it made.
 * The lock is held by an otherwise idle transaction while the seed runs on other pooled connections.
 */
export async function seedDemoOnce(platform: Platform): Promise<DemoTenant[]> {
  return platform.db.transaction(async (tx) => {
    await tx.query(SEED_LOCK);
    return seedDemo(platform);
  });
}

async function demoKey(platform: Platform, tenantId: string): Promise<string> {
  const path = `platform/demo-keys/${tenantId}`;
  const stored = await platform.secrets.get(path);
  if (stored?.key) return stored.key;
  const { key } = await platform.apiKeys.create({ tenantId, name: 'Demo key', roles: ['admin'] });
  await platform.secrets.put(path, { key });
  return key;
}

async function demoAdmin(platform: Platform, tenantId: string, slug: string): Promise<{ email: string; password: string }> {
  const path = `platform/demo-admins/${tenantId}`;
  const stored = await platform.secrets.get(path);
  const email = `admin@${slug}.example`;
  const password = typeof stored?.password === 'string' ? stored.password : `demo-${randomBytes(12).toString('base64url')}`;
  if (!stored?.password) await platform.secrets.put(path, { password });
  await platform.people.ensureUser({ tenantId, email, name: 'Demo Admin', role: 'admin', password });
  return { email, password };
}
