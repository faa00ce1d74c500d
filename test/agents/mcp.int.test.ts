import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The MCP SDK's own client on /mcp with an API key as bearer token. */
async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: 'bizosaas-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  return client;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const content = result.content as { type: string; text?: string }[];
  return content.map((c) => c.text ?? '').join('');
}

describe('MCP server at /mcp (stateless Streamable HTTP)', () => {
  let t: TestApp;
  let mcpUrl = '';
  const clients: Client[] = [];
  const client = async (key: string) => {
    const c = await connect(mcpUrl, key);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp();
    mcpUrl = t.app.gatewayUrl.replace(/\/graphql$/, '/mcp');
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await t?.close();
  });

  it('lists the tenant tool catalogue with read-only and destructive hints from query vs mutation', async () => {
    const { tools } = await (await client(t.key('acme'))).listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('Contacts')?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get('CreateDeal')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.get('CreateDeal')?.inputSchema).toMatchObject({ type: 'object', required: ['input'] });
  });

  it('calls a tool as the key tenant: another tenant key sees its own data only', async () => {
    const emails = async (key: string) => {
      const result = await (await client(key)).callTool({ name: 'Contacts', arguments: { first: 50 } });
      expect(result.isError).toBeFalsy();
      const data = JSON.parse(textOf(result)) as { contacts: { nodes: { email: string }[] } };
      return new Set(data.contacts.nodes.map((n) => n.email));
    };
    const acme = await emails(t.key('acme'));
    const globex = await emails(t.key('globex'));
    expect(acme.size).toBeGreaterThan(0);
    expect(globex.size).toBeGreaterThan(0);
    expect([...acme].filter((email) => globex.has(email))).toEqual([]);
  });

  it('checks arguments against the variable types, naming the fields', async () => {
    const result = await (await client(t.key('acme'))).callTool({ name: 'CreateDeal', arguments: { input: { title: 5 } } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/input\.title/);
    expect(textOf(result)).toMatch(/input\.pipelineId is required/);
  });

  it('lists and runs mutations only for keys whose role may write', async () => {
    const created = await t.gql(t.key('acme'), 'mutation { createApiKey(name: "mcp viewer", roles: ["viewer"]) { key } }');
    const viewer = await client(created.data.createApiKey.key);
    const names = (await viewer.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('Contacts');
    expect(names).not.toContain('CreateDeal');
    const refused = await viewer.callTool({ name: 'CreateDeal', arguments: { input: { title: 'x', pipelineId: 'sales', stageId: 'lead' } } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/may not run it/);
  });

  it('refuses a request without a valid key with 401', async () => {
    const response = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(response.status).toBe(401);
    await expect(connect(mcpUrl, 'bzk_not_a_key')).rejects.toThrow();
  });
});
