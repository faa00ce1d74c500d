import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactText } from './logger.js';

/** A pino destination that keeps every line so tests can read what would have been written. */
function captureStream(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((l) => l !== '') };
}

function logOnce(entry: Record<string, unknown>): { raw: string; parsed: unknown } {
  const { stream, lines } = captureStream();
  createLogger({ level: 'info', name: 'test', destination: stream }).info(entry, 'hello');
  const [raw] = lines();
  if (raw === undefined) throw new Error('nothing was logged');
  return { raw, parsed: JSON.parse(raw) };
}

describe('createLogger', () => {
  it('redacts HTTP credential headers in both spellings', () => {
    const { raw, parsed } = logOnce({
      req: {
        headers: {
          authorization: 'Bearer sk-live-header-aaaaaa',
          cookie: 'session=cookie-value-bbbbbb',
          'x-api-key': 'apikey-header-cccccc',
          'user-agent': 'curl/8',
        },
      },
      headers: { Authorization: 'Basic dXNlcjpwYXNzLWRkZGRkZA==', 'set-cookie': 'sid=eeeeee-cookie' },
    });
    for (const secret of ['sk-live-header-aaaaaa', 'cookie-value-bbbbbb', 'apikey-header-cccccc', 'dXNlcjpwYXNzLWRkZGRkZA==', 'eeeeee-cookie']) {
      expect(raw).not.toContain(secret);
    }
    expect(parsed).toMatchObject({
      req: { headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, 'user-agent': 'curl/8' } },
      headers: { Authorization: REDACTED, 'set-cookie': REDACTED },
    });
  });

  it.each([
    'password',
    'token',
    'secret',
    'apiKey',
    'api_key',
    'credentials',
    'refresh_token',
    'access_token',
    'clientSecret',
  ])('redacts %s at depths 1, 2 and 3', (key) => {
    const value = `value-of-${key}-123456`;
    const { raw, parsed } = logOnce({ [key]: value, conn: { [key]: value, deeper: { [key]: value } } });
    expect(raw).not.toContain(value);
    expect(parsed).toMatchObject({ [key]: REDACTED, conn: { [key]: REDACTED, deeper: { [key]: REDACTED } } });
  });

  it('redacts a whole credentials object, not only string fields', () => {
    const { raw } = logOnce({ connection: { credentials: { clientId: 'cid', clientSecret: 'nested-secret-999999' } } });
    expect(raw).not.toContain('nested-secret-999999');
  });

  it('leaves ordinary fields and the message intact', () => {
    const { parsed } = logOnce({ tenantId: 't-1', provider: 'hubspot' });
    expect(parsed).toMatchObject({ tenantId: 't-1', provider: 'hubspot', msg: 'hello', name: 'test' });
  });

  it('honours the level', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ level: 'warn', destination: stream });
    logger.info('dropped');
    logger.warn('kept');
    const logged: unknown[] = lines().map((l) => JSON.parse(l));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'kept', level: 40 });
  });
});

describe('redactText', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactText('token=abcdef123 again abcdef123, key=zyxwvu', ['abcdef123', 'zyxwvu'])).toBe(
      `token=${REDACTED} again ${REDACTED}, key=${REDACTED}`,
    );
  });

  it('ignores secrets shorter than 6 characters', () => {
    expect(redactText('admin logged in as admin', ['admin'])).toBe('admin logged in as admin');
  });

  it('replaces a secret that contains another one whole', () => {
    expect(redactText('x=secret-long-value', ['secret', 'secret-long-value'])).toBe(`x=${REDACTED}`);
  });

  it('treats secrets literally, not as patterns', () => {
    expect(redactText('a.b.c.d.e.f and aXbXcXdXeXf', ['a.b.c.d.e.f'])).toBe(`${REDACTED} and aXbXcXdXeXf`);
  });
});
