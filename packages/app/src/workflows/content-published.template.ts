import { ContentEventTypes, type Campaign, type ContentPublishedPayload, type DomainEvent } from '@bizosaas/domain';
import type { Platform, WorkflowRun } from '@bizosaas/platform';
import type { CampaignService } from '@bizosaas/subgraph-agents';
import { campaignService, contentService, messageService, slugFor } from './workflow-services.js';
import { idField, stringSetting, triggerParser, type TemplateInput, type WorkflowTemplate } from './workflow-template.js';

interface ContentPublishedTrigger {
  readonly contentId: string;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * Content published → a campaign draft announcing it to the email audience → SMS to the editor that the draft
 * waits for review (CMS, email marketing, messaging). Nothing is sent to the audience: a person sends the draft.
 */
export const contentPublishedTemplate: WorkflowTemplate<ContentPublishedTrigger> = {
  name: 'content-published',
  title: 'Content published: campaign draft to the audience',
  description: 'When a post is published: draft an email campaign announcing it to the audience and text the editor to review and send it.',
  ports: ['cms', 'emailMarketing', 'messaging'],
  settings: [
    stringSetting('audienceId', 'The email audience the announcement goes to.', /^.{1,200}$/, 'must be an audience id'),
    stringSetting('editorPhone', "The editor's mobile number (E.164, e.g. +14155550100), told when a draft is ready.", E164, 'must be an E.164 phone number such as +14155550100'),
  ],
  trigger: {
    eventType: ContentEventTypes.ContentPublished,
    toTrigger: (event: DomainEvent) => {
      const payload = event.payload as Partial<ContentPublishedPayload>;
      // Posts are news; a page (About, Pricing) published is not announced.
      return typeof payload.contentId === 'string' && payload.kind === 'post' ? { contentId: payload.contentId } : null;
    },
  },
  parseTrigger: triggerParser<ContentPublishedTrigger>('content-published', { contentId: idField('a CMS post') }),
  definition: (platform) => ({ name: 'content-published', run: (run, input) => runContentPublished(platform, run, input) }),
};

async function runContentPublished(platform: Platform, run: WorkflowRun, input: TemplateInput<ContentPublishedTrigger>): Promise<unknown> {
  const audienceId = String(input.settings.audienceId);
  const editorPhone = String(input.settings.editorPhone);
  const post = await run.step(
    'load-content',
    async () => {
      const content = await (await contentService(platform, run)).get(input.trigger.contentId);
      return { title: content.title, excerpt: content.excerpt, url: content.url, status: content.status };
    },
    { input: input.trigger, maxAttempts: 3, baseDelayMs: 500 },
  );
  if (post.status !== 'published') return { skipped: `the content is ${post.status}, not published` };
  const draft = await run.step(
    'draft-campaign',
    async (key) => {
      const campaigns = await campaignService(platform, run);
      // Email marketing takes no idempotency key: the campaign's name carries a reference derived from the
      // step's key, looked up before writing, so a re-run finds the draft the first attempt made.
      const name = `${post.title.slice(0, 80)} · ${slugFor('announce', key)}`;
      const campaign = (await findCampaignNamed(campaigns, name)) ?? (await campaigns.create({ name, subject: post.title.slice(0, 150), audienceId, html: announcement(post) }));
      return { campaignId: campaign.id, name: campaign.name, status: campaign.status };
    },
    { input: { audienceId, title: post.title }, maxAttempts: 3, baseDelayMs: 500 },
  );
  await run.step(
    'notify-editor',
    async (key) => {
      const message = await (await messageService(platform, run)).send({ channel: 'sms', to: editorPhone, body: `Campaign draft "${post.title.slice(0, 80)}" is ready: review and send it.` }, key);
      return { messageId: message.id };
    },
    { input: { to: editorPhone }, maxAttempts: 3, baseDelayMs: 500 },
  );
  return { campaignId: draft.campaignId, campaign: draft.status };
}

async function findCampaignNamed(campaigns: CampaignService, name: string): Promise<Campaign | null> {
  let after: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await campaigns.list(100, after);
    const found = page.items.find((item) => item.node.name === name);
    if (found) return found.node;
    if (!page.hasNextPage) return null;
    after = page.endCursor;
  }
  return null;
}

function announcement(post: { readonly title: string; readonly excerpt: string | null; readonly url: string | null }): string {
  const link = post.url ? `<p><a href="${escapeHtml(post.url)}">Read it</a></p>` : '';
  return `<h1>${escapeHtml(post.title)}</h1>${post.excerpt ? `<p>${escapeHtml(post.excerpt)}</p>` : ''}${link}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
