import { CrmEventTypes, NotFoundError, type DealStageChangedPayload, type DomainEvent } from '@bizosaas/domain';
import type { Platform } from '@bizosaas/platform';
import { approveDraft, campaignService, contentService, findDraftBySlug, messageService, slugFor } from './workflow-services.js';
import { numberSetting, stringSetting, type TemplateInput, type WorkflowTemplate } from './workflow-template.js';

interface DealWonTrigger {
  readonly dealId: string;
  readonly toStageId: string;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const DAY_SECONDS = 86_400;

/**
 * Deal won → the contact joins the email audience → SMS to the account owner → a case-study draft in the CMS,
 * published once a person approves it (CRM, email marketing, messaging, CMS).
 */
export const dealWonTemplate: WorkflowTemplate<DealWonTrigger> = {
  name: 'deal-won',
  title: 'Deal won: welcome, tell the owner, draft the case study',
  description: 'When a deal enters a won stage: add its contact to the email audience, text the account owner, draft a case-study post and publish it after approval.',
  ports: ['crm', 'emailMarketing', 'messaging', 'cms'],
  settings: [
    stringSetting('audienceId', 'The email audience won customers join.', /^.{1,200}$/, 'must be an audience id'),
    stringSetting('ownerPhone', "The account owner's mobile number (E.164, e.g. +14155550100).", E164, 'must be an E.164 phone number such as +14155550100'),
    numberSetting('approvalTimeoutSeconds', 'How long the case-study draft waits for approval (default 3 days).', 1, 30 * DAY_SECONDS),
  ],
  trigger: {
    eventType: CrmEventTypes.DealStageChanged,
    toTrigger: (event: DomainEvent) => {
      const payload = event.payload as Partial<DealStageChangedPayload>;
      return typeof payload.dealId === 'string' && typeof payload.toStageId === 'string' ? { dealId: payload.dealId, toStageId: payload.toStageId } : null;
    },
  },
  definition: (platform) => ({ name: 'deal-won', run: (run, input) => runDealWon(platform, run, input) }),
};

type Run = Parameters<ReturnType<typeof dealWonTemplate.definition>['run']>[0];

async function runDealWon(platform: Platform, run: Run, input: TemplateInput<DealWonTrigger>): Promise<unknown> {
  const settings = { audienceId: String(input.settings.audienceId), ownerPhone: String(input.settings.ownerPhone), timeoutSeconds: Number(input.settings.approvalTimeoutSeconds ?? 3 * DAY_SECONDS) };
  const deal = await run.step('load-deal', () => loadWonDeal(platform, run.tenantId, input.trigger), { input: input.trigger, maxAttempts: 3, baseDelayMs: 500 });
  if (!deal.won) return { skipped: 'the deal did not enter a won stage' };
  await run.step(
    'add-to-audience',
    async () => {
      // An upsert by email: repeating it leaves one member (its intent is re-sent after a crash).
      await (await campaignService(platform, run)).addMember(settings.audienceId, { email: deal.email, firstName: deal.firstName, lastName: deal.lastName });
      return { audienceId: settings.audienceId, email: deal.email };
    },
    { input: { audienceId: settings.audienceId, email: deal.email }, maxAttempts: 3, baseDelayMs: 500 },
  );
  await run.step(
    'sms-owner',
    async (key) => {
      const message = await (await messageService(platform, run)).send({ channel: 'sms', to: settings.ownerPhone, body: `Deal won: ${deal.title} (${deal.email}).` }, key);
      return { messageId: message.id };
    },
    { input: { to: settings.ownerPhone }, maxAttempts: 3, baseDelayMs: 500 },
  );
  const draft = await run.step(
    'draft-case-study',
    async (key) => {
      const { port, service } = await contentService(platform, run);
      const slug = slugFor('case-study', key);
      const content = (await findDraftBySlug(port, slug)) ?? (await service.create({ kind: 'post', title: `Case study: ${deal.title}`, slug, body: `How ${deal.company ?? deal.email} works with us. (Draft for review.)` }));
      return { id: content.id, title: content.title, body: content.body };
    },
    { maxAttempts: 3, baseDelayMs: 500 },
  );
  const decision = await approveDraft(platform, run, 'approve-case-study', draft, {
    timeoutMs: settings.timeoutSeconds * 1000,
    escalate: async (key) => (await messageService(platform, run)).send({ channel: 'sms', to: settings.ownerPhone, body: `Reminder: the case study "${draft.title}" awaits approval.` }, key),
  });
  if (decision.status !== 'APPROVED') return { caseStudy: decision.status, contentId: draft.id };
  await run.step('publish-case-study', async () => {
    const { service } = await contentService(platform, run);
    const published = await service.publish(draft.id);
    return { contentId: published.id, status: published.status };
  });
  return { caseStudy: 'PUBLISHED', contentId: draft.id, approvedBy: decision.decidedBy };
}

async function loadWonDeal(platform: Platform, tenantId: string, trigger: DealWonTrigger) {
  const crm = await platform.adapters.get(tenantId, 'crm');
  const [deal] = await crm.getDeals([trigger.dealId]);
  if (!deal) throw new NotFoundError('Deal', trigger.dealId, 'CRM');
  const stage = (await crm.listPipelines()).find((p) => p.id === deal.pipelineId)?.stages.find((s) => s.id === deal.stageId);
  const [contact] = deal.contactId ? await crm.getContacts([deal.contactId]) : [null];
  if (!contact) throw new NotFoundError('Contact', deal.contactId ?? '(none)', 'CRM');
  return { won: stage?.won === true, title: deal.title, email: contact.email, firstName: contact.firstName, lastName: contact.lastName, company: null as string | null };
}
