import { MAX_PAGE_SIZE, ValidationError, type Page, type PageRequest } from '@bizosaas/domain';

/** Where an agent sits in a tenant's list: built-ins (rank 0) before the tenant's own (rank 1), each by `seq`. */
export interface AgentPosition {
  readonly rank: 0 | 1;
  readonly seq: string;
}

const AGENT_PREFIX = 'agent:';
const RUN_PREFIX = 'run:';

/** The opaque cursor of an agent. */
export function encodeAgentCursor(position: AgentPosition): string {
  return Buffer.from(`${AGENT_PREFIX}${position.rank}:${position.seq}`, 'utf8').toString('base64url');
}

/** The opaque cursor of a run. */
export function encodeRunCursor(seq: string): string {
  return Buffer.from(`${RUN_PREFIX}${seq}`, 'utf8').toString('base64url');
}

/**
 * The position to continue after; `{ rank: 0, seq: '0' }` (before everything) for the first page.
 * Raises `ValidationError` naming `after` for a cursor this list never issued.
 */
export function agentPositionAfter(request: PageRequest): AgentPosition {
  if (request.after === undefined || request.after === null) return { rank: 0, seq: '0' };
  const match = /^([01]):(\d{1,18})$/.exec(decode(request.after, AGENT_PREFIX));
  if (match === null) throw badCursor();
  return { rank: match[1] === '0' ? 0 : 1, seq: match[2] ?? '0' };
}

/**
 * The run `seq` to continue after (runs are listed newest first, so the next page has smaller seqs), or
 * null for the first page. Raises `ValidationError` naming `after` for a cursor this list never issued.
 */
export function runSeqAfter(request: PageRequest): string | null {
  if (request.after === undefined || request.after === null) return null;
  const seq = decode(request.after, RUN_PREFIX);
  if (!/^\d{1,18}$/.test(seq)) throw badCursor();
  return seq;
}

/** Raises `ValidationError` naming `first` unless it is 1..MAX_PAGE_SIZE. */
export function assertPageSize(request: PageRequest): void {
  if (!Number.isInteger(request.first) || request.first < 1 || request.first > MAX_PAGE_SIZE) {
    throw new ValidationError([{ field: 'first', reason: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }]);
  }
}

/**
 * Builds a page from rows fetched with `limit first + 1`: the extra row only says there is a next page.
 * `endCursor` is null on the last page (the `Page` contract).
 */
export function toPage<R, T>(rows: readonly R[], first: number, totalCount: number, cursorOf: (row: R) => string, toNode: (row: R) => T): Page<T> {
  const hasNextPage = rows.length > first;
  const pageRows = rows.slice(0, first);
  const items = pageRows.map((row) => ({ node: toNode(row), cursor: cursorOf(row) }));
  const last = pageRows[pageRows.length - 1];
  return { items, endCursor: hasNextPage && last !== undefined ? cursorOf(last) : null, hasNextPage, totalCount };
}

// A cursor of the other list, or not base64url at all, decodes to '' and is then rejected by the caller.
function decode(cursor: string, prefix: string): string {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  return text.startsWith(prefix) ? text.slice(prefix.length) : '';
}

function badCursor(): ValidationError {
  return new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
}
