import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiEmulator } from '../../packages/connectors/test/emulators/openai/openai-emulator.js';
import { spawnCompiled, type CompiledProcess } from '../support/compiled-start.js';
import { freePort } from '../support/npm-start.js';
import { buildProduct, productEnvironment, type ProductEnvironment } from '../support/product-process.js';
import { postGraphQL, TEST_REDIS_URL } from '../support/test-app.js';

const CONNECT_LLM = 'mutation($settings: JSON!, $credentials: JSON!) { connect(port: LLM, provider: "openai", settings: $settings, credentials: $credentials) { id } }';
const CREATE_AGENT = 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }';
const START = 'mutation($agentId: ID!, $input: String!) { startAgentRun(agentId: $agentId, input: $input) { id status } }';
const RUN = 'query($id: ID!) { agentRun(id: $id) { status output error pendingApproval { actionId tool arguments argsHash } usage { modelCalls } steps { index kind tool detail } } }';
const APPROVE = 'mutation($runId: ID!, $actionId: ID!, $argsHash: String) { approveAgentAction(runId: $runId, actionId: $actionId, argsHash: $argsHash) { id } }';
const DEALS = '{ deals(first: 100) { nodes { id title } } }';
const ROLES = ['subgraph', 'gateway', 'worker'] as const;

type Role = (typeof ROLES)[number];
type Step = { index: number; kind: string; tool: string | null; detail: any };

/**
 * Issue 15, "runs execute durably": the product as separate processes (one per role, PostgreSQL and Redis
 * shared), the model behind the OpenAI emulator in this process. Runs are started by the agents subgraph
 * through a DBOS client and executed by the worker; every process is killed with SIGKILL and started again
 * while a run waits for an approval or is in the middle of a model call.
 */
