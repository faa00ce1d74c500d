import { ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { agentPositionAfter, assertPageSize, encodeAgentCursor, encodeRunCursor, runSeqAfter, toPage } from './agent-cursor.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ValidationError ? error.violations[0]?.field : 'not a ValidationError';
  }
  return undefined;
}

describe('agent cursors', () => {
  it('round-trip agent positions and run seqs, and start before everything', () => {
    expect(agentPositionAfter({ first: 5, after: encodeAgentCursor({ rank: 1, seq: '42' }) })).toEqual({ rank: 1, seq: '42' });
    expect(agentPositionAfter({ first: 5, after: encodeAgentCursor({ rank: 0, seq: '7' }) })).toEqual({ rank: 0, seq: '7' });
    expect(agentPositionAfter({ first: 5 })).toEqual({ rank: 0, seq: '0' });
    expect(runSeqAfter({ first: 5, after: encodeRunCursor('99') })).toBe('99');
    expect(runSeqAfter({ first: 5, after: null })).toBeNull();
  });

  it('reject forged cursors and the other list’s cursors naming `after`', () => {
    const forged = Buffer.from('agent:2:5').toString('base64url');
    for (const after of ['', 'not base64!', forged, encodeRunCursor('5'), Buffer.from('agent:1:-5').toString('base64url')]) {
      expect(fieldOf(() => agentPositionAfter({ first: 5, after }))).toBe('after');
    }
    for (const after of [encodeAgentCursor({ rank: 0, seq: '5' }), Buffer.from('run:1e3').toString('base64url')]) {
      expect(fieldOf(() => runSeqAfter({ first: 5, after }))).toBe('after');
    }
  });

  it('accepts page sizes 1..100 only', () => {
    expect(fieldOf(() => assertPageSize({ first: 1 }))).toBeUndefined();
    expect(fieldOf(() => assertPageSize({ first: 100 }))).toBeUndefined();
    for (const first of [0, 101, 1.5, Number.NaN]) expect(fieldOf(() => assertPageSize({ first }))).toBe('first');
  });

  it('toPage uses the extra row only to say there is a next page', () => {
    const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const page = toPage(rows, 2, 9, (r) => `c${r.n}`, (r) => r.n * 10);
    expect(page).toEqual({ items: [{ node: 10, cursor: 'c1' }, { node: 20, cursor: 'c2' }], endCursor: 'c2', hasNextPage: true, totalCount: 9 });
    expect(toPage(rows.slice(0, 2), 2, 2, (r) => `c${r.n}`, (r) => r.n)).toMatchObject({ endCursor: null, hasNextPage: false });
  });
});
