import { expect } from 'vitest';
import type { CmsPort } from '../content/cms.port.js';
import type { Content, ContentKind, NewContent } from '../content/content.entities.js';
import { ConnectorError } from '../shared/errors.js';

/** What every CMS contract case gets: the port under test and a nonce that keeps its data apart from other runs. */
export interface CmsPortContractEnv {
  readonly port: CmsPort;
  /** A port over the same CMS but another connection, when the setup can build one. */
  readonly otherPort?: CmsPort;
  /** Unique per suite run; cases put it in titles so they never collide with existing content. */
  readonly nonce: string;
  /**
   * Present for a read-only CMS only: creates a published item out of band and resolves to its
   * `externalId`. Its presence is what tells the cases that every write must raise `not_supported`.
   */
  readonly seed?: (input: NewContent) => Promise<string>;
  /** Marks the case as skipped (the provider or setup lacks what it needs), with the reason. */
  skip(reason: string): never;
}

/** One CMS contract case: a name for `it` and a body that throws (an assertion) when the port breaks the contract. */
export interface CmsPortContractCase {
  readonly name: string;
  run(env: CmsPortContractEnv): Promise<void>;
}

/** A unique, plausible title for the content a case creates. */
export function contractTitle(env: CmsPortContractEnv, label: string): string {
  return `Contract ${env.nonce} ${label}`;
}

/**
 * Creates an item with a unique title and a small HTML body: a draft through the port, or, on a read-only
 * CMS, a published item through the setup's `seed`, read back through `port` (default `env.port`).
 */
export async function createDraft(env: CmsPortContractEnv, label: string, kind: ContentKind = 'post', port: CmsPort = env.port): Promise<Content> {
  const input: NewContent = { kind, title: contractTitle(env, label), body: `<p>Body of ${label}.</p>`, excerpt: `Excerpt of ${label}` };
  if (env.seed === undefined) return port.createContent(input);
  return readSeeded(port, await env.seed(input), kind);
}

/** The item with `externalId` as `port` lists it; seeded items are the newest, so the walk stops early. */
async function readSeeded(port: CmsPort, externalId: string, kind: ContentKind): Promise<Content> {
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await port.listContent({ first: 20, after }, { kind });
    const found = page.items.find((item) => item.node.externalId === externalId);
    if (found) return found.node;
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  throw new Error(`the seeded ${kind} ${externalId} is not in the port's list`);
}

/** True when the setup declared a read-only CMS. */
export function isReadOnly(env: CmsPortContractEnv): boolean {
  return env.seed !== undefined;
}

/** Asserts `promise` rejects with `ConnectorError('not_supported')` (a write on a read-only CMS). */
export async function expectNotSupported(promise: Promise<unknown>): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect(error).toMatchObject({ code: 'not_supported' });
}
