import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { PRODUCT_MAIN, PRODUCT_NODE_FLAGS } from '../node-flags.js';

/** The compiled entry every role runs: the same build as `npm start`. */
export const MAIN_JS = fileURLToPath(new URL(`../../${PRODUCT_MAIN}`, import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What to start: gateways on these ports, one process per group of subgraphs, and this many workers. */
export interface ClusterPlan {
  /** Shared by every process; must hold DATABASE_URL, REDIS_URL and DATA_DIR (for the shared secret-store key). */
  readonly env: Readonly<Record<string, string>>;
  readonly gatewayPorts: readonly number[];
  /** Each inner list is one subgraph process (SUBGRAPHS). */
  readonly subgraphGroups: readonly (readonly string[])[];
  /** Port of every subgraph by name (SUBGRAPH_PORTS of every process, so gateways find them). */
  readonly subgraphPorts: Readonly<Record<string, number>>;
  readonly workers: number;
  /** Called with each line a process prints, prefixed with its name. */
  readonly onLine?: (name: string, line: string) => void;
}

/** One running process of the cluster. */
export interface ClusterProcess {
  /** `gateway-1`, `subgraph-crm`, `worker-2`, ... */
  readonly name: string;
  readonly role: 'gateway' | 'subgraph' | 'worker';
  readonly child: ChildProcess;
  output(): string;
}

export interface RunningCluster {
  readonly processes: readonly ClusterProcess[];
  readonly gatewayUrls: readonly string[];
  /** Demo API keys by tenant slug, from the first gateway's banner (empty with DEMO_SEED=false). */
  readonly demoKeys: Readonly<Record<string, string>>;
  /** SIGTERM to every process still running, SIGKILL after 15 s; resolves when all exited. */
  stop(): Promise<void>;
}

/**
 * Starts every process of `plan` at once (migrations and the demo seed serialise themselves on PostgreSQL
 * advisory locks) and resolves when each has printed its start banner. Each process is its own process
 * group, so a Ctrl-C in the terminal reaches only the caller, which stops them in order.
 * @throws Error with the process's output when one exits or prints no banner within `timeoutMs`.
 */
export async function startCluster(plan: ClusterPlan, timeoutMs = 180_000): Promise<RunningCluster> {
  const { ROLE: _role, SUBGRAPHS: _subgraphs, ...shared } = plan.env;
  const base = { ...shared, SUBGRAPH_PORTS: JSON.stringify(plan.subgraphPorts) };
  const specs = [
    ...plan.gatewayPorts.map((port, i) => ({ name: `gateway-${i + 1}`, role: 'gateway' as const, env: { ...base, ROLE: 'gateway', GATEWAY_PORT: String(port) } })),
    ...plan.subgraphGroups.map((group) => ({ name: `subgraph-${group.join('+')}`, role: 'subgraph' as const, env: { ...base, ROLE: 'subgraph', SUBGRAPHS: group.join(',') } })),
    ...Array.from({ length: plan.workers }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const, env: { ...base, ROLE: 'worker' } })),
  ];
  const processes = specs.map((spec) => launch(spec.name, spec.role, spec.env, plan.onLine));
  const stop = () => stopAll(processes);
  try {
    await Promise.all(processes.map((p) => waitForBanner(p, timeoutMs)));
  } catch (error) {
    await stop();
    throw error;
  }
  const gateways = processes.filter((p) => p.role === 'gateway');
  const gatewayUrls = gateways.map((p) => /GraphQL \(explorer in a browser\): (\S+)/.exec(p.output())?.[1] ?? '');
  const demoKeys = Object.fromEntries([...(gateways[0]?.output() ?? '').matchAll(/^\s+(\S+)\s+(bzk_\S+)/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
  return { processes, gatewayUrls, demoKeys, stop };
}

function launch(name: string, role: ClusterProcess['role'], env: Record<string, string>, onLine: ClusterPlan['onLine']): ClusterProcess {
  const child = spawn(process.execPath, [...PRODUCT_NODE_FLAGS, MAIN_JS], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let partial = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine?.(name, line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { name, role, child, output: () => output };
}

async function waitForBanner(p: ClusterProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/BizOSaaS is running as ROLE=/.test(p.output())) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}) before starting:\n${p.output()}`);
    if (Date.now() > deadline) throw new Error(`${p.name} did not start within ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopAll(processes: readonly ClusterProcess[]): Promise<void> {
  await Promise.all(
    processes.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = once(child, 'exit');
      child.kill('SIGCONT'); // a stopped process cannot handle SIGTERM
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}
