import type { DomainEvent } from '@bizosaas/domain';
import { z } from 'zod';

/**
 * Shapes of the Redis replies the Redis bus reads, parsed rather than cast (STYLE.md, "validate what
 * crosses the boundary"), and the envelope codec.
 */

/** One stream entry: `[id, [field, value, field, value, ...]]`. */
export const streamEntrySchema = z.tuple([z.string(), z.array(z.string())]);
export type StreamEntry = z.infer<typeof streamEntrySchema>;

/** XRANGE / XREVRANGE. */
export const streamEntriesSchema = z.array(streamEntrySchema);

/** XREAD / XREADGROUP: null on timeout, else `[[key, entries]]`. */
export const streamReadSchema = z.array(z.tuple([z.string(), streamEntriesSchema])).nullable();

/** XAUTOCLAIM: `[next cursor, claimed entries (null when deleted, before 7.0), deleted ids (7.0+)]`. */
export const autoClaimSchema = z.tuple([z.string(), z.array(streamEntrySchema.nullable())]).rest(z.array(z.string()));

/** XPENDING extended form: `[[id, consumer, idle ms, times delivered]]`. */
export const pendingSchema = z.array(z.tuple([z.string(), z.string(), z.number(), z.number()]));

/** The Lua publish script's reply: `[tenant stream id, global stream id]`. */
export const publishReplySchema = z.tuple([z.string(), z.string()]);

const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  tenantId: z.string().min(1),
  occurredAt: z.string(),
  source: z.string(),
  correlationId: z.string().nullable(),
  payload: z.unknown(),
});

export function encodeEnvelope(event: DomainEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    source: event.source,
    correlationId: event.correlationId,
    payload: event.payload,
  });
}

/** Parses an envelope written by `encodeEnvelope`; throws with a reason (never the payload) when it is not one. */
export function decodeEnvelope(text: string): DomainEvent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the event envelope is not JSON');
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) throw new Error(`the event envelope is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const e = parsed.data;
  return { id: e.id, type: e.type, tenantId: e.tenantId, occurredAt: e.occurredAt, source: e.source, correlationId: e.correlationId, payload: e.payload };
}

/** The flat field list of an entry as a map. */
export function fieldsOf(entry: StreamEntry): Map<string, string> {
  const [, flat] = entry;
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] ?? '', flat[i + 1] ?? '');
  return fields;
}

/** An entry of the global stream: routing fields readable without parsing the envelope. */
export interface GlobalEntry {
  readonly id: string;
  readonly tenantId: string;
  readonly type: string;
  /** The event's id in its tenant stream. */
  readonly cursor: string;
  /** The JSON envelope, parsed only when someone wants the event. */
  readonly envelope: string;
}

/** Reads the fields the publish script writes to the global stream; throws naming the missing ones. */
export function toGlobalEntry(entry: StreamEntry): GlobalEntry {
  const fields = fieldsOf(entry);
  const tenantId = fields.get('tenant');
  const type = fields.get('type');
  const cursor = fields.get('cursor');
  const envelope = fields.get('event');
  if (tenantId === undefined || type === undefined || cursor === undefined || envelope === undefined) {
    throw new Error('the stream entry lacks tenant, type, cursor or event');
  }
  return { id: entry[0], tenantId, type, cursor, envelope };
}

/** Orders two stream ids (`ms-seq`) numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

export const STREAM_ID_PATTERN = /^\d+-\d+$/;
