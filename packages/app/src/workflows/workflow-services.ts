import type { CmsPort, Content } from '@bizosaas/domain';
import { awaitApproval, SqlWorkflowRunStore, type Platform, type WorkflowRun } from '@bizosaas/platform';
import { CampaignService, MessageService } from '@bizosaas/subgraph-agents';
import { ContentService } from '@bizosaas/subgraph-content';
import type { ContextClaims } from '@bizosaas/subgraph-kit';
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';

/**
 * What a workflow step acts through: the same application services the graph uses (rules, roles, outbox
 * events), built for the run's tenant under the run's own identity.
 */
export function runIdentity(run: Pick<WorkflowRun, 'tenantId' | 'runId'>): ContextClaims {
  return { tenantId: run.tenantId, userId: `workflow:${run.runId}`, roles: ['editor'], requestId: run.runId };
}

export async function messageService(platform: Platform, run: WorkflowRun): Promise<MessageService> {
  return new MessageService(await platform.adapters.get(run.tenantId, 'messaging'), runIdentity(run), platform.outbox);
}

export async function campaignService(platform: Platform, run: WorkflowRun): Promise<CampaignService> {
  return new CampaignService(await platform.adapters.get(run.tenantId, 'emailMarketing'), runIdentity(run), platform.outbox);
}

export async function contentService(platform: Platform, run: WorkflowRun): Promise<{ readonly port: CmsPort; readonly service: ContentService }> {
  const port = await platform.adapters.get(run.tenantId, 'cms');
  return { port, service: new ContentService(port, new DataLoader((ids: readonly string[]) => port.getContents(ids)), platform.outbox, runIdentity(run)) };
}

/** A slug derived from a step's idempotency key: the external reference a resumed step looks up before writing. */
export function slugFor(prefix: string, idempotencyKey: string): string {
  return `${prefix}-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}`;
}

/** The draft with `slug`, if an earlier attempt of the step created it (the CMS has no idempotency header). */
export async function findDraftBySlug(port: CmsPort, slug: string): Promise<Content | null> {
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await port.listContent({ first: 100, after }, { status: 'draft' });
    const found = page.items.find((item) => item.node.slug === slug);
    if (found) return found.node;
    if (!page.hasNextPage) return null;
    after = page.endCursor;
  }
  return null;
}

/** Approval of a content draft, bound to its id, title and body. */
export function approveDraft(platform: Platform, run: WorkflowRun, stepId: string, draft: Pick<Content, 'id' | 'title' | 'body'>, options: { readonly timeoutMs: number; readonly escalate?: (key: string) => Promise<unknown> }) {
  return awaitApproval(run, { db: platform.db, store: workflowStoreOf(platform) }, stepId, {
    subject: { contentId: draft.id, title: draft.title, body: draft.body },
    timeoutMs: options.timeoutMs,
    ...(options.escalate ? { escalateAfterMs: options.timeoutMs / 2, escalate: options.escalate } : {}),
  });
}

const stores = new WeakMap<Platform, SqlWorkflowRunStore>();

/** One run store per platform. */
export function workflowStoreOf(platform: Platform): SqlWorkflowRunStore {
  let store = stores.get(platform);
  if (!store) {
    store = new SqlWorkflowRunStore(platform.db);
    stores.set(platform, store);
  }
  return store;
}
