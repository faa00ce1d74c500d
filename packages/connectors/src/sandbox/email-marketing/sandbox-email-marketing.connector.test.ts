import type { SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { sandboxEmailMarketingConnector } from './sandbox-email-marketing.connector.js';

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

const context = (sql: SqlClient, settings: Record<string, unknown>, apiKey = 'sandbox_0123456789abcdef') => ({ tenantId: 't1', connectionId: 'c1', settings, credentials: { apiKey }, sql });

describe('sandbox email marketing connector', () => {
  it('declares every EmailMarketingPort method and migrations with its prefix', () => {
    expect(sandboxEmailMarketingConnector.manifest).toMatchObject({ id: 'sandbox', port: 'emailMarketing', authKind: 'api_key', allowedHosts: [] });
    expect([...sandboxEmailMarketingConnector.manifest.capabilities].sort()).toEqual(['createCampaign', 'getCampaigns', 'listCampaigns', 'sendCampaign', 'tagAudienceMembers', 'upsertAudienceMember']);
    expect(sandboxEmailMarketingConnector.migrations?.map((m) => m.id)).toEqual(['sandbox-email-marketing-0001-tables', 'sandbox-email-marketing-0002-segments']);
  });

  it('checks the key before it touches the database', async () => {
    const sql = recordingSql();
    await expect(sandboxEmailMarketingConnector.testConnection(context(sql, { dataset: 'demo' }, 'wrong'))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sql.queries).toEqual([]);
    await sandboxEmailMarketingConnector.testConnection(context(sql, { dataset: 'demo' }));
    expect(sql.queries).toHaveLength(1);
  });

  it('seeds on prepare only for a demo profile', async () => {
    for (const settings of [{ dataset: 'demo' }, { dataset: 'demo', profile: 'empty' }]) {
      const sql = recordingSql();
      await sandboxEmailMarketingConnector.prepare?.(context(sql, settings));
      expect(sql.queries).toEqual([]);
    }
    const sql = recordingSql();
    await sandboxEmailMarketingConnector.prepare?.(context(sql, { dataset: 'demo', profile: 'globex' }));
    expect(sql.queries.filter((q) => q.includes('insert into sandbox_email_campaigns'))).toHaveLength(6);
  });
});
