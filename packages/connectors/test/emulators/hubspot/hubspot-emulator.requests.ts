import { randomUUID } from 'node:crypto';
import { OBJECT_TYPES, type ObjectType } from './hubspot-emulator.store.js';

/** Request parsing and error bodies of the HubSpot emulator, in HubSpot's documented shapes. */

export function errorBody(category: string, message: string) {
  return { status: 'error', message, correlationId: randomUUID(), category };
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectType(name: string | undefined): ObjectType {
  const found = OBJECT_TYPES.find((t) => t === name);
  if (!found) throw new HttpError(400, errorBody('VALIDATION_ERROR', `Unknown object type ${name}`));
  return found;
}

export function properties(url: URL): string[] | undefined {
  const raw = url.searchParams.getAll('properties').flatMap((p) => p.split(',')).filter((p) => p !== '');
  return raw.length > 0 ? raw : undefined;
}

export function associationTypes(url: URL): ObjectType[] {
  return url.searchParams.getAll('associations').flatMap((p) => p.split(',')).map((t) => objectType(t));
}

export function propsOf(body: unknown): Record<string, string> {
  const props = isRecord(body) && isRecord(body.properties) ? body.properties : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    if (typeof v !== 'string') throw new HttpError(400, errorBody('VALIDATION_ERROR', `Property ${k} must be a string`));
    out[k] = v;
  }
  return out;
}

export function associationInputs(body: unknown): { toId: string; typeIds: number[] }[] {
  const list = isRecord(body) && Array.isArray(body.associations) ? body.associations : [];
  return list.map((a: unknown) => ({
    toId: isRecord(a) && isRecord(a.to) ? String(a.to.id) : '',
    typeIds: isRecord(a) && Array.isArray(a.types) ? associationSpecs(a.types) : [],
  }));
}

export function associationSpecs(body: unknown): number[] {
  return (Array.isArray(body) ? body : []).map((t: unknown) => (isRecord(t) ? Number(t.associationTypeId) : NaN)).filter((n) => Number.isInteger(n));
}
