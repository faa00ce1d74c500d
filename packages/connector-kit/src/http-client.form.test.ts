import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { basicAuth } from './auth.js';
import { createHttpClient } from './http-client.js';
import type { ProviderProfile } from './provider-profile.js';
import { fakeFetch } from './test-support.js';

const profile: ProviderProfile = { id: 'formco', timeoutMs: 50, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, rateLimit: { capacity: 10, refillPerSecond: 10 } };

describe('createHttpClient form bodies', () => {
  it('sends a URLSearchParams body form-encoded with its media type, and a plain object as JSON', async () => {
    const http = fakeFetch([{ status: 200, body: {} }]);
    const client = createHttpClient({ profile, baseUrl: 'https://api.formco.example', connectionId: 'c1', auth: basicAuth('user', 'pass'), fetch: http.fetch });
    await client.request({ method: 'POST', path: '/Messages.json', body: new URLSearchParams({ To: '+15005550010', Body: 'Hi & bye ✓' }) }, z.object({}));
    await client.request({ method: 'POST', path: '/things', body: { To: 1 } }, z.object({}));
    expect(http.calls[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(http.calls[0]?.body).toBe('To=%2B15005550010&Body=Hi+%26+bye+%E2%9C%93');
    expect(http.calls[1]?.headers.get('content-type')).toBe('application/json');
    expect(http.calls[1]?.body).toBe('{"To":1}');
  });
});
