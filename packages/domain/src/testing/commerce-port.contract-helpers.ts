import { expect } from 'vitest';
import type { Product, ProductVariant } from '../commerce/commerce.entities.js';
import type { CommercePort } from '../commerce/commerce.port.js';
import { ValidationError } from '../shared/errors.js';
import { walkPages } from './crm-port.contract-helpers.js';

/** What every commerce contract case gets: the port under test and a nonce that keeps its data apart. */
export interface CommercePortContractEnv {
  readonly port: CommercePort;
  /** A port over the same shop but another connection, when the setup can build one. */
  readonly otherPort?: CommercePort;
  /** Unique per suite run; cases put it in order emails so they never collide with existing data. */
  readonly nonce: string;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One case of the commerce contract. */
export interface CommercePortContractCase {
  readonly name: string;
  run(env: CommercePortContractEnv): Promise<void>;
}

/** A unique buyer email for a case; `label` may carry upper-case letters to test case-insensitivity. */
export function buyerEmail(env: CommercePortContractEnv, label: string): string {
  return `contract-${env.nonce}-${label}@contract-test.example`;
}

/** A variant of an active product whose stock is tracked, with its product. */
export interface StockedVariant {
  readonly product: Product;
  readonly variant: ProductVariant;
}

/**
 * `count` distinct stock-tracked variants of active products, all priced in one currency. The port cannot
 * create products, so the setup must seed them; cases then set the levels they need with `updateInventory`.
 */
export async function stockedVariants(port: CommercePort, count: number): Promise<StockedVariant[]> {
  const products = await walkPages(50, (request) => port.listProducts(request));
  const candidates = products
    .filter((product) => product.status === 'active')
    .flatMap((product) => product.variants.filter((variant) => variant.inventory !== null).map((variant) => ({ product, variant })));
  const currency = candidates[0]?.variant.price.currency;
  const found = candidates.filter((candidate) => candidate.variant.price.currency === currency).slice(0, count);
  if (found.length < count) {
    throw new Error(`the commerce contract needs ${count} stock-tracked variants of active products in one currency; the setup must seed them`);
  }
  return found;
}

/** Sets a variant's stock through the port and answers the level the port reports. */
export async function setStock(port: CommercePort, variantId: string, level: number): Promise<void> {
  const product = await port.updateInventory(variantId, { set: level });
  expect(product.variants.find((v) => v.id === variantId)?.inventory).toBe(level);
}

/** The current stock of a variant, read back through `getProducts`. */
export async function stockOf(port: CommercePort, item: StockedVariant): Promise<number | null | undefined> {
  const [product] = await port.getProducts([item.product.id]);
  return product?.variants.find((v) => v.id === item.variant.id)?.inventory;
}

/** Asserts `promise` rejects with a `ValidationError` naming every field in `fields`; answers the error. */
export async function expectValidationError(promise: Promise<unknown>, fields: readonly string[]): Promise<ValidationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ValidationError);
  if (!(error instanceof ValidationError)) throw new Error('unreachable');
  expect(error.kind).toBe('invalid_input');
  const named = error.violations.map((v) => v.field);
  for (const field of fields) expect(named).toContain(field);
  return error;
}
