import { CriteriaError, matches, parseCriteria } from './zoho-emulator.criteria.js';
import { invalid, ZOHO_FIELDS, type ZohoApiError, type ZohoEmulatorStore, type ZohoModule, type ZohoRow } from './zoho-emulator.store.js';

/**
 * The records and settings endpoints of Zoho CRM v8 (https://www.zoho.com/crm/developer/docs/api/v8/):
 * get records (`ids`, `fields`, `per_page`, `page_token`, `sort_by`), search (`criteria`, `email`),
 * insert, update, layouts and pipelines. Envelopes as documented: `{ data, info }`, 204 when empty,
 * write results `{ data: [{ code, details, message, status }] }`, errors `{ code, details, message, status }`.
 */
export interface EmulatorAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const MODULES = new Set<string>(['Contacts', 'Accounts', 'Deals']);
const MAX_IDS = 100;
const MAX_PER_PAGE = 200;
const SEARCH_CAP = 2000;

const bad = (error: ZohoApiError, status = 400): EmulatorAnswer => ({ status, body: error });

export function handleCrmRequest(store: ZohoEmulatorStore, method: string, url: URL, body: string): EmulatorAnswer {
  const parts = url.pathname.split('/').slice(3); // ['', 'crm', 'v8', ...]
  const q = url.searchParams;
  if (parts[0] === 'settings') return settings(store, method, parts[1], q);
  const [module, second] = parts;
  if (module === undefined || !MODULES.has(module)) return bad(invalid('INVALID_MODULE', 'the module name given seems to be invalid', {}));
  const mod = module as ZohoModule;
  if (method === 'GET' && second === 'search') return search(store, mod, q);
  if (method === 'GET' && second === undefined) return q.has('ids') ? byIds(store, mod, q) : list(store, mod, q);
  if (method === 'POST' && second === undefined) return write(store, mod, body, undefined);
  if (method === 'PUT' && second !== undefined && /^\d+$/.test(second) && parts.length === 2) return write(store, mod, body, second);
  return bad(invalid('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'), 404);
}

