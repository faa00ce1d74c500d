import type { Pipeline, PipelineStage } from '@bizosaas/domain';
import type { ZohoPipeline, ZohoStage } from './zoho-crm.schemas.js';

/**
 * Zoho pipelines as canonical ones.
 *
 * Source: `GET /crm/v8/settings/pipeline?layout_id=` (https://www.zoho.com/crm/developer/docs/api/v8/get-pipelines.html):
 * each pipeline lists its stages (`maps`) in `sequence_number` order with a `forecast_type` of
 * `Open`, `Closed Won` or `Closed Lost`.
 *
 * - Pipeline id = Zoho's pipeline id (what a deal's `Pipeline.id` carries).
 * - Stage id = the Stage picklist's `actual_value` (what a deal's `Stage` carries and what Zoho accepts
 *   on write); the stage name is its `display_value`.
 * - closed/won come from `forecast_type`.
 * - probability: the pipeline API does not return it (Zoho keeps stage probabilities in a separate
 *   setting), so Won is 100, Lost is 0, Zoho's default stages get Zoho's default probabilities, and any
 *   other open stage gets one proportional to its position among the open stages.
 */
const ZOHO_DEFAULT_PROBABILITIES: Readonly<Record<string, number>> = {
  Qualification: 10,
  'Needs Analysis': 20,
  'Value Proposition': 40,
  'Id. Decision Makers': 60,
  'Perception Analysis': 70,
  'Proposal/Price Quote': 75,
  'Negotiation/Review': 90,
};

function stageOf(stage: ZohoStage, openIndex: number, openCount: number): PipelineStage {
  const type = stage.forecast_type ?? 'Open';
  const won = type === 'Closed Won';
  const closed = won || type === 'Closed Lost';
  const probability = won ? 100 : closed ? 0 : (ZOHO_DEFAULT_PROBABILITIES[stage.actual_value] ?? Math.round((100 * (openIndex + 1)) / (openCount + 1)));
  return { id: stage.actual_value, name: stage.display_value ?? stage.actual_value, probability, closed, won };
}

/** One Zoho pipeline as a canonical Pipeline, stages in `sequence_number` order. Pure. */
export function pipelineFromZoho(raw: ZohoPipeline): Pipeline {
  // Stages without a sequence number keep Zoho's order, after the numbered ones.
  const ordered = (raw.maps ?? [])
    .map((stage, index) => ({ stage, index }))
    .sort((a, b) => (a.stage.sequence_number ?? Number.MAX_SAFE_INTEGER) - (b.stage.sequence_number ?? Number.MAX_SAFE_INTEGER) || a.index - b.index)
    .map(({ stage }) => stage);
  const open = ordered.filter((s) => (s.forecast_type ?? 'Open') === 'Open');
  const seen = new Set<string>();
  const stages: PipelineStage[] = [];
  for (const stage of ordered) {
    // A picklist value appears once per pipeline; guard anyway, stage ids must be unique.
    if (seen.has(stage.actual_value)) continue;
    seen.add(stage.actual_value);
    stages.push(stageOf(stage, open.indexOf(stage), open.length));
  }
  return { id: raw.id, name: raw.display_value ?? raw.actual_value ?? raw.id, stages };
}
