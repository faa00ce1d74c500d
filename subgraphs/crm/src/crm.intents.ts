import { createEvent, CrmEventTypes, type Contact, type CrmPort, type Deal, type DomainEvent, type IntentResolver } from '@bizosaas/domain';
import { createdSinceIntent, defineIntentResolver, findInPages, type WriteMeta } from '@bizosaas/subgraph-kit';
import { z } from 'zod';

/** The CRM writes that record an intent before calling the tenant's CRM (see OutboxPort.commit). */
export const CrmIntents = {
  CreateContact: 'crm.contact.create',
  CreateDeal: 'crm.deal.create',
  ChangeDealStage: 'crm.deal.change_stage',
} as const;

/** Deals read (100 a page) when looking for a created deal by its fingerprint. */
const DEAL_SCAN_PAGES = 10;

const createContactInput = z.object({ email: z.string(), correlationId: z.string().nullable() });
const createDealInput = z.object({
  title: z.string(),
  amount: z.object({ amount: z.string(), currency: z.string() }).nullable(),
  pipelineId: z.string(),
  stageId: z.string(),
  contactId: z.string().nullable(),
  correlationId: z.string().nullable(),
});
const changeStageInput = z.object({ dealId: z.string(), pipelineId: z.string(), fromStageId: z.string(), toStageId: z.string(), correlationId: z.string().nullable() });

export type CreateContactIntent = z.infer<typeof createContactInput>;
export type CreateDealIntent = z.infer<typeof createDealInput>;
export type ChangeDealStageIntent = z.infer<typeof changeStageInput>;

type Meta = WriteMeta;

export function contactCreated(contact: Contact, meta: Meta): DomainEvent {
  return createEvent(CrmEventTypes.ContactCreated, { contactId: contact.id, email: contact.email }, { ...meta, source: 'crm' });
}

export function dealCreated(deal: Deal, meta: Meta): DomainEvent {
  const payload = { dealId: deal.id, title: deal.title, amount: deal.amount, pipelineId: deal.pipelineId, stageId: deal.stageId };
  return createEvent(CrmEventTypes.DealCreated, payload, { ...meta, source: 'crm' });
}

export function dealStageChanged(change: Omit<ChangeDealStageIntent, 'correlationId'>, meta: Meta): DomainEvent {
  const payload = { dealId: change.dealId, pipelineId: change.pipelineId, fromStageId: change.fromStageId, toStageId: change.toStageId };
  return createEvent(CrmEventTypes.DealStageChanged, payload, { ...meta, source: 'crm' });
}

/**
 * How a crash between a CRM's commit and ours is settled. No CRM we connect honours an idempotency key, so
 * each write is looked up at the provider by an external reference: a created contact by its email (unique
 * in a CRM), a created deal by the reference it was created with (the intent's key, where the connection
 * stores one: `CrmPort.findDealByReference`) or else by its fingerprint (title, pipeline, stage, amount,
 * contact, created after the intent), a stage change by the deal's current stage. Found: it took effect, and its event is recorded.
 */
export function createCrmIntentResolvers(deps: { crmPortFor(tenantId: string): Promise<CrmPort> }): IntentResolver[] {
  const portFor = deps.crmPortFor;
  return [
    defineIntentResolver({
      operation: CrmIntents.CreateContact,
      parse: (input) => createContactInput.parse(input),
      portFor,
      async settle(port, input, { intent, meta }) {
        const [contact] = await port.findContactsByEmails([input.email]);
        return contact && createdSinceIntent(contact, intent) ? [contactCreated(contact, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: CrmIntents.CreateDeal,
      parse: (input) => createDealInput.parse(input),
      portFor,
      async settle(port, input, { intent, meta }) {
        // Exactly, by the reference the deal was created with, where the connection stores one.
        const referenced = port.findDealByReference ? await port.findDealByReference(intent.idempotencyKey) : undefined;
        if (referenced !== undefined) return referenced ? [dealCreated(referenced, meta)] : null;
        const filter = { pipelineId: input.pipelineId, stageId: input.stageId, ...(input.contactId ? { contactId: input.contactId } : {}) };
        const deal = await findInPages(
          intent,
          (after) => port.listDeals({ first: 100, after }, filter),
          (d) => d.title === input.title && sameAmount(d, input) && createdSinceIntent(d, intent),
          // CRMs list deals oldest first: every page may hold it.
          { maxPages: DEAL_SCAN_PAGES, newestFirst: false },
        );
        return deal ? [dealCreated(deal, meta)] : null;
      },
    }),
    defineIntentResolver({
      operation: CrmIntents.ChangeDealStage,
      parse: (input) => changeStageInput.parse(input),
      portFor,
      async settle(port, input, { meta }) {
        const [deal] = await port.getDeals([input.dealId]);
        return deal && deal.stageId === input.toStageId ? [dealStageChanged(input, meta)] : null;
      },
    }),
  ];
}

function sameAmount(deal: Deal, input: CreateDealIntent): boolean {
  if (deal.amount === null || input.amount === null) return deal.amount === input.amount;
  return deal.amount.currency === input.amount.currency && Number(deal.amount.amount) === Number(input.amount.amount);
}
