/**
 * `@bizosaas/sdk`: a typed client for the BizOSaaS GraphQL API, for AI agents and scripts. One function
 * per operation (packages/sdk/operations), typed from the gateway's API schema; no runtime dependencies.
 */
export { createBizOSaaSClient, type BizOSaaSClient, type BizOSaaSClientOptions, type BizOSaaSRequestOptions } from './client.js';
export { BizOSaaSError, type BizOSaaSErrorDetail } from './bizosaas.error.js';
export type * from './__generated__/sdk.js';
export { getSdk } from './__generated__/sdk.js';
