import { addMoney, type Money } from '@bizosaas/domain';
import type { Platform, WorkflowRun } from '@bizosaas/platform';
import { commerceService, crmService, messageService } from './workflow-services.js';
import type { ScheduledTrigger } from './workflow-schedules.js';
import { dateTimeField, numberSetting, stringSetting, triggerParser, type TemplateInput, type WorkflowTemplate } from './workflow-template.js';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const PAGES = 5;

/**
 * On a schedule (every `everyHours`, default daily): the open pipeline from the CRM and the orders paid since the
 * previous slot from the shop, texted to the owner (CRM, commerce, messaging). Reads only, then one SMS per slot.
 */
export const pipelineDigestTemplate: WorkflowTemplate<ScheduledTrigger> = {
  name: 'pipeline-digest',
  title: 'Pipeline digest by SMS',
  description: 'Every few hours (daily by default): count the open deals and their value in the CRM and the orders paid in the shop since the last digest, and text the owner.',
  ports: ['crm', 'commerce', 'messaging'],
  settings: [
    stringSetting('ownerPhone', "The owner's mobile number (E.164, e.g. +14155550100).", E164, 'must be an E.164 phone number such as +14155550100'),
    numberSetting('everyHours', 'Hours between digests (default 24), on whole multiples since midnight UTC.', 1, 168),
  ],
  schedule: { setting: 'everyHours', everySeconds: (settings) => hoursOf(settings) * 3600 },
  // Started by hand, a digest covers the slot up to now unless `scheduledAt` says otherwise.
  parseTrigger: triggerParser<ScheduledTrigger>('pipeline-digest', { scheduledAt: dateTimeField(false, 'The end of the time the digest covers, as an ISO 8601 date-time (default: now).') }, () => ({ scheduledAt: new Date().toISOString() })),
  definition: (platform) => ({ name: 'pipeline-digest', run: (run, input) => runDigest(platform, run, input) }),
};

function hoursOf(settings: Readonly<Record<string, unknown>>): number {
  return typeof settings.everyHours === 'number' ? settings.everyHours : 24;
}

async function runDigest(platform: Platform, run: WorkflowRun, input: TemplateInput<ScheduledTrigger>): Promise<unknown> {
  const until = new Date(input.trigger.scheduledAt);
  const since = new Date(until.getTime() - hoursOf(input.settings) * 3_600_000);
  const pipeline = await run.step('read-pipeline', () => openPipeline(platform, run), { maxAttempts: 3, baseDelayMs: 500 });
  const orders = await run.step('read-orders', () => paidOrders(platform, run, since, until), { input: { since, until }, maxAttempts: 3, baseDelayMs: 500 });
  const body = `Digest ${until.toISOString().slice(0, 16)}Z: ${pipeline.openDeals} open deals (${describe(pipeline.value)}); ${orders.paid} orders paid since ${since.toISOString().slice(0, 16)}Z (${describe(orders.total)}).`;
  const sms = await run.step('sms-digest', async (key) => ({ messageId: (await (await messageService(platform, run)).send({ channel: 'sms', to: String(input.settings.ownerPhone), body }, key)).id }), { input: { to: input.settings.ownerPhone }, maxAttempts: 3, baseDelayMs: 500 });
  return { ...pipeline, ...orders, messageId: sms.messageId };
}

async function openPipeline(platform: Platform, run: WorkflowRun) {
  const crm = await crmService(platform, run);
  const closed = new Set((await crm.pipelines()).flatMap((p) => p.stages.filter((s) => s.closed).map((s) => `${p.id}/${s.id}`)));
  let openDeals = 0;
  const value: Record<string, Money> = {};
  let after: string | null = null;
  for (let page = 0; page < PAGES; page += 1) {
    const deals = await crm.listDeals(100, after);
    for (const { node: deal } of deals.items) {
      if (closed.has(`${deal.pipelineId}/${deal.stageId}`)) continue;
      openDeals += 1;
      if (deal.amount) value[deal.amount.currency] = addMoney(value[deal.amount.currency] ?? { amount: '0', currency: deal.amount.currency }, deal.amount);
    }
    if (!deals.hasNextPage) break;
    after = deals.endCursor;
  }
  return { openDeals, value: Object.values(value) };
}

async function paidOrders(platform: Platform, run: WorkflowRun, since: Date, until: Date) {
  const commerce = await commerceService(platform, run);
  let paid = 0;
  const total: Record<string, Money> = {};
  let after: string | null = null;
  for (let page = 0; page < PAGES; page += 1) {
    const orders = await commerce.orders(100, after);
    for (const { node: order } of orders.items) {
      if (order.financialStatus !== 'paid' || order.updatedAt < since || order.updatedAt >= until) continue;
      paid += 1;
      total[order.total.currency] = addMoney(total[order.total.currency] ?? { amount: '0', currency: order.total.currency }, order.total);
    }
    if (!orders.hasNextPage) break;
    after = orders.endCursor;
  }
  return { paid, total: Object.values(total) };
}

function describe(sums: readonly Money[]): string {
  return sums.length === 0 ? 'none' : sums.map((m) => `${m.amount} ${m.currency}`).join(', ');
}
