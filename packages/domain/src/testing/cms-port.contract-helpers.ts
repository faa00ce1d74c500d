import type { CmsPort } from '../content/cms.port.js';
import type { Content, ContentKind } from '../content/content.entities.js';

/** What every CMS contract case gets: the port under test and a nonce that keeps its data apart from other runs. */
export interface CmsPortContractEnv {
  readonly port: CmsPort;
  /** A port over the same CMS but another connection, when the setup can build one. */
  readonly otherPort?: CmsPort;
  /** Unique per suite run; cases put it in titles so they never collide with existing content. */
  readonly nonce: string;
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

/** Creates a draft through the port with a unique title and a small HTML body. */
export function createDraft(env: CmsPortContractEnv, label: string, kind: ContentKind = 'post'): Promise<Content> {
  return env.port.createContent({
    kind,
    title: contractTitle(env, label),
    body: `<p>Body of ${label}.</p>`,
    excerpt: `Excerpt of ${label}`,
  });
}
