import { describe, expect, it } from 'vitest';
import { checkShopifyTriggeredAt, SHOPIFY_WEBHOOK_MAX_AGE_SECONDS } from './shopify.webhook-freshness.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const DAY = SHOPIFY_WEBHOOK_MAX_AGE_SECONDS;

describe('checkShopifyTriggeredAt', () => {
  it('accepts a trigger time within the tolerance, with Shopify\'s nanoseconds or an offset', () => {
    expect(checkShopifyTriggeredAt('2026-12-06T11:59:58.123456789Z', NOW, DAY)).toEqual({ verdict: 'fresh', triggeredAt: new Date('2026-12-06T11:59:58.123Z') });
    expect(checkShopifyTriggeredAt('2026-12-06T13:00:00+01:00', NOW, DAY)).toEqual({ verdict: 'fresh', triggeredAt: new Date(NOW) });
    // Shopify's last retry comes about 4 hours after the trigger: well inside the default day.
    expect(checkShopifyTriggeredAt('2026-12-06T07:30:00Z', NOW, DAY)).toMatchObject({ verdict: 'fresh' });
    expect(checkShopifyTriggeredAt('2026-12-05T12:00:00Z', NOW, DAY)).toMatchObject({ verdict: 'fresh' });
  });

  it('refuses a trigger time older than the tolerance, which is configurable', () => {
    expect(checkShopifyTriggeredAt('2026-12-05T11:59:59Z', NOW, DAY)).toEqual({ verdict: 'stale', triggeredAt: new Date('2026-12-05T11:59:59Z') });
    expect(checkShopifyTriggeredAt('2026-12-06T11:00:00Z', NOW, 3600)).toMatchObject({ verdict: 'fresh' });
    expect(checkShopifyTriggeredAt('2026-12-06T10:59:59Z', NOW, 3600)).toMatchObject({ verdict: 'stale' });
  });

  it('refuses a trigger time more than five minutes ahead of our clock', () => {
    expect(checkShopifyTriggeredAt('2026-12-06T12:05:00Z', NOW, DAY)).toMatchObject({ verdict: 'fresh' });
    expect(checkShopifyTriggeredAt('2026-12-06T12:05:01Z', NOW, DAY)).toMatchObject({ verdict: 'future' });
  });

  it('tells a missing header from one that is not an ISO 8601 instant', () => {
    expect(checkShopifyTriggeredAt(undefined, NOW, DAY)).toEqual({ verdict: 'missing' });
    expect(checkShopifyTriggeredAt(' ', NOW, DAY)).toEqual({ verdict: 'missing' });
    for (const header of ['1765022400', 'Sun, 06 Dec 2026 12:00:00 GMT', '2026-12-06T12:00:00', '2026-12-06 12:00:00Z', '2026-13-45T99:00:00Z']) {
      expect(checkShopifyTriggeredAt(header, NOW, DAY), header).toEqual({ verdict: 'malformed' });
    }
  });
});
