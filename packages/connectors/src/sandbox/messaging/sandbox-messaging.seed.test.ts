import { describe, expect, it } from 'vitest';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import { E164, toE164 } from './sandbox-messaging.mapping.js';
import { buildSandboxMessagingSeed } from './sandbox-messaging.seed.js';

describe('buildSandboxMessagingSeed', () => {
  const acme = buildSandboxMessagingSeed('acme');
  const globex = buildSandboxMessagingSeed('globex');

  it('is deterministic', () => {
    expect(buildSandboxMessagingSeed('acme')).toEqual(acme);
  });

  it('gives each profile its own sender number and twenty messages', () => {
    expect(acme.sender.phoneNumber).toBe('+447700900123');
    expect(globex.sender.phoneNumber).toBe('+13125550199');
    expect([acme.messages.length, globex.messages.length]).toEqual([20, 20]);
    expect(globex.messages.some((m) => acme.messages.some((a) => a.id === m.id || a.body === m.body))).toBe(false);
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: E.164 numbers of CRM contacts, inbound replies, time moving forward', (profile, data) => {
    const contactPhones = new Set(buildSandboxCrmSeed(profile).contacts.map((c) => toE164(c.phone)));
    for (const message of data.messages) {
      expect(message.from).toMatch(E164);
      expect(message.to).toMatch(E164);
      const counterpart = message.direction === 'outbound' ? message.to : message.from;
      expect(contactPhones.has(counterpart)).toBe(true);
      expect(message.direction === 'outbound' ? message.from : message.to).toBe(data.sender.phoneNumber);
      expect(message.status === 'received').toBe(message.direction === 'inbound');
      expect(message.errorMessage !== null).toBe(message.status === 'failed');
      expect(message.id).toMatch(/^SM[0-9a-f]{32}$/);
    }
    expect(data.messages.filter((m) => m.direction === 'inbound').length).toBeGreaterThanOrEqual(3);
    expect(new Set(data.messages.map((m) => m.id)).size).toBe(20);
    const times = data.messages.map((m) => m.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
