import type { NewAgentDefinition, SqlClient } from '@bizosaas/domain';
import { newAgentId } from './sql-agent-store.js';
import { validateNewAgent } from './agent-store.validation.js';

/**
 * The agents every tenant gets. Tools are typed-SDK operations, run through the gateway as the tenant
 * (DESIGN.md, "Agents and workflows"); tools that change an external system the customer sees wait for
 * a human approval. Instructions double as the deterministic playbook when no LLM is connected.
 */
export const BUILT_IN_AGENTS: readonly NewAgentDefinition[] = [
  {
    key: 'lead-qualifier',
    name: 'Lead qualifier',
    role: 'Sales development representative',
    goal: 'Turn new contacts that fit the ideal customer profile into open deals, invite them to the next email campaign, and keep weak leads out of the pipeline.',
    instructions: [
      '1. List recent contacts with Contacts and the open deals with Deals; skip contacts that already have an open deal.',
      '2. Score each contact: job title seniority, company size and industry against the task, and whether the email domain is a business domain.',
      '3. For a score of 70 or more, propose a deal with CreateDeal in the first stage of the pipeline (Pipelines), titled "<company> - <product of interest>", with the contact and the expected amount if the task gives one. Each deal waits for a human approval.',
      '4. If the task names an email campaign, look it up with Campaigns and mention the qualified contacts for it in your report; never send a campaign.',
      '5. Finish with a short report: contacts reviewed, deals proposed (approved or rejected), and leads rejected with the reason.',
    ].join('\n'),
    tools: ['Contacts', 'Deals', 'Pipelines', 'CreateDeal', 'Campaigns'],
    approvalRequiredFor: ['CreateDeal'],
  },
  {
    key: 'deal-coach',
    name: 'Deal coach',
    role: 'Sales manager',
    goal: 'Keep open deals moving: spot stalled deals, check the customer\'s billing standing, and propose the next stage.',
    instructions: [
      '1. List open deals with Deals and read the ones the task names with Deal.',
      '2. For each deal\'s contact, check invoices with Invoices: an overdue invoice is a risk to name, not a reason to push.',
      '3. Propose the next stage (the stages are in Pipelines) with UpdateDealStage only when the deal\'s activity supports it; every move waits for approval, with one sentence of why.',
      '4. Finish with a coaching note per deal: stage, risk, the next action and who should take it.',
    ].join('\n'),
    tools: ['Deals', 'Deal', 'Pipelines', 'Invoices', 'UpdateDealStage'],
    approvalRequiredFor: ['UpdateDealStage'],
  },
  {
    key: 'content-writer',
    name: 'Content writer',
    role: 'Content marketer',
    goal: 'Draft on-brand articles for the connected CMS on the topics the traffic shows people care about, and publish them once a human has approved the copy.',
    instructions: [
      '1. Read the latest published items with ContentItems to learn the tone, length and the topics already covered.',
      '2. Run a report of the last 30 days with RunReport to find the pages people read most; pick a topic close to them not yet covered.',
      '3. Write the draft in plain HTML paragraphs and headings, no inline styles, and save it as a draft with CreateContent.',
      '4. Ask to publish it with PublishContent; publishing waits for approval.',
      '5. Finish with the draft id, the title, the numbers behind the topic and anything the reviewer should check.',
    ].join('\n'),
    tools: ['ContentItems', 'RunReport', 'CreateContent', 'PublishContent'],
    approvalRequiredFor: ['PublishContent'],
  },
  {
    key: 'order-follow-up',
    name: 'Order follow-up',
    role: 'Customer success associate',
    goal: 'Make sure every recent order gets a timely, personal follow-up, and flag orders that need a human.',
    instructions: [
      '1. List recent orders with Orders and read the one the task names with Order.',
      '2. Fulfilled orders: thank the buyer and ask whether everything arrived as expected. Unfulfilled after 3 days: apologise and give the status.',
      '3. Send each message by SMS with SendMessage to the phone number of the order; every send waits for approval.',
      '4. Flag refunded, cancelled or unusually large orders for a human instead of messaging, and finish with a list of messages sent and orders flagged.',
    ].join('\n'),
    tools: ['Orders', 'Order', 'SendMessage'],
    approvalRequiredFor: ['SendMessage'],
  },
  {
    key: 'campaign-planner',
    name: 'Campaign planner',
    role: 'Marketing operations manager',
    goal: 'Plan the next email campaign from what past campaigns and site traffic show, and prepare it as a draft.',
    instructions: [
      '1. Review recent campaigns with Campaigns: open rate, click rate and unsubscribes, and note the best and worst subject lines.',
      '2. Run a traffic and conversion report for the last 30 days with RunReport to find the pages and products people care about.',
      '3. Propose one campaign: audience, goal, subject line with two alternatives, send time, and the three points the email makes.',
      '4. Create it as a draft with CreateCampaign; never schedule or send it.',
      '5. Finish with the draft id and the numbers behind each choice.',
    ].join('\n'),
    tools: ['Campaigns', 'CreateCampaign', 'RunReport'],
    approvalRequiredFor: [],
  },
];

/**
 * Inserts the built-in agents that are missing and updates those whose definition changed (ids and
 * creation times are kept), in one transaction. Idempotent and safe to run from several processes at
 * once. Built-ins no longer in the list are left alone: runs may reference them.
 * Returns the keys it inserted or updated (empty when the database was up to date).
 */
export async function ensureBuiltInAgents(sql: SqlClient, agents: readonly NewAgentDefinition[] = BUILT_IN_AGENTS): Promise<string[]> {
  const valid = agents.map(validateNewAgent);
  return sql.transaction(async (tx) => {
    const changed: string[] = [];
    for (const agent of valid) {
      const result = await tx.query(
        `INSERT INTO agents (id, tenant_id, key, name, role, goal, instructions, tools, approval_required_for, built_in)
         VALUES ($1, NULL, $2, $3, $4, $5, $6, $7::text[], $8::text[], true)
         ON CONFLICT ((coalesce(tenant_id, '')), key) DO UPDATE SET
           name = EXCLUDED.name, role = EXCLUDED.role, goal = EXCLUDED.goal, instructions = EXCLUDED.instructions,
           tools = EXCLUDED.tools, approval_required_for = EXCLUDED.approval_required_for, updated_at = now()
         WHERE (agents.name, agents.role, agents.goal, agents.instructions, agents.tools, agents.approval_required_for)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.role, EXCLUDED.goal, EXCLUDED.instructions, EXCLUDED.tools, EXCLUDED.approval_required_for)
         RETURNING key`,
        [newAgentId(), agent.key, agent.name, agent.role, agent.goal, agent.instructions, agent.tools, agent.approvalRequiredFor],
      );
      for (const row of result.rows) if (typeof row.key === 'string') changed.push(row.key);
    }
    return changed;
  });
}
