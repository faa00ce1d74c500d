import { createHash } from 'node:crypto';
import type { AbuseStore, WindowCount } from '../abuse/abuse-store.js';
import type { SignInLimits } from './accounts.port.js';

const NONE: WindowCount = { count: 0, resetMs: 0 };

/**
 * Throttles password and code guessing on the shared abuse counters (Redis with several gateways). An
 * account is counted by tenant and email whether or not it exists, so a lockout looks the same either
 * way; after `perAccount` failures in the window it is locked for `lockoutSeconds`. Addresses have their
 * own budget. A store outage skips the limits (the same choice as the API-key guard).
 */
export class SignInThrottle {
  constructor(
    private readonly store: AbuseStore,
    private readonly limits: SignInLimits,
  ) {}

  /** Seconds to wait before trying, 0 when the attempt may go ahead. */
  async retryAfter(address: string, account: string | null): Promise<number> {
    const [addressWindow, lock] = await Promise.all([
      this.safely(() => this.store.peek(`signin:addr:${address}`)),
      account === null ? NONE : this.safely(() => this.store.peek(`signin:lock:${accountKey(account)}`)),
    ]);
    if (lock.count > 0) return seconds(lock.resetMs);
    return addressWindow.count >= this.limits.perAddress ? seconds(addressWindow.resetMs) : 0;
  }

  /** Counts a failure; locks the account when it reaches its budget. */
  async failed(address: string, account: string | null): Promise<void> {
    const windowMs = this.limits.windowSeconds * 1000;
    await this.safely(() => this.store.hit(`signin:addr:${address}`, windowMs));
    if (account === null) return;
    const key = accountKey(account);
    const window = await this.safely(() => this.store.hit(`signin:acct:${key}`, windowMs));
    if (window.count >= this.limits.perAccount) await this.safely(() => this.store.hit(`signin:lock:${key}`, this.limits.lockoutSeconds * 1000));
  }

  private async safely(call: () => Promise<WindowCount>): Promise<WindowCount> {
    try {
      return await call();
    } catch {
      return NONE;
    }
  }
}

/** `tenant/email`, lower-cased, hashed: counter keys name no one. */
export function accountKey(account: string): string {
  return createHash('sha256').update(account.trim().toLowerCase()).digest('base64url').slice(0, 32);
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
