export { startApp, SUPERGRAPH_PATH, type RunningApp, type StartAppOptions } from './app.js';
export { startRole, type RunningRole } from './role.js';
export { WORKER_DUTIES, type WorkerDuty, type RunningDuty } from './worker-duties.js';
export { subgraphUrls, subgraphPort } from './subgraph-addresses.js';
export { seedDemo, DEMO_TENANTS, type DemoTenant } from './demo-seed.js';
export { SUBGRAPHS } from './subgraphs.js';
