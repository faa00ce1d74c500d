import { addMoney, multiplyMoney, type Money } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { buildSandboxCrmSeed } from '../crm/sandbox-crm.seed.js';
import { buildSandboxCommerceSeed } from './sandbox-commerce.seed.js';

describe('buildSandboxCommerceSeed', () => {
  const acme = buildSandboxCommerceSeed('acme');
  const globex = buildSandboxCommerceSeed('globex');

  it('is deterministic', () => {
    expect(buildSandboxCommerceSeed('acme')).toEqual(acme);
  });

  it('gives the two profiles different shops: acme software in EUR, globex industrial parts in USD', () => {
    expect(acme.products.length).toBeGreaterThanOrEqual(10);
    expect(globex.products.length).toBeGreaterThanOrEqual(14);
    expect(new Set(acme.products.flatMap((p) => p.variants.map((v) => v.price.currency)))).toEqual(new Set(['EUR']));
    expect(new Set(globex.products.flatMap((p) => p.variants.map((v) => v.price.currency)))).toEqual(new Set(['USD']));
    expect(acme.products.map((p) => p.title)).toContain('Platform licence');
    expect(globex.products.map((p) => p.title)).toContain('Hydraulic cylinder');
    for (const p of [...acme.products, ...globex.products]) expect(p.variants.length).toBeGreaterThanOrEqual(1);
    for (const p of [...acme.products, ...globex.products]) expect(p.variants.length).toBeLessThanOrEqual(3);
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: customers are the CRM contacts (about 60%%) plus a few walk-ins, with 1-4 orders each', (profile, data) => {
    const crmEmails = new Set(buildSandboxCrmSeed(profile).contacts.map((c) => c.email));
    const fromCrm = data.customers.filter((c) => crmEmails.has(c.email));
    expect(fromCrm.length / crmEmails.size).toBeGreaterThan(0.45);
    expect(fromCrm.length / crmEmails.size).toBeLessThan(0.75);
    const walkIns = data.customers.filter((c) => !crmEmails.has(c.email));
    expect(walkIns.length).toBeGreaterThanOrEqual(3);
    for (const c of data.customers) expect(c.email).toMatch(/@[a-z0-9-]+\.example$/);
    expect(new Set(data.customers.map((c) => c.email)).size).toBe(data.customers.length);
    for (const customer of data.customers) {
      const orders = data.orders.filter((o) => o.customerId === customer.id);
      expect(orders.length).toBeGreaterThanOrEqual(1);
      expect(orders.length).toBeLessThanOrEqual(4);
      expect(orders.every((o) => o.email === customer.email)).toBe(true);
    }
  });

  it.each([['acme', acme] as const, ['globex', globex] as const])('%s: order totals add up exactly, numbers run #1001.. in time order, items reference real variants', (_, data) => {
    const variants = new Map(data.products.flatMap((p) => p.variants.map((v) => [v.id, { product: p, variant: v }] as const)));
    data.orders.forEach((order, i) => {
      expect(order.number).toBe(`#${1001 + i}`);
      if (i > 0) expect(order.createdAt.getTime()).toBeGreaterThanOrEqual(data.orders[i - 1]?.createdAt.getTime() ?? 0);
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      let sum: Money = { amount: '0.00', currency: order.total.currency };
      for (const item of order.items) {
        const found = variants.get(item.variantId);
        expect(found?.product.id).toBe(item.productId);
        expect(found?.product.status).toBe('active');
        expect(item.unitPrice).toEqual(found?.variant.price);
        expect(item.total).toEqual(multiplyMoney(item.unitPrice, item.quantity));
        sum = addMoney(sum, item.total);
      }
      expect(order.subtotal).toEqual(sum);
      expect(order.total).toEqual(sum);
      expect(order.updatedAt.getTime()).toBeGreaterThanOrEqual(order.createdAt.getTime());
    });
    expect(new Set(data.orders.map((o) => o.financialStatus))).toContain('paid');
    expect(new Set(data.orders.map((o) => o.fulfillmentStatus)).size).toBeGreaterThanOrEqual(2);
    const skus = data.products.flatMap((p) => p.variants.map((v) => v.sku));
    expect(new Set(skus).size).toBe(skus.length);
    // Some variants are sold out, so stock badges are not all the same.
    expect(data.products.some((p) => p.variants.some((v) => v.inventory === 0))).toBe(true);
  });
});
