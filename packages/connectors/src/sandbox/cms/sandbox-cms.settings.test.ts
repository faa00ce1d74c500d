import { ConnectorError, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { sandboxCmsConnector } from './sandbox-cms.connector.js';

// testConnection only reaches the database after the key is accepted; this fake records that it did.
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

const context = (apiKey: string, sql: SqlClient, settings: Record<string, unknown> = { dataset: 'acme-demo' }) => ({
  tenantId: 't1', connectionId: 'c1', settings, credentials: { apiKey }, sql,
});

describe('sandbox CMS connector', () => {
  it('declares every CmsPort method and no hosts', () => {
    const { manifest } = sandboxCmsConnector;
    expect(manifest).toMatchObject({ id: 'sandbox', port: 'cms', authKind: 'api_key', allowedHosts: [] });
    expect([...manifest.capabilities].sort()).toEqual(['createContent', 'getContents', 'listContent', 'publishContent', 'unpublishContent', 'updateContent']);
    expect(manifest.settingsFields.map((f) => f.name)).toEqual(['dataset', 'profile']);
    expect(sandboxCmsConnector.migrations?.map((m) => m.id)).toEqual(['sandbox-cms-0001-tables']);
  });

  it('tests a well-formed key against the dataset and rejects a wrong one without echoing it', async () => {
    const sql = recordingSql();
    await sandboxCmsConnector.testConnection(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toEqual([expect.stringContaining('sandbox_cms_content')]);
    const error: unknown = await sandboxCmsConnector.testConnection(context('sk_live_Secret123456789', recordingSql())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error).not.toMatchObject({ message: expect.stringContaining('Secret123') });
  });

  it('seeds on prepare only for a demo profile', async () => {
    const none = recordingSql();
    await sandboxCmsConnector.prepare?.(context('sandbox_0123456789abcdef', none, { dataset: 'plain' }));
    await sandboxCmsConnector.prepare?.(context('sandbox_0123456789abcdef', none, { dataset: 'plain', profile: 'empty' }));
    expect(none.queries).toEqual([]);
    const seeding = recordingSql();
    await sandboxCmsConnector.prepare?.(context('sandbox_0123456789abcdef', seeding, { dataset: 'demo', profile: 'globex' }));
    expect(seeding.queries.some((q) => q.includes('insert into sandbox_cms_sites'))).toBe(true);
    expect(seeding.queries.filter((q) => q.includes('insert into sandbox_cms_content'))).toHaveLength(21);
  });
});
