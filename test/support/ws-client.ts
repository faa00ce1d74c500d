import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received {
  readonly data?: any;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** A graphql-ws client on the gateway, authenticated with `key` in connection_init. */
export function wsClient(httpUrl: string, key: string, onClosed?: (event: { code: number; reason: string }) => void): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
    // The tests assert on close events themselves; the default would print them to stderr.
    onNonLazyError: () => {},
    on: { closed: (event) => onClosed?.(event as { code: number; reason: string }) },
  });
}

/** Subscribes and collects every message; `ready` resolves once the server has acknowledged the connection. */
export function collect(client: Client, query: string, variables: Record<string, unknown> = {}): { received: Received[]; done: Promise<void>; stop(): void } {
  const received: Received[] = [];
  let stop = () => {};
  const done = new Promise<void>((resolve, reject) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (value) => received.push(value as Received),
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(),
      },
    );
  });
  done.catch(() => {});
  return { received, done, stop: () => stop() };
}
