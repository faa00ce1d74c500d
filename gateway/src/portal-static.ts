import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import express, { type Express, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the portal never answers: the API and the process's own endpoints keep their JSON errors. */
const RESERVED = /^\/(graphql|auth|health|ready|metrics|webhooks|oauth|mcp)(\/|$)/;

/**
 * The page's policy: everything from this origin (the socket to /graphql included), no inline script, no
 * framing. The portal is prebuilt, so nothing here needs `unsafe-*`.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

function pageHeaders(res: Response): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
}

/**
 * Serves the portal's prebuilt files (packages/portal/dist, made by `npm run build`) at `/`, same origin
 * as /graphql. Content-hashed assets are cached for a year; index.html, sw.js and the manifest are
 * revalidated on every load, so a new build reaches browsers at once. Any other GET that wants a page and
 * is not an API path gets index.html (the portal routes in the browser). Returns false, leaving `/` alone,
 * when the portal was not built.
 */
export function mountPortal(app: Express, dir: string, logger: KitLogger): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    logger.warn({ dir }, 'portal not built (run npm run build); / redirects to /graphql');
    return false;
  }
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      fallthrough: true,
      setHeaders: (res) => {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        res.setHeader('x-content-type-options', 'nosniff');
      },
    }),
  );
  app.use(
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', 'no-cache');
        res.setHeader('x-content-type-options', 'nosniff');
        // /index.html itself is what the service worker caches as the shell: same policy as the page.
        if (path.endsWith('index.html')) pageHeaders(res);
      },
    }),
  );
  app.use((req, res, next) => {
    // Only a browser navigation (Accept names text/html) gets the page; API clients (Accept */* or JSON)
    // keep the JSON 404 for unknown paths.
    const navigation = /\btext\/html\b/.test(req.headers.accept ?? '');
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && navigation && !RESERVED.test(req.path) && !/\.[a-z0-9]+$/i.test(req.path);
    if (!wantsPage) return next();
    pageHeaders(res);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index, (error) => {
      if (error) next(error);
    });
  });
  return true;
}
