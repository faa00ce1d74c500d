import { ConnectorError, ValidationError, type SqlClient } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { sandboxCrmConnector } from './sandbox-crm.connector.js';

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

const context = (apiKey: string, sql: SqlClient = recordingSql()) => ({
  tenantId: 't1', connectionId: 'c1', settings: { dataset: 'acme-demo' }, credentials: { apiKey }, sql,
});

describe('sandbox CRM connector settings and credentials', () => {
  it('declares the manifest the platform relies on', () => {
    const { manifest } = sandboxCrmConnector;
    expect(manifest).toMatchObject({ id: 'sandbox', port: 'crm', authKind: 'api_key', allowedHosts: [] });
    expect(manifest.settingsFields.map((f) => [f.name, f.required, f.secret])).toEqual([
      ['dataset', true, false],
      ['profile', false, false],
    ]);
    expect(manifest.credentialFields.map((f) => [f.name, f.required, f.secret])).toEqual([['apiKey', true, true]]);
  });

  it('accepts a dataset of 2-40 lower-case letters, digits and dashes and names the field otherwise', () => {
    expect(sandboxCrmConnector.parseSettings({ dataset: 'acme-demo' })).toEqual({ dataset: 'acme-demo' });
    for (const bad of [{ dataset: 'A' }, { dataset: 'Acme' }, { dataset: 'x'.repeat(41) }, {}, null]) {
      expect(() => sandboxCrmConnector.parseSettings(bad)).toThrow(ValidationError);
    }
    expect(() => sandboxCrmConnector.parseSettings({ dataset: 'ACME' })).toThrow(/settings\.dataset/);
  });

  it('accepts an optional demo profile and names the field when it is unknown', () => {
    expect(sandboxCrmConnector.parseSettings({ dataset: 'alt', profile: 'globex' })).toEqual({ dataset: 'alt', profile: 'globex' });
    expect(() => sandboxCrmConnector.parseSettings({ dataset: 'alt', profile: 'initech' })).toThrow(/settings\.profile/);
  });

  it('tests a well-formed key against the dataset', async () => {
    const sql = recordingSql();
    await sandboxCrmConnector.testConnection(context('sandbox_0123456789abcdef', sql));
    expect(sql.queries).toHaveLength(1);
  });

  it('rejects a wrong key as unauthorized without echoing it', async () => {
    const key = 'sk_live_Secret123456789';
    const error: unknown = await sandboxCrmConnector.testConnection(context(key)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'unauthorized', provider: 'sandbox', message: expect.stringMatching(/^The sandbox rejected the API key: /) });
    expect(error).not.toMatchObject({ message: expect.stringContaining('Secret123') });
    await expect(sandboxCrmConnector.testConnection(context('sandbox_short'))).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('names credentials.apiKey when it is missing, never quoting the value', () => {
    expect(() => sandboxCrmConnector.parseCredentials({})).toThrow(/credentials\.apiKey/);
    expect(() => sandboxCrmConnector.parseCredentials({ apiKey: 12345678 })).toThrow(expect.not.objectContaining({ message: expect.stringContaining('12345678') }));
  });
});
