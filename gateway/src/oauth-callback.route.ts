import type { KitLogger } from '@bizosaas/subgraph-kit/logger';
import type { Express } from 'express';
import { requestIdFrom } from './request-id.js';

/** The query of a provider's redirect; only single string values are passed on. */
export interface OAuthCallbackQuery {
  state?: string;
  code?: string;
  error?: string;
}

/**
 * Completes an OAuth connect flow from the provider's redirect. Answers what the browser page says: a
 * title and one sentence, shown as text (never HTML), holding no token, code or secret.
 */
export type OAuthCallbackHandler = (query: OAuthCallbackQuery) => Promise<{ ok: boolean; title: string; message: string }>;

/** `GET /oauth/callback?state&code` (or `&error`): hands the redirect to the platform, answers a small page. */
export function mountOAuthCallback(app: Express, complete: OAuthCallbackHandler, logger: KitLogger): void {
  app.get('/oauth/callback', async (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    // The URL carries the authorization code: nothing cached, no Referer to anything the page could load.
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('x-content-type-options', 'nosniff');
    const query: OAuthCallbackQuery = {};
    for (const name of ['state', 'code', 'error'] as const) {
      const value = req.query[name];
      if (typeof value === 'string') query[name] = value;
    }
    try {
      const outcome = await complete(query);
      res.status(outcome.ok ? 200 : 400).type('html').send(renderPage(outcome.title, outcome.message));
    } catch (error) {
      // The message only: an error object could carry the request (and its code) along.
      logger.error({ requestId, err: { message: error instanceof Error ? error.message : String(error) } }, 'oauth callback failed');
      res.status(500).type('html').send(renderPage('Connection failed', `Internal error. Quote request id ${requestId} when reporting it, and start connecting again.`));
    }
  });
}

/** A minimal standalone page; both texts are escaped. */
export function renderPage(title: string, message: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="font-family: sans-serif; margin: 3rem"><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`;
}