function settings(store: ZohoEmulatorStore, method: string, what: string | undefined, q: URLSearchParams): EmulatorAnswer {
  if (method !== 'GET') return bad(invalid('INVALID_REQUEST_METHOD', 'The http request method type is not a valid one'));
  if (what === 'layouts') {
    if (q.get('module') !== 'Deals') return bad(invalid('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'module' }));
    return { status: 200, body: { layouts: [{ id: store.layoutId, name: 'Standard', visible: true, status: 'active' }] } };
  }
  if (what === 'pipeline') {
    const layoutId = q.get('layout_id');
    if (layoutId === null) return bad(invalid('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'layout_id' }));
    if (layoutId !== store.layoutId) return bad(invalid('INVALID_DATA', 'invalid data', { param_name: 'layout_id' }));
    return { status: 200, body: { pipeline: store.pipelines } };
  }
  return bad(invalid('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'), 404);
}

/** `fields` is mandatory on GET records; answers carry those fields and `id`. */
function fieldsOf(module: ZohoModule, q: URLSearchParams): string[] | ZohoApiError {
  const fields = q.get('fields');
  if (fields === null || fields.trim() === '') return invalid('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'fields' });
  const list = fields.split(',');
  const known = new Set([...Object.keys(ZOHO_FIELDS[module]), 'id', 'Created_Time', 'Modified_Time']);
  const unknown = list.find((f) => !known.has(f));
  return unknown === undefined ? list : invalid('INVALID_DATA', 'invalid data', { api_name: unknown });
}

function project(row: ZohoRow, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: row.id };
  for (const field of fields) out[field] = row[field] ?? null;
  return out;
}

function perPageOf(q: URLSearchParams): number | ZohoApiError {
  const perPage = Number(q.get('per_page') ?? MAX_PER_PAGE);
  return Number.isInteger(perPage) && perPage >= 1 && perPage <= MAX_PER_PAGE ? perPage : invalid('INVALID_DATA', 'invalid data', { param_name: 'per_page' });
}

function byIds(store: ZohoEmulatorStore, module: ZohoModule, q: URLSearchParams): EmulatorAnswer {
  const fields = fieldsOf(module, q);
  if (!Array.isArray(fields)) return bad(fields);
  const ids = (q.get('ids') ?? '').split(',').filter((id) => id !== '');
  if (ids.length > MAX_IDS) return bad(invalid('INVALID_DATA', `at most ${MAX_IDS} ids can be given`, { param_name: 'ids', maximum_length: MAX_IDS }));
  if (ids.some((id) => !/^\d+$/.test(id))) return bad(invalid('INVALID_DATA', 'invalid data', { param_name: 'ids' }));
  const rows = [...new Set(ids)].map((id) => store.records[module].get(id)).filter((row): row is ZohoRow => row !== undefined);
  if (rows.length === 0) return { status: 204 };
  return { status: 200, body: { data: rows.map((row) => project(row, fields)), info: { per_page: MAX_IDS, count: rows.length, page: 1, more_records: false } } };
}

/** Page tokens are opaque to clients; here they carry the offset and the sort. */
function list(store: ZohoEmulatorStore, module: ZohoModule, q: URLSearchParams): EmulatorAnswer {
  const fields = fieldsOf(module, q);
  if (!Array.isArray(fields)) return bad(fields);
  const perPage = perPageOf(q);
  if (typeof perPage !== 'number') return bad(perPage);
  const sortBy = q.get('sort_by') ?? 'id';
  const sortOrder = q.get('sort_order') ?? 'desc';
  if (!['id', 'Created_Time', 'Modified_Time'].includes(sortBy) || !['asc', 'desc'].includes(sortOrder)) return bad(invalid('INVALID_DATA', 'invalid data', { param_name: 'sort_by' }));
  let offset = (Number(q.get('page') ?? 1) - 1) * perPage;
  const token = q.get('page_token');
  if (token !== null) {
    const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
    const match = /^(\d+):(\w+):(asc|desc)$/.exec(decoded);
    if (!match || match[2] !== sortBy || match[3] !== sortOrder) return bad(invalid('INVALID_DATA', 'invalid data', { param_name: 'page_token' }));
    offset = Number(match[1]);
  } else if (offset + perPage > SEARCH_CAP) {
    return bad(invalid('INVALID_DATA', 'use page_token to fetch records beyond 2000', { param_name: 'page' }));
  }
  const rows = store.all(module).sort((a, b) => compare(a, b, sortBy));
  if (sortOrder === 'desc') rows.reverse();
  const page = rows.slice(offset, offset + perPage);
  if (page.length === 0) return { status: 204 };
  const more = offset + perPage < rows.length;
  const next = more ? Buffer.from(`${offset + perPage}:${sortBy}:${sortOrder}`, 'utf8').toString('base64url') : null;
  const info = { per_page: perPage, count: page.length, page: Math.floor(offset / perPage) + 1, sort_by: sortBy, sort_order: sortOrder, more_records: more, next_page_token: next, previous_page_token: null, page_token_expiry: next ? new Date(Date.now() + 86_400_000).toISOString() : null };
  return { status: 200, body: { data: page.map((row) => project(row, fields)), info } };
}

function compare(a: ZohoRow, b: ZohoRow, sortBy: string): number {
  if (sortBy === 'id') return BigInt(a.id) < BigInt(b.id) ? -1 : 1;
  return String(a[sortBy]).localeCompare(String(b[sortBy])) || (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
}

function search(store: ZohoEmulatorStore, module: ZohoModule, q: URLSearchParams): EmulatorAnswer {
  const perPage = perPageOf(q);
  if (typeof perPage !== 'number') return bad(perPage);
  const page = Number(q.get('page') ?? 1);
  if (!Number.isInteger(page) || page < 1) return bad(invalid('INVALID_DATA', 'invalid data', { param_name: 'page' }));
  if (page * perPage > SEARCH_CAP) return bad(invalid('LIMIT_REACHED', `search returns at most ${SEARCH_CAP} records`, { limit: SEARCH_CAP }));
  let test: (row: ZohoRow) => boolean;
  const email = q.get('email');
  const criteria = q.get('criteria');
  if (criteria !== null) {
    try {
      const parsed = parseCriteria(criteria);
      test = (row) => matches(parsed, row);
    } catch (error) {
      return bad(invalid('INVALID_QUERY', error instanceof CriteriaError ? error.message : 'invalid query', { param_name: 'criteria' }));
    }
  } else if (email !== null) {
    test = (row) => typeof row.Email === 'string' && row.Email.toLowerCase() === email.toLowerCase();
  } else {
    return bad(invalid('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'criteria' }));
  }
  const fields = q.has('fields') ? fieldsOf(module, q) : [...Object.keys(ZOHO_FIELDS[module]), 'Created_Time', 'Modified_Time'];
  if (!Array.isArray(fields)) return bad(fields);
  const rows = store.all(module).filter(test);
  const slice = rows.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return { status: 200, body: { data: slice.map((row) => project(row, fields)), info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < rows.length } } };
}

function write(store: ZohoEmulatorStore, module: ZohoModule, text: string, id: string | undefined): EmulatorAnswer {
  let records: unknown;
  try {
    records = (JSON.parse(text) as { data?: unknown }).data;
  } catch {
    return bad(invalid('INVALID_DATA', 'body', {}));
  }
  if (!Array.isArray(records) || records.length === 0 || records.length > 100) return bad(invalid('INVALID_DATA', 'body', { expected_data_type: 'jsonarray' }));
  if (id !== undefined && records.length !== 1) return bad(invalid('INVALID_DATA', 'body', {}));
  const results = records.map((record, index) => {
    const input = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
    const row = id === undefined ? store.create(module, input, `$.data[${index}]`) : store.update(module, id, input, `$.data[${index}]`);
    if ('status' in row && row.status === 'error') return row;
    const written = row as ZohoRow;
    const details = { Modified_Time: written.Modified_Time, Modified_By: { name: 'Emulator', id: '1' }, Created_Time: written.Created_Time, id: written.id, Created_By: { name: 'Emulator', id: '1' } };
    return { code: 'SUCCESS', details, message: id === undefined ? 'record added' : 'record updated', status: 'success' };
  });
  const failed = results.filter((r) => r.status === 'error').length;
  const status = failed === 0 ? (id === undefined ? 201 : 200) : failed === results.length ? 400 : 207;
  return { status, body: { data: results } };
}
