import { PlanWorker } from '@bizosaas/gateway/plan-worker';
import type { Config, Logger } from '@bizosaas/platform/boot';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The committed, composed supergraph (`npm run compose`). */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../../supergraph.graphql', import.meta.url));

/**
 * Launches the gateway's query planner thread over the committed supergraph, for the roles that run a
 * gateway (undefined for the others). `main.ts` calls it before the product's modules load: building the
 * planner (~0.9 s of CPU) then runs on another core beside them, instead of after them while the gateway
 * waits for it. The gateway takes the worker over (`StartAppOptions.planner`) and closes it.
 */
export function launchPlanner(config: Config, logger: Logger): PlanWorker | undefined {
  if (config.role !== 'all' && config.role !== 'gateway') return undefined;
  return PlanWorker.launch({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), budgetMs: config.graphql.limits.planningBudgetMs, logger });
}