describe('agent runs survive restarts (ROLE=subgraph, gateway, worker as child processes, DBOS)', () => {
  let emulator: OpenAiEmulator;
  let environment: ProductEnvironment;
  const processes = new Map<Role, CompiledProcess>();
  let gatewayUrl = '';
  let key = '';

  /** Starts one role and waits for its banner (the gateway's carries the demo keys). */
  const startRole = async (role: Role): Promise<void> => {
    const started = spawnCompiled({ ...environment.env, ROLE: role });
    processes.set(role, started);
    const deadline = Date.now() + 90_000;
    const ready = role === 'gateway' ? /Demo API keys[\s\S]*globex\s+\S+/ : /BizOSaaS is running as ROLE=/;
    while (!ready.test(started.output())) {
      if (started.child.exitCode !== null) throw new Error(`ROLE=${role} exited with ${started.child.exitCode}:\n${started.output()}`);
      if (Date.now() > deadline) throw new Error(`ROLE=${role} printed no banner in time:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (role === 'gateway') {
      gatewayUrl = /GraphQL \(explorer in a browser\): (\S+)/.exec(started.output())?.[1] ?? '';
      key = /^\s+acme\s+(bzk_\S+)/m.exec(started.output())?.[1] ?? key;
    }
  };
  const startAll = async () => {
    for (const role of ROLES) await startRole(role);
  };
  const kill = async (role: Role, signal: NodeJS.Signals = 'SIGKILL') => {
    const running = processes.get(role);
    processes.delete(role);
    if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
    running.child.kill(signal);
    await running.exited;
  };
  const killAll = async () => {
    for (const role of ROLES) await kill(role);
  };

  const gql = async (query: string, variables?: Record<string, unknown>) => postGraphQL<any>(gatewayUrl, key, query, variables);
  const run = async (id: string) => (await gql(RUN, { id })).data?.agentRun;
  const waitFor = async (id: string, status: string, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await run(id).catch(() => undefined);
      if (current?.status === status) return current;
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(current?.status)) throw new Error(`run ended ${current.status}: ${current.error}`);
      if (Date.now() > deadline) throw new Error(`run ${id} is ${current?.status}, not ${status}, after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const dealsTitled = async (title: string) => ((await gql(DEALS)).data?.deals.nodes ?? []).filter((d: { title: string }) => d.title === title);
  const kinds = (steps: Step[]) => steps.map((s) => `${s.kind}:${s.tool ?? ''}`);

  beforeAll(async () => {
    buildProduct();
    emulator = await OpenAiEmulator.start();
    // A free port per subgraph (SUBGRAPH_BASE_PORT alone needs six free ports in a row).
    const ports: Record<string, number> = {};
    for (const name of ['crm', 'content', 'analytics', 'commerce', 'agents', 'platform']) ports[name] = await freePort();
    const env = { CONNECTORS_ALLOW_LOOPBACK: 'true', LOG_LEVEL: 'info', SUBGRAPH_PORTS: JSON.stringify(ports) };
    environment = await productEnvironment({ postgres: true, redisUrl: TEST_REDIS_URL, env });
    await startAll();
    const connected = await gql(CONNECT_LLM, { settings: { baseUrl: emulator.baseUrl, model: 'gpt-4o-mini' }, credentials: { apiKey: emulator.apiKey } });
    expect(connected.errors).toBeUndefined();
  }, 300_000);
  afterAll(async () => {
    for (const role of [...ROLES].reverse()) await kill(role, 'SIGTERM');
    await environment?.cleanUp();
    await emulator?.close();
  });

  it('the lead qualifier waits for approval of CreateDeal across a SIGKILL of every process, then completes with exactly one deal', async () => {
    const title = `Durable deal ${Date.now().toString(36)}`;
    const dealInput = { title, pipelineId: 'sales', stageId: 'lead', amount: { amount: '900.00', currency: 'EUR' } };
    emulator.script(
      { toolCalls: [{ name: 'Contacts', arguments: { first: 3 } }] },
      { toolCalls: [{ name: 'CreateDeal', arguments: { input: dealInput } }] },
      (request) => ({ content: `Done. ${request.messages.at(-1)?.content?.includes(title) ? 'Deal created.' : 'No deal.'}` }),
    );
    const agents = await gql('{ agents(first: 20) { nodes { id key } } }');
    const qualifier = agents.data.agents.nodes.find((a: { key: string }) => a.key === 'lead-qualifier');
    const started = await gql(START, { agentId: qualifier.id, input: 'Qualify the newest contacts' });
    expect(started.errors).toBeUndefined();
    expect(started.data.startAgentRun.status).toBe('QUEUED');
    const runId: string = started.data.startAgentRun.id;
    const waiting = await waitFor(runId, 'WAITING_FOR_APPROVAL');
    expect(waiting.pendingApproval).toMatchObject({ tool: 'CreateDeal', arguments: { input: dealInput } });
    expect(emulator.requests).toHaveLength(2);

    await killAll();
    await startAll();
    // The restarted worker resumed the run into its wait: nothing ran again, it still waits on the same action.
    const resumed = await waitFor(runId, 'WAITING_FOR_APPROVAL');
    expect(resumed.pendingApproval).toEqual(waiting.pendingApproval);
    expect(await dealsTitled(title)).toHaveLength(0);

    const approved = await gql(APPROVE, { runId, actionId: waiting.pendingApproval.actionId, argsHash: waiting.pendingApproval.argsHash });
    expect(approved.errors).toBeUndefined();
    const done = await waitFor(runId, 'SUCCEEDED');
    expect(done.output).toBe('Done. Deal created.');
    expect(await dealsTitled(title)).toHaveLength(1);
    // Every step once, in order: the replay after the restart recorded nothing twice and called no model twice.
    expect(kinds(done.steps)).toEqual([
      'PLAN:', 'MESSAGE:', 'TOOL_CALL:Contacts', 'TOOL_RESULT:Contacts', 'MESSAGE:', 'TOOL_CALL:CreateDeal', 'TOOL_CALL:CreateDeal', 'PLAN:CreateDeal', 'TOOL_RESULT:CreateDeal', 'MESSAGE:',
    ]);
    expect(done.steps.map((s: Step) => s.index)).toEqual([...done.steps.keys()]);
    expect(done.steps[7].detail).toMatchObject({ approval: 'approved' });
    expect(done.steps[8].detail.data.createDeal.id).toBe((await dealsTitled(title))[0].id);
    expect(emulator.requests).toHaveLength(3);
    expect(done.usage.modelCalls).toBe(3);
  }, 400_000);

  it('a run killed in the middle of a model call resumes there, without repeating the tool call it committed', async () => {
    const title = `Unrepeated deal ${Date.now().toString(36)}`;
    const created = await gql(CREATE_AGENT, {
      input: { key: `maker-${Date.now().toString(36)}`, name: 'Maker', role: 'SDR', goal: 'Create deals', instructions: 'Create the deal you are asked for.', tools: ['CreateDeal'] },
    });
    expect(created.errors).toBeUndefined();
    const before = emulator.requests.length;
    emulator.script(
      () => {
        // The model call after the deal is made hangs, so the processes die while the run is in it.
        emulator.inject({ hang: true });
        return { toolCalls: [{ name: 'CreateDeal', arguments: { input: { title, pipelineId: 'sales', stageId: 'lead' } } }] };
      },
      { content: 'Created the deal.' },
    );
    const started = await gql(START, { agentId: created.data.createAgent.id, input: `Create the deal "${title}"` });
    const runId: string = started.data.startAgentRun.id;
    const deadline = Date.now() + 90_000;
    while (emulator.requests.length < before + 2) {
      if (Date.now() > deadline) throw new Error(`the run made ${emulator.requests.length - before} model calls, not 2`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await dealsTitled(title)).toHaveLength(1);
    const mid = await run(runId);
    expect(mid.status).toBe('RUNNING');

    await killAll();
    await startAll();
    const done = await waitFor(runId, 'SUCCEEDED');
    expect(done.output).toBe('Created the deal.');
    expect(await dealsTitled(title)).toHaveLength(1);
    expect(kinds(done.steps)).toEqual(['PLAN:', 'MESSAGE:', 'TOOL_CALL:CreateDeal', 'TOOL_RESULT:CreateDeal', 'MESSAGE:']);
    // The hung call and its repeat by the resumed run; the first call was replayed from its checkpoint.
    expect(emulator.requests.length - before).toBe(3);
  }, 400_000);

  it('keeps DBOS start-up chatter off stdout', () => {
    for (const [role, running] of processes) {
      expect(running.output(), role).not.toMatch(/Running DBOS system database migrations|DeprecationWarning/);
    }
  });
});
