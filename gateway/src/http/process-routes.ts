import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { Route } from './router.js';
import { answerFailure, sendJson } from './respond.js';
import { requestIdFrom } from '../request-id.js';

export type Readiness = () => Promise<{ readonly ready: boolean; readonly checks: Readonly<Record<string, string>> }>;

const READ = ['GET', 'HEAD'];

/**
 * The process's own endpoints: GET /health (liveness, answered from the event loop alone, so it stays fast
 * whatever a dependency does), GET /ready (200 when every dependency answers, else 503 naming the failing
 * ones) and, when given, GET /metrics (Prometheus text).
 */
export function processRoutes(options: { readiness?: Readiness; metrics?: () => string; logger: KitLogger }): Route[] {
  const { readiness, metrics, logger } = options;
  const routes: Route[] = [
    { path: '/health', methods: READ, handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      path: '/ready',
      methods: READ,
      handle: (req, res) => {
        const check = readiness ? readiness() : Promise.resolve({ ready: true, checks: {} });
        check.then(
          (report) => {
            const failing = Object.entries(report.checks).filter(([, state]) => state !== 'up').map(([name]) => name);
            const body = { status: report.ready ? 'ready' : 'unavailable', ...(failing.length > 0 ? { failing } : {}), checks: report.checks };
            sendJson(res, report.ready ? 200 : 503, body, [['cache-control', 'no-store']]);
          },
          (error: unknown) => answerFailure(req, res, error, requestIdFrom(req.headers['x-request-id']), logger),
        );
      },
    },
  ];
  if (metrics) {
    routes.push({
      path: '/metrics',
      methods: READ,
      handle: (req, res) => {
        try {
          const text = metrics();
          res.statusCode = 200;
          res.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
          res.setHeader('content-length', Buffer.byteLength(text));
          res.end(text);
        } catch (error) {
          answerFailure(req, res, error, requestIdFrom(req.headers['x-request-id']), logger);
        }
      },
    });
  }
  return routes;
}
