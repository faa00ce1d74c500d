import type { ContextClaims } from './context-token.js';

/** Every subgraph context carries the verified identity from the gateway's signed header. */
export interface BaseContext {
  readonly identity: ContextClaims;
}
