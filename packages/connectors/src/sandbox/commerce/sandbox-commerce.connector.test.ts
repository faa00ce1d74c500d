import { ConnectorError, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { SandboxCommerceAdapter } from './sandbox-commerce.adapter.js';
import { sandboxCommerceConnector } from './sandbox-commerce.connector.js';

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

describe('sandbox commerce connector', () => {
  it('lists every CommercePort method as a capability, and the adapter has each of them', () => {
    const { manifest } = sandboxCommerceConnector;
    expect(manifest).toMatchObject({ id: 'sandbox', port: 'commerce', authKind: 'api_key', allowedHosts: [] });
    const methods = Object.getOwnPropertyNames(SandboxCommerceAdapter.prototype).filter((name) => name !== 'constructor' && !['listRows', 'batch'].includes(name));
    expect([...manifest.capabilities].sort()).toEqual(methods.sort());
    expect(manifest.capabilities).toHaveLength(9);
  });

  it('rejects a key the sandbox does not issue before touching the database, and accepts one it does', async () => {
    const sql = recordingSql();
    await expect(sandboxCommerceConnector.testConnection(context('sk_live_x', sql))).rejects.toBeInstanceOf(ConnectorError);
    expect(sql.queries).toEqual([]);
    await sandboxCommerceConnector.testConnection(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toEqual(['select 1 from sandbox_commerce_products where dataset = $1 limit 1']);
  });

  it('seeds only when a demo profile is chosen, and builds an adapter without I/O', async () => {
    const sql = recordingSql();
    await sandboxCommerceConnector.prepare?.(context('sandbox_0123456789abcdef', sql, { dataset: 'acme-demo', profile: 'empty' }));
    await sandboxCommerceConnector.prepare?.(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toEqual([]);
    await sandboxCommerceConnector.prepare?.(context('sandbox_0123456789abcdef', sql, { dataset: 'acme-demo', profile: 'acme' }));
    expect(sql.queries.some((q) => q.includes('pg_advisory_xact_lock'))).toBe(true);
    const adapter = sandboxCommerceConnector.createAdapter(context('sandbox_0123456789abcdef', recordingSql()));
    expect(adapter.provider).toBe('sandbox');
  });
});
