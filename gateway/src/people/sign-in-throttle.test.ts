import { describe, expect, it } from 'vitest';
import type { AbuseStore } from '../abuse/abuse-store.js';
import { InMemoryAbuseStore } from '../abuse/in-memory-abuse-store.js';
import { SignInThrottle } from './sign-in-throttle.js';

const limits = { perAddress: 5, perAccount: 3, windowSeconds: 60, lockoutSeconds: 600 };

describe('SignInThrottle', () => {
  it('locks an account after its failures, for the lockout time, from every address', async () => {
    const throttle = new SignInThrottle(new InMemoryAbuseStore(), limits);
    for (let i = 0; i < 3; i += 1) {
      expect(await throttle.retryAfter(`10.0.0.${i}`, 'acme/ada@example.com')).toBe(0);
      await throttle.failed(`10.0.0.${i}`, 'acme/ada@example.com');
    }
    expect(await throttle.retryAfter('10.0.0.9', 'acme/ada@example.com')).toBe(600);
    expect(await throttle.retryAfter('10.0.0.9', 'ACME/Ada@Example.com ')).toBe(600);
    expect(await throttle.retryAfter('10.0.0.9', 'acme/grace@example.com')).toBe(0);
  });

  it('throttles an address over its budget whatever account it tries', async () => {
    const throttle = new SignInThrottle(new InMemoryAbuseStore(), limits);
    for (let i = 0; i < 5; i += 1) await throttle.failed('10.0.0.1', `acme/user${i}@example.com`);
    expect(await throttle.retryAfter('10.0.0.1', 'acme/someone@example.com')).toBe(60);
    expect(await throttle.retryAfter('10.0.0.1', null)).toBe(60);
    expect(await throttle.retryAfter('10.0.0.2', 'acme/someone@example.com')).toBe(0);
  });

  it('lets attempts through when its store is down', async () => {
    const down = () => Promise.reject(new Error('down'));
    const broken: AbuseStore = { hit: down, peek: down, take: down, claim: down, refresh: down, release: down };
    const throttle = new SignInThrottle(broken, limits);
    await throttle.failed('10.0.0.1', 'acme/ada@example.com');
    expect(await throttle.retryAfter('10.0.0.1', 'acme/ada@example.com')).toBe(0);
  });
});
