import { seedSandboxCrmDataset } from '@bizosaas/connectors';
import type { Platform } from '@bizosaas/platform';
import { randomBytes } from 'node:crypto';

/** The two demo tenants: different companies, different data, different connections. */
export const DEMO_TENANTS = [
  { slug: 'acme', name: 'Acme Software GmbH', dataset: 'acme-demo', profile: 'acme' },
  { slug: 'globex', name: 'Globex Manufacturing Inc.', dataset: 'globex-demo', profile: 'globex' },
] as const;

export interface DemoTenant {
  readonly slug: string;
  readonly tenantId: string;
  readonly name: string;
  /** The demo API key (admin role). Kept in the secret store so the start banner can show it again. */
  readonly apiKey: string;
}

/**
 * Creates the demo tenants once: each gets a sandbox CRM connection to its own seeded dataset (its
 * credentials in the secret store) and an admin API key. Idempotent: later starts find everything in
 * place and only read the demo keys back.
 */
export async function seedDemo(platform: Platform): Promise<DemoTenant[]> {
  const result: DemoTenant[] = [];
  for (const demo of DEMO_TENANTS) {
    const tenant = (await platform.tenants.getBySlug(demo.slug)) ?? (await platform.tenants.create({ slug: demo.slug, name: demo.name }));
    if (!(await platform.connections.getActive(tenant.id, 'crm'))) {
      await seedSandboxCrmDataset(platform.db, demo.dataset, { profile: demo.profile });
      const secretRef = `tenants/${tenant.id}/crm/sandbox`;
      await platform.secrets.put(secretRef, { apiKey: `sandbox_${randomBytes(16).toString('hex')}` });
      await platform.connections.activate({ tenantId: tenant.id, port: 'crm', provider: 'sandbox', settings: { dataset: demo.dataset }, secretRef });
    }
    result.push({ slug: demo.slug, tenantId: tenant.id, name: tenant.name, apiKey: await demoKey(platform, tenant.id) });
  }
  return result;
}

async function demoKey(platform: Platform, tenantId: string): Promise<string> {
  const path = `platform/demo-keys/${tenantId}`;
  const stored = await platform.secrets.get(path);
  if (stored?.key) return stored.key;
  const { key } = await platform.apiKeys.create({ tenantId, name: 'Demo key', roles: ['admin'] });
  await platform.secrets.put(path, { key });
  return key;
}
