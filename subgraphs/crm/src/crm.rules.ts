import { isNegative, parseEmail, Violations, type Money, type Pipeline, type PipelineStage } from '@bizosaas/domain';

/** Pure checks of CRM input; each adds violations naming the input field. No I/O here. */

export function checkEmail(v: Violations, field: string, email: string): string | undefined {
  return v.collect(() => parseEmail(email, field));
}


export function checkProbability(v: Violations, field: string, probability: number | null | undefined): void {
  if (probability === undefined || probability === null) return;
  if (!Number.isInteger(probability) || probability < 0 || probability > 100) {
    v.add(field, `must be an integer from 0 to 100 (got ${probability})`);
  }
}

export function checkAmount(v: Violations, field: string, amount: Money | null | undefined): void {
  if (amount && isNegative(amount)) v.add(`${field}.amount`, `must not be negative (got ${amount.amount})`);
}

/** A deal has one currency: a new amount must be in the currency the deal already has. */
export function checkSameCurrency(v: Violations, field: string, current: Money | null, next: Money | null | undefined): void {
  if (current && next && current.currency !== next.currency) {
    v.add(`${field}.currency`, `mixes ${next.currency} into a ${current.currency} deal; a deal has one currency`);
  }
}

/** The stage `stageId` of `pipeline`, or a violation listing the stages that are allowed. */
export function findStage(v: Violations, field: string, pipeline: Pipeline, stageId: string): PipelineStage | undefined {
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) {
    v.add(field, `"${stageId}" is not a stage of pipeline "${pipeline.id}" (stages: ${pipeline.stages.map((s) => s.id).join(', ')})`);
  }
  return stage;
}
