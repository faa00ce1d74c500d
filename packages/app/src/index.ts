export { startApp, SUPERGRAPH_PATH, type RunningApp, type StartAppOptions } from './app.js';
export { seedDemo, DEMO_TENANTS, type DemoTenant } from './demo-seed.js';
export { SUBGRAPHS } from './subgraphs.js';
