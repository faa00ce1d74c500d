import { request } from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

/**
 * POSTs a GraphQL query from a chosen loopback address (127.0.0.x), so one test can act as several
 * clients. Parses the JSON body whatever the status.
 */
export function postFrom(url: string, from: string, key: string | null, query = '{ __typename }'): Promise<RawResponse> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(key ? { authorization: `Bearer ${key}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
          } catch {
            reject(new Error(`not JSON (HTTP ${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A bare graphql-transport-ws socket, so a test controls when connection_init is sent. */
export async function openSocket(httpUrl: string, from = '127.0.0.1'): Promise<WebSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { localAddress: from });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with the close code and reason the server sent. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** The HTTP status and headers of a refused WebSocket upgrade. */
export function refusedUpgrade(httpUrl: string, from: string): Promise<{ status: number; retryAfter: string | undefined }> {
  const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { localAddress: from });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => {});
  });
}
