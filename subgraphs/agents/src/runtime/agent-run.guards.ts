import { createHash } from 'node:crypto';
import type { ChatMessage } from '@bizosaas/domain';
import type { AgentRunLimits, ModelPrice } from './agent-run.types.js';

/** JSON with object keys sorted, so equal arguments always serialise (and hash) the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The hash an approval is bound to: the tool and its exact arguments. */
export function argumentsHash(tool: string, args: unknown): string {
  return createHash('sha256').update(`${tool}\n${canonicalJson(args)}`).digest('hex');
}

/** The third identical (tool, arguments) call of a run stops it: a model stuck in a loop. */
export const MAX_IDENTICAL_CALLS = 3;

/** Counts calls per (tool, arguments); `note` answers how many times this one has now been made. */
export class LoopGuard {
  private readonly seen = new Map<string, number>();

  note(tool: string, args: unknown): number {
    const key = argumentsHash(tool, args);
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    return count;
  }
}

export function priceOf(limits: AgentRunLimits, model: string): ModelPrice {
  const price = limits.prices[model] ?? limits.prices.default;
  if (!price) throw new Error(`no price configured for model ${model} and no default price (AGENT_MODEL_PRICES)`);
  return price;
}

/** The dearest configured price (per component), for reservations made before the model is known. */
export function highestPrice(limits: AgentRunLimits): ModelPrice {
  const prices = Object.values(limits.prices);
  return { inputPerMillion: Math.max(0, ...prices.map((p) => p.inputPerMillion)), outputPerMillion: Math.max(0, ...prices.map((p) => p.outputPerMillion)) };
}

/** Cost in millionths of a dollar, rounded up: a budget is never undercounted. */
export function costMicros(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return Math.ceil(inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion);
}

/**
 * What a model call may use at most, reserved before it: the prompt estimated at one token per three
 * characters (generous for every tokenizer of Latin text) plus the full output allowance.
 */
export function estimateCall(messages: readonly ChatMessage[], toolsJson: string, limits: AgentRunLimits, price: ModelPrice): { tokens: number; costMicros: number; inputTokens: number } {
  const characters = messages.reduce((sum, m) => sum + m.content.length + (m.toolCalls ? JSON.stringify(m.toolCalls).length : 0) + 8, 0) + toolsJson.length;
  const inputTokens = Math.ceil(characters / 3);
  return { tokens: inputTokens + limits.maxOutputTokens, inputTokens, costMicros: costMicros(price, inputTokens, limits.maxOutputTokens) };
}

/** The UTC day a reservation counts against. */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}
