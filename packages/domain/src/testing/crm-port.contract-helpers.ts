import { expect } from 'vitest';
import type { CrmPort } from '../crm/crm.port.js';
import { EntityIds } from '../shared/entity.js';
import { ConnectorError, NotFoundError } from '../shared/errors.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Pipeline, PipelineStage } from '../crm/crm.entities.js';

/** What every contract case gets: the port under test and a nonce that keeps its data apart from other runs. */
export interface CrmPortContractEnv {
  readonly port: CrmPort;
  /** A port over the same provider account but another connection, when the setup can build one. */
  readonly otherPort?: CrmPort;
  /** Unique per suite run; cases put it in emails and titles so they never collide with existing data. */
  readonly nonce: string;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** A unique, plausible email for the n-th contact a case creates. */
export function contractEmail(env: CrmPortContractEnv, label: string): string {
  return `contract-${env.nonce}-${label}@contract-test.example`;
}

/**
 * A well-formed id of the right kind and connection whose record does not exist. Numeric external ids
 * because HubSpot and Zoho only have numeric ids; the sandbox simply has no such record.
 */
export function unknownId(kind: string, connectionId: string): string {
  return new EntityIds(connectionId).encode(kind, `9${Date.now()}${Math.floor(Math.random() * 1e6)}`);
}

/** Not an id any adapter can mint: characters outside base64url. */
export const MALFORMED_ID = 'not an id!';

/** Walks a list with `first` until `hasNextPage` is false, checking page-level invariants on the way. */
export async function walkPages<T extends { readonly id: string }>(
  first: number,
  list: (request: PageRequest) => Promise<Page<T>>,
): Promise<T[]> {
  const seen: T[] = [];
  let after: string | null = null;
  // A guard, not a limit: a list that never ends is a bug the contract must report, not hang on.
  for (let pages = 0; pages < 1000; pages += 1) {
    const page: Page<T> = await list({ first, after });
    expect(page.items.length).toBeLessThanOrEqual(first);
    for (const item of page.items) seen.push(item.node);
    if (!page.hasNextPage) return seen;
    expect(page.items.length).toBeGreaterThan(0);
    expect(typeof page.endCursor).toBe('string');
    after = page.endCursor;
  }
  throw new Error(`list did not end after 1000 pages of ${first}`);
}

/** The ids in `items`, in order. */
export function idsOf(items: readonly ({ readonly id: string } | null)[]): (string | null)[] {
  return items.map((item) => (item === null ? null : item.id));
}

/** Asserts `promise` rejects with a domain `NotFoundError` (kind `not_found`). */
export async function expectNotFoundError(promise: Promise<unknown>): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error).toMatchObject({ kind: 'not_found' });
}

/** Asserts `promise` rejects with `ConnectorError('not_found')`. */
export async function expectConnectorNotFound(promise: Promise<unknown>): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect(error).toMatchObject({ code: 'not_found' });
}

/** The first pipeline with at least two stages (the contract requires one) and its first two stages. */
export async function pipelineWithStages(port: CrmPort): Promise<{ pipeline: Pipeline; first: PipelineStage; second: PipelineStage }> {
  const pipelines = await port.listPipelines();
  const pipeline = pipelines.find((p) => p.stages.length >= 2);
  const [first, second] = pipeline?.stages ?? [];
  if (pipeline === undefined || first === undefined || second === undefined) {
    throw new Error('the contract needs a pipeline with at least two stages; the setup must provide one');
  }
  return { pipeline, first, second };
}

/** Asserts a Date that holds a real instant. */
export function expectValidDate(value: unknown): void {
  expect(value).toBeInstanceOf(Date);
  expect(Number.isNaN(value instanceof Date ? value.getTime() : Number.NaN)).toBe(false);
}
