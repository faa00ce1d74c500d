import { ConnectorError, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { SandboxBillingAdapter } from './sandbox-billing.adapter.js';
import { sandboxBillingConnector } from './sandbox-billing.connector.js';

// testConnection and prepare only reach the database when they should; this fake records what they ran.
function recordingSql(): SqlClient & { queries: string[] } {
  const queries: string[] = [];
  const client: SqlClient & { queries: string[] } = {
    queries,
    async query(text) {
      queries.push(text);
      return { rows: [], rowCount: 0 };
    },
    transaction: (work) => work(client),
  };
  return client;
}

const context = (apiKey: string, sql: SqlClient, settings: Record<string, unknown> = { dataset: 'acme-demo' }) => ({ tenantId: 't1', connectionId: 'c1', settings, credentials: { apiKey }, sql });

describe('sandbox billing connector', () => {
  it('lists every BillingPort method as a capability, and the adapter has each of them', () => {
    const { manifest } = sandboxBillingConnector;
    expect(manifest).toMatchObject({ id: 'sandbox', port: 'billing', authKind: 'api_key', allowedHosts: [] });
    const methods = Object.getOwnPropertyNames(SandboxBillingAdapter.prototype).filter((name) => name !== 'constructor' && !['listRows', 'batch'].includes(name));
    expect([...manifest.capabilities].sort()).toEqual(methods.sort());
    expect(manifest.capabilities).toHaveLength(8);
  });

  it('rejects a key the sandbox does not issue before touching the database, and accepts one it does', async () => {
    const sql = recordingSql();
    await expect(sandboxBillingConnector.testConnection(context('sk_live_x', sql))).rejects.toBeInstanceOf(ConnectorError);
    expect(sql.queries).toEqual([]);
    await sandboxBillingConnector.testConnection(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toEqual(['select 1 from sandbox_billing_invoices where dataset = $1 limit 1']);
  });

  it('seeds only when a demo profile is chosen, and builds an adapter without I/O', async () => {
    const sql = recordingSql();
    await sandboxBillingConnector.prepare?.(context('sandbox_0123456789abcdef', sql, { dataset: 'acme-demo', profile: 'empty' }));
    await sandboxBillingConnector.prepare?.(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toEqual([]);
    await sandboxBillingConnector.prepare?.(context('sandbox_0123456789abcdef', sql, { dataset: 'acme-demo', profile: 'acme' }));
    expect(sql.queries.some((q) => q.includes('pg_advisory_xact_lock'))).toBe(true);
    const adapter = sandboxBillingConnector.createAdapter(context('sandbox_0123456789abcdef', recordingSql()));
    expect(adapter.provider).toBe('sandbox');
  });
});
