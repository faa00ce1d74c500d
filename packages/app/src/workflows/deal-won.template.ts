import { CrmEventTypes, NotFoundError, type DealStageChangedPayload, type DomainEvent } from '@bizosaas/domain';
import type { Platform } from '@bizosaas/platform';
import { approveDraft, billingService, campaignService, contentService, crmService, findDraftBySlug, messageService, slugFor } from './workflow-services.js';
import { idField, numberSetting, stringSetting, triggerParser, type TemplateInput, type WorkflowTemplate } from './workflow-template.js';

interface DealWonTrigger {
  readonly dealId: string;
  readonly toStageId: string;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const DAY_SECONDS = 86_400;

/**
 * Deal won → a draft invoice in billing → the contact joins the email audience → SMS to the account owner → a
 * case-study draft in the CMS, published once a person approves it (CRM, billing, email marketing, messaging,
 * CMS). Every effect goes through an application service; a run that fails for good voids its invoice.
 */
export const dealWonTemplate: WorkflowTemplate<DealWonTrigger> = {
  name: 'deal-won',
  title: 'Deal won: invoice, welcome, tell the owner, draft the case study',
  description: 'When a deal enters a won stage: draft its invoice in billing, add its contact to the email audience, text the account owner, draft a case-study post and publish it after approval.',
  ports: ['crm', 'billing', 'emailMarketing', 'messaging', 'cms'],
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
  parseTrigger: triggerParser<DealWonTrigger>('deal-won', { dealId: idField('a CRM deal'), toStageId: idField('a pipeline stage') }),
  definition: (platform) => ({ name: 'deal-won', run: (run, input) => runDealWon(platform, run, input) }),
};

type Run = Parameters<ReturnType<typeof dealWonTemplate.definition>['run']>[0];

async function runDealWon(platform: Platform, run: Run, input: TemplateInput<DealWonTrigger>): Promise<unknown> {
  const settings = { audienceId: String(input.settings.audienceId), ownerPhone: String(input.settings.ownerPhone), timeoutSeconds: Number(input.settings.approvalTimeoutSeconds ?? 3 * DAY_SECONDS) };
  const deal = await run.step('load-deal', () => loadWonDeal(platform, run, input.trigger), { input: input.trigger, maxAttempts: 3, baseDelayMs: 500 });
  if (!deal.won) return { skipped: 'the deal did not enter a won stage' };
  await run.step(
    'create-invoice',
    async (key) => {
      if (!deal.amount) return { invoiceId: null, skipped: 'the deal has no amount' };
      const billing = await billingService(platform, run);
      // The step's key reaches the billing provider: a re-run answers the invoice the first attempt made.
      const invoice = await billing.createInvoice({ customerEmail: deal.email, currency: deal.amount.currency, memo: `Deal won: ${deal.title}`, lines: [{ description: deal.title, amount: deal.amount }] }, key);
      return { invoiceId: invoice.id, total: invoice.total, status: invoice.status };
    },
    {
      input: { email: deal.email, amount: deal.amount },
      maxAttempts: 3,
      baseDelayMs: 500,
      compensate: async (created, key) => {
        if (!created.invoiceId) return { voided: null };
        // A provider that deletes drafts (Stripe) no longer knows the id when a resumed undo repeats itself.
        await (await billingService(platform, run)).voidInvoice(created.invoiceId, key).catch((error: unknown) => {
          if (!(error instanceof NotFoundError)) throw error;
        });
        return { voided: created.invoiceId };
      },
    },
  );
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
      const service = await contentService(platform, run);
      const slug = slugFor('case-study', key);
      const content = (await findDraftBySlug(service, slug)) ?? (await service.create({ kind: 'post', title: `Case study: ${deal.title}`, slug, body: `How ${deal.company ?? deal.email} works with us. (Draft for review.)` }));
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
    const published = await (await contentService(platform, run)).publish(draft.id);
    return { contentId: published.id, status: published.status };
  });
  return { caseStudy: 'PUBLISHED', contentId: draft.id, approvedBy: decision.decidedBy };
}

async function loadWonDeal(platform: Platform, run: Run, trigger: DealWonTrigger) {
  const crm = await crmService(platform, run);
  const deal = await crm.getDeal(trigger.dealId);
  const stage = await crm.stageOf(deal);
  const contact = deal.contactId ? await crm.findContact(deal.contactId) : null;
  if (!contact) throw new NotFoundError('Contact', deal.contactId ?? '(none)', 'CRM');
  const company = deal.companyId ? await crm.findCompany(deal.companyId) : null;
  return { won: stage.won === true, title: deal.title, amount: deal.amount, email: contact.email, firstName: contact.firstName, lastName: contact.lastName, company: company?.name ?? null };
}
