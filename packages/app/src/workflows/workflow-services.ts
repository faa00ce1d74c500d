import type { Content } from '@bizosaas/domain';
import { awaitApproval, SqlWorkflowRunStore, type Platform, type WorkflowRun } from '@bizosaas/platform';
import { CampaignService, MessageService } from '@bizosaas/subgraph-agents';
import { createCommerceContext, type BillingService, type CommerceService } from '@bizosaas/subgraph-commerce';
import { ContentService } from '@bizosaas/subgraph-content';
import { createCrmContext, type CrmService } from '@bizosaas/subgraph-crm';
import type { ContextClaims } from '@bizosaas/subgraph-kit';
import DataLoader from 'dataloader';
import { createHash } from 'node:crypto';

/**
 * What a workflow step acts through: the same application services the graph uses (rules, roles, outbox
 * events), built for the run's tenant under the run's own identity. A step never calls an adapter itself.
 */
export function runIdentity(run: Pick<WorkflowRun, 'tenantId' | 'runId'>): ContextClaims {
  return { tenantId: run.tenantId, userId: `workflow:${run.runId}`, roles: ['editor'], requestId: run.runId };
}

type RunRef = Pick<WorkflowRun, 'tenantId' | 'runId'>;

export async function messageService(platform: Platform, run: RunRef): Promise<MessageService> {
  return new MessageService(await platform.adapters.get(run.tenantId, 'messaging'), runIdentity(run), platform.outbox);
}

export async function campaignService(platform: Platform, run: RunRef): Promise<CampaignService> {
  return new CampaignService(await platform.adapters.get(run.tenantId, 'emailMarketing'), runIdentity(run), platform.outbox);
}

export function crmService(platform: Platform, run: RunRef): Promise<CrmService> {
  return createCrmContext({ crmPortFor: (tenantId) => platform.adapters.get(tenantId, 'crm'), outbox: platform.outbox }, runIdentity(run)).crm();
}

function commerceContext(platform: Platform, run: RunRef) {
  const deps = { commercePortFor: (tenantId: string) => platform.adapters.get(tenantId, 'commerce'), billingPortFor: (tenantId: string) => platform.adapters.get(tenantId, 'billing'), outbox: platform.outbox };
  return createCommerceContext(deps, runIdentity(run));
}

export function billingService(platform: Platform, run: RunRef): Promise<BillingService> {
  return commerceContext(platform, run).billing();
}

export function commerceService(platform: Platform, run: RunRef): Promise<CommerceService> {
  return commerceContext(platform, run).commerce();
}

export async function contentService(platform: Platform, run: RunRef): Promise<ContentService> {
  const port = await platform.adapters.get(run.tenantId, 'cms');
  return new ContentService(port, new DataLoader((ids: readonly string[]) => port.getContents(ids)), platform.outbox, runIdentity(run));
}

/** A reference derived from a step's idempotency key: the external reference a resumed step looks up before writing. */
export function slugFor(prefix: string, idempotencyKey: string): string {
  return `${prefix}-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}`;
}

/** The draft with `slug`, if an earlier attempt of the step created it (the CMS has no idempotency header). */
export async function findDraftBySlug(content: ContentService, slug: string): Promise<Content | null> {
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await content.list(100, after, { status: 'draft' });
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

/** One run store per platform; its transitions go to the outbox (the `workflowRunUpdated` feed). */
export function workflowStoreOf(platform: Platform): SqlWorkflowRunStore {
  let store = stores.get(platform);
  if (!store) {
    store = new SqlWorkflowRunStore(platform.db, undefined, { wake: () => platform.relay.wake() });
    stores.set(platform, store);
  }
  return store;
}
