import type { KitLogger } from './kit-logger.js';

/**
 * Test doubles for the kit's seams (fetch, clock, sleep, logger), exported so connector tests use the
 * same ones. Not used by production code.
 */

export type FakeReply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error' | 'hang';

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
}

/** A fetch answering from a queue of replies (the last one repeats); records every call. */
export function fakeFetch(replies: FakeReply[]): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const queue = [...replies];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : undefined });
    const reply = queue.length > 1 ? queue.shift() : queue[0];
    if (reply === undefined) throw new Error('fakeFetch: no reply queued');
    if (reply === 'network-error') throw new TypeError('fetch failed');
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(reply.status === 204 ? null : text, { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });
  };
  return { fetch: impl as typeof fetch, calls };
}

/** A clock that only moves when `sleep` is called; `sleeps` records every wait. */
export function fakeClock(start = Date.parse('2025-01-01T00:00:00Z')): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[]; advance(ms: number): void } {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
    advance(ms) {
      time += ms;
    },
  };
}

/** A logger that keeps every line as JSON text, for "no token in any log line" checks. */
export function capturingLogger(): { logger: KitLogger; lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (object: Record<string, unknown>, message: string) => {
    lines.push(JSON.stringify({ level, ...object, msg: message }));
  };
  return { logger: { info: write('info'), warn: write('warn'), error: write('error') }, lines };
}
