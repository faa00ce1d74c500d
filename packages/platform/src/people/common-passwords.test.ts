import { describe, expect, it } from 'vitest';
import { passwordProblem } from './common-passwords.js';

describe('passwordProblem', () => {
  it('refuses short, common, repeated and email-containing passwords', () => {
    expect(passwordProblem('short')).toBe('must be at least 10 characters');
    expect(passwordProblem('Password123')).toContain('most common passwords');
    expect(passwordProblem('aaaaaaaaaaaa')).toContain('repeats');
    expect(passwordProblem('grace-hopper-2026!', { email: 'grace@example.com' })).toBe('must not contain your email address');
    expect(passwordProblem('x'.repeat(257))).toBe('must be at most 256 characters');
  });

  it('accepts a long uncommon passphrase', () => {
    expect(passwordProblem('correct horse battery staple', { email: 'ada@example.com' })).toBeNull();
  });
});
