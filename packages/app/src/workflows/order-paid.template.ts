import { CommerceEventTypes, DomainError, type Contact, type DomainEvent, type OrderPaidPayload } from '@bizosaas/domain';
import type { Platform, WorkflowRun } from '@bizosaas/platform';
import { commerceService, crmService, messageService } from './workflow-services.js';
import { idField, stringSetting, triggerParser, type TemplateInput, type WorkflowTemplate } from './workflow-template.js';

interface OrderPaidTrigger {
  readonly orderId: string;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * Order paid → the buyer's CRM contact (created, or its blanks filled from the shop's customer) and a won deal
 * for the order → a receipt by SMS (commerce, CRM, messaging). Each write looks its effect up first (the
 * contact by email, the deal by the order's number on the contact) or carries the step's key (the SMS).
 */
export const orderPaidTemplate: WorkflowTemplate<OrderPaidTrigger> = {
  name: 'order-paid',
  title: 'Order paid: CRM contact and deal, receipt by SMS',
  description: "When the shop takes an order's payment: create or complete the buyer's CRM contact, record the order as a won deal, and text the buyer a receipt.",
  ports: ['commerce', 'crm', 'messaging'],
  settings: [
    stringSetting('pipelineId', 'The CRM pipeline the order deals go to (default: the first with a won stage).', /^.{1,200}$/, 'must be a pipeline id', false),
    stringSetting('shopName', 'The name the receipt is signed with.', /^.{1,60}$/, 'must be 1 to 60 characters', false),
  ],
  trigger: {
    eventType: CommerceEventTypes.OrderPaid,
    toTrigger: (event: DomainEvent) => {
      const payload = event.payload as Partial<OrderPaidPayload>;
      return typeof payload.orderId === 'string' ? { orderId: payload.orderId } : null;
    },
  },
  parseTrigger: triggerParser<OrderPaidTrigger>('order-paid', { orderId: idField('a shop order') }),
  definition: (platform) => ({ name: 'order-paid', run: (run, input) => runOrderPaid(platform, run, input) }),
};

async function runOrderPaid(platform: Platform, run: WorkflowRun, input: TemplateInput<OrderPaidTrigger>): Promise<unknown> {
  const pipelineId = typeof input.settings.pipelineId === 'string' ? input.settings.pipelineId : null;
  const shopName = typeof input.settings.shopName === 'string' ? input.settings.shopName : 'our shop';
  const order = await run.step('load-order', () => loadOrder(platform, run, input.trigger.orderId), { input: input.trigger, maxAttempts: 3, baseDelayMs: 500 });
  if (!order.email) return { skipped: 'the order has no buyer email' };
  const email = order.email;
  const contact = await run.step(
    'update-contact',
    async () => {
      const crm = await crmService(platform, run);
      // The email is the contact's external reference: found, its blanks are filled; absent, it is created once.
      const found = await crm.contactByEmail(email);
      const fill = { firstName: order.firstName, lastName: order.lastName, phone: order.phone };
      const result = found ? await completeContact(crm, found, fill) : await crm.createContact({ email, ...fill });
      return { contactId: result.id, phone: result.phone, firstName: result.firstName, created: !found };
    },
    { input: { email }, maxAttempts: 3, baseDelayMs: 500 },
  );
  const deal = await run.step(
    'record-deal',
    async () => {
      const crm = await crmService(platform, run);
      const title = `Order ${order.number}`;
      // The order number on the contact's deals is the external reference: a re-run finds the deal it made.
      const existing = (await crm.dealsOf(contact.contactId)).find((d) => d.title === title);
      if (existing) return { dealId: existing.id, created: false };
      const pipelines = await crm.pipelines();
      const pipeline = pipelines.find((p) => (pipelineId ? p.id === pipelineId : p.stages.some((s) => s.won === true)));
      const won = pipeline?.stages.find((s) => s.won === true);
      if (!pipeline || !won) throw new DomainError('invalid_state', 'WORKFLOW.NO_WON_STAGE', `settings.pipelineId: ${pipelineId ? `pipeline "${pipelineId}" has no won stage` : 'no CRM pipeline has a won stage'}`);
      const created = await crm.createDeal({ title, amount: order.total, pipelineId: pipeline.id, stageId: won.id, contactId: contact.contactId, closeDate: new Date(order.paidAt) });
      return { dealId: created.id, created: true };
    },
    { input: { contactId: contact.contactId, number: order.number, total: order.total }, maxAttempts: 3, baseDelayMs: 500 },
  );
  // CRMs keep numbers as people type them (`+44 20 7946 0107`): spaces, dashes, dots and brackets go.
  const mobile = contact.phone?.replace(/[\s().-]/g, '') ?? null;
  const phone = mobile && E164.test(mobile) ? mobile : null;
  if (!phone) return { contactId: contact.contactId, dealId: deal.dealId, receipt: 'SKIPPED', reason: 'the buyer has no mobile number (E.164) in the CRM or the shop' };
  const receipt = await run.step(
    'sms-receipt',
    async (key) => {
      const body = `Thank you${contact.firstName ? `, ${contact.firstName}` : ''}! We received ${order.total.amount} ${order.total.currency} for order ${order.number}. – ${shopName}`;
      const message = await (await messageService(platform, run)).send({ channel: 'sms', to: phone, body }, key);
      return { messageId: message.id };
    },
    { input: { to: phone }, maxAttempts: 3, baseDelayMs: 500 },
  );
  return { contactId: contact.contactId, dealId: deal.dealId, receipt: 'SENT', messageId: receipt.messageId };
}

async function loadOrder(platform: Platform, run: WorkflowRun, orderId: string) {
  const commerce = await commerceService(platform, run);
  const order = await commerce.order(orderId);
  const customer = order.customerId ? await commerce.findCustomer(order.customerId) : null;
  return {
    number: order.number,
    email: order.email ?? customer?.email ?? null,
    total: order.total,
    paidAt: order.updatedAt.toISOString(),
    firstName: customer?.firstName ?? null,
    lastName: customer?.lastName ?? null,
    phone: customer?.phone ?? null,
  };
}

/** Fills the contact's empty name and phone from the shop's customer; a contact with nothing to fill is left as is. */
async function completeContact(crm: Awaited<ReturnType<typeof crmService>>, contact: Contact, fill: { readonly firstName: string | null; readonly lastName: string | null; readonly phone: string | null }): Promise<Contact> {
  const patch = Object.fromEntries(Object.entries(fill).filter(([field, value]) => value !== null && contact[field as keyof typeof fill] === null));
  return Object.keys(patch).length === 0 ? contact : crm.updateContact(contact.id, patch);
}
