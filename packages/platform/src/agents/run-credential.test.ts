import { describe, expect, it } from 'vitest';
import { RunCredentials } from './run-credential.js';

const principal = { tenantId: 'ten_1', runId: 'run_1', roles: ['editor'], operations: ['Contacts', 'CreateDeal'] };

describe('RunCredentials', () => {
  it('verifies what it issued, with the tenant, roles and operations', () => {
    const credentials = new RunCredentials('a-signing-key-of-at-least-32-characters');
    const token = credentials.issue(principal);
    expect(token).toMatch(/^bzr_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(credentials.verify(token)).toEqual(principal);
  });

  it('refuses an expired, tampered, foreign or malformed credential', () => {
    let now = 1_000_000;
    const credentials = new RunCredentials('a-signing-key-of-at-least-32-characters', () => now);
    const token = credentials.issue(principal, 60);
    now += 61_000;
    expect(credentials.verify(token)).toBeNull();
    now = 1_000_000;
    const [payload = '', signature = ''] = token.slice(4).split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ops: ['DeleteContact'] })).toString('base64url');
    expect(credentials.verify(`bzr_${widened}.${signature}`)).toBeNull();
    expect(new RunCredentials('another-signing-key-of-32-characters!!').verify(token)).toBeNull();
    for (const bad of ['bzk_abc', 'bzr_', 'bzr_a.b.c', 'bzr_notbase64.sig']) expect(credentials.verify(bad)).toBeNull();
  });
});
