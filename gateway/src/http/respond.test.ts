import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyError } from './json-body.js';
import { answerFailure } from './respond.js';

const logged: unknown[] = [];
const logger = { info: () => undefined, warn: (object: unknown) => void logged.push(object), error: (object: unknown) => void logged.push(object) };

function outage(): Error {
  const error = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
  error.name = 'ServiceUnavailableError';
  return error;
}

/** The failure a route threw, as the client sees it. */
describe('answerFailure', () => {
  let server: Server;
  let base: string;
  const failures: Record<string, () => unknown> = {
    '/too-large': () => new BodyError('entity.too.large'),
    '/outage': outage,
    '/bug': () => new Error('secret=hunter2 at /work/x.ts:1'),
  };
  beforeAll(async () => {
    server = createServer((req, res) => answerFailure(req, res, failures[req.url ?? '']?.(), 'req-12345678', logger));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a refused body with its status and code, an outage with 503 and Retry-After, a bug with 500', async () => {
    const tooLarge = await fetch(`${base}/too-large`);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ errors: [{ message: 'The request body is larger than the 1 MB limit.', extensions: { code: 'PAYLOAD_TOO_LARGE', requestId: 'req-12345678' } }] });

    const down = await fetch(`${base}/outage`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    const downBody = await down.text();
    expect(JSON.parse(downBody)).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 } }] });

    const bug = await fetch(`${base}/bug`);
    expect(bug.status).toBe(500);
    expect(bug.headers.get('content-type')).toMatch(/^application\/json/);
    const bugBody = await bug.text();
    expect(bugBody).toContain('req-12345678');
    // Neither the answers nor the log lines carry the error's message.
    expect(`${downBody}${bugBody}${JSON.stringify(logged)}`).not.toMatch(/hunter2|ECONNREFUSED|\/work\//);
  });
});
