import type { SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { sandboxMessagingConnector } from './sandbox-messaging.connector.js';

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

describe('sandbox messaging connector', () => {
  it('declares every MessagingPort method and migrations with its prefix', () => {
    expect(sandboxMessagingConnector.manifest).toMatchObject({ id: 'sandbox', port: 'messaging', authKind: 'api_key', allowedHosts: [] });
    expect([...sandboxMessagingConnector.manifest.capabilities].sort()).toEqual(['getMessages', 'listMessages', 'sendMessage']);
    expect(sandboxMessagingConnector.migrations?.map((m) => m.id)).toEqual(['sandbox-messaging-0001-tables']);
  });

  it('checks the key before it touches the database', async () => {
    const sql = recordingSql();
    await expect(sandboxMessagingConnector.testConnection(context(sql, { dataset: 'demo' }, 'wrong'))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sql.queries).toEqual([]);
    await sandboxMessagingConnector.testConnection(context(sql, { dataset: 'demo' }));
    expect(sql.queries).toHaveLength(1);
  });

  it('seeds on prepare only for a demo profile', async () => {
    for (const settings of [{ dataset: 'demo' }, { dataset: 'demo', profile: 'empty' }]) {
      const sql = recordingSql();
      await sandboxMessagingConnector.prepare?.(context(sql, settings));
      expect(sql.queries).toEqual([]);
    }
    const sql = recordingSql();
    await sandboxMessagingConnector.prepare?.(context(sql, { dataset: 'demo', profile: 'globex' }));
    expect(sql.queries.filter((q) => q.includes('insert into sandbox_messaging_messages'))).toHaveLength(20);
  });
});
