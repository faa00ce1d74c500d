import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { parentPort, workerData } from 'node:worker_threads';

/*
 * The query planner's own thread. It holds a QueryPlanner over the same supergraph as the gateway, built
 * the way ApolloGateway builds its own, and answers one request at a time: { id, query, operationName }
 * in, { id, plan } or { id, error } out. A plan that runs too long is not interrupted here: the parent
 * terminates this thread and starts another, so the gateway's event loop never waits on planning.
 */

const port = parentPort;
if (!port) throw new Error('plan.worker.ts runs only as a worker thread');
const sdl: unknown = typeof workerData === 'object' && workerData !== null && 'supergraphSdl' in workerData ? workerData.supergraphSdl : undefined;
if (typeof sdl !== 'string') throw new Error('plan.worker.ts needs workerData.supergraphSdl');

const supergraph = Supergraph.build(sdl);
const apiSchema = supergraph.apiSchema();
const planner = new QueryPlanner(supergraph);

port.on('message', (message: unknown) => {
  if (typeof message !== 'object' || message === null || !('id' in message) || !('query' in message)) return;
  const { id, query } = message;
  if (typeof id !== 'number' || typeof query !== 'string') return;
  const operationName = 'operationName' in message && typeof message.operationName === 'string' ? message.operationName : undefined;
  try {
    const operation = operationFromDocument(apiSchema, parse(query), { operationName });
    port.postMessage({ id, plan: planner.buildQueryPlan(operation) });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });
