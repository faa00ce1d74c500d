import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRouter, type RouteHandler } from './router.js';

/** Which handler a request reaches, by the name the handler records. */
function routeOf(listener: ReturnType<typeof createRouter>, method: string, url: string, seen: string[]): string | undefined {
  seen.length = 0;
  // The router reads only the method and the URL.
  listener({ method, url } as IncomingMessage, {} as ServerResponse);
  return seen[0];
}

describe('createRouter', () => {
  const seen: string[] = [];
  const named = (name: string): RouteHandler => () => void seen.push(name);
  const listener = createRouter(
    [
      { path: '/graphql', subpaths: true, handle: named('graphql') },
      { path: '/health', methods: ['GET', 'HEAD'], handle: named('health') },
    ],
    named('express'),
  );

  it('sends a path to its route, with or without a query, and /graphql/... to /graphql', () => {
    expect(routeOf(listener, 'POST', '/graphql', seen)).toBe('graphql');
    expect(routeOf(listener, 'GET', '/graphql?query=%7Bping%7D', seen)).toBe('graphql');
    expect(routeOf(listener, 'POST', '/graphql/', seen)).toBe('graphql');
    expect(routeOf(listener, 'HEAD', '/health', seen)).toBe('health');
  });

  it('hands everything else to the fallback: other paths, look-alike prefixes, other methods', () => {
    expect(routeOf(listener, 'GET', '/', seen)).toBe('express');
    expect(routeOf(listener, 'POST', '/graphqlx', seen)).toBe('express');
    expect(routeOf(listener, 'GET', '/health/x', seen)).toBe('express');
    expect(routeOf(listener, 'POST', '/health', seen)).toBe('express');
    expect(routeOf(listener, 'GET', '/auth/session', seen)).toBe('express');
  });
});
