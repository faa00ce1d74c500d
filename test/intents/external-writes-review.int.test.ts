import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

const WRITE_FIELDS = 'id operation state reason attempts createdAt settledAt inputIds settledBy note';
const LIST = `query($state: ExternalWriteState, $first: Int, $after: String) {
  externalWrites(state: $state, first: $first, after: $after) { writes { ${WRITE_FIELDS} } endCursor hasNextPage }
}`;
const SETTLE = `mutation($id: ID!, $outcome: ExternalWriteOutcome!, $note: String) {
  settleExternalWrite(id: $id, outcome: $outcome, note: $note) { ${WRITE_FIELDS} }
}`;

interface Write {
  id: string;
  operation: string;
  state: string;
  reason: string | null;
  attempts: number;
  settledAt: string | null;
  inputIds: Record<string, unknown>;
  settledBy: string | null;
  note: string | null;
}

// An intent no resolver can decide (a WooCommerce stock adjustBy after a crash) waits in needs_review; a tenant
// admin lists it and settles it through the graph after checking at the shop.
describe('external writes set aside for review', () => {
  let t: TestApp;

  /** Inserts an intent row as the outbox and the recovery pass would have left it. */
  async function intent(tenantId: string, state: string, createdSecondsAgo: number, input: Record<string, unknown> = {}): Promise<string> {
    const id = randomUUID();
    await t.app.platform.db.query(
      `INSERT INTO external_intents (id, tenant_id, operation, input, idempotency_key, state, lease_until, attempts, last_error, created_at, settled_at)
       VALUES ($1, $2, 'commerce.inventory.update', $3, $4, $5, now(), 1, $6, now() - make_interval(secs => $7), CASE WHEN $5 = 'pending' THEN NULL ELSE now() END)`,
      [id, tenantId, JSON.stringify(input), `bizosaas-intent-${id}`, state, state === 'needs_review' ? 'check the level of var-1 at woocommerce' : null, createdSecondsAgo],
    );
    return id;
  }

  const stateOf = async (id: string) => {
    const [row] = (await t.app.platform.db.query('SELECT state, reviewed_by, review_note FROM external_intents WHERE id = $1', [id])).rows;
    if (row === undefined) throw new Error(`intent ${id} is gone`);
    return row;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("lists only the caller's tenant's writes in the asked state, newest first, paged, with ids but no other input", async () => {
    const acme = t.tenantId('acme');
    const globex = t.tenantId('globex');
    const older = await intent(acme, 'needs_review', 60, { variantId: 'var-1', change: { adjustBy: -2 }, email: 'buyer@example.org', correlationId: 'corr-1' });
    const newer = await intent(acme, 'needs_review', 30, { variantId: 'var-2', change: { adjustBy: 5 } });
    const pending = await intent(acme, 'pending', 10, { variantId: 'var-3' });
    const foreign = await intent(globex, 'needs_review', 20, { variantId: 'var-9' });

    const page = await t.gql(t.key('acme'), LIST, {});
    expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
    const writes = page.data.externalWrites.writes as Write[];
    expect(writes.map((w) => w.id)).toEqual([newer, older]);
    expect(writes[1]).toMatchObject({ operation: 'commerce.inventory.update', state: 'NEEDS_REVIEW', reason: 'check the level of var-1 at woocommerce', attempts: 1, settledBy: null, note: null });
    // Ids only: the stock change and the buyer's email stay out of the graph.
    expect(writes[1]?.inputIds).toEqual({ variantId: 'var-1', correlationId: 'corr-1' });
    expect(JSON.stringify(page.data)).not.toContain('buyer@example.org');

    const first = await t.gql(t.key('acme'), LIST, { first: 1 });
    expect(first.data.externalWrites).toMatchObject({ writes: [{ id: newer }], endCursor: newer, hasNextPage: true });
    const second = await t.gql(t.key('acme'), LIST, { first: 1, after: newer });
    expect(second.data.externalWrites).toMatchObject({ writes: [{ id: older }], hasNextPage: false });

    const pendingPage = await t.gql(t.key('acme'), LIST, { state: 'PENDING' });
    expect((pendingPage.data.externalWrites.writes as Write[]).map((w) => w.id)).toEqual([pending]);

    const other = await t.gql(t.key('globex'), LIST, {});
    expect((other.data.externalWrites.writes as Write[]).map((w) => w.id)).toEqual([foreign]);
    // Another tenant's id as a cursor is refused, not used to page.
    const foreignCursor = await t.gql(t.key('globex'), LIST, { after: newer });
    expect(foreignCursor.errors?.[0]?.message).toMatch(/after/);
    const badFirst = await t.gql(t.key('acme'), LIST, { first: 0 });
    expect(badFirst.errors?.[0]).toMatchObject({ message: expect.stringMatching(/first/), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('refuses callers without the admin role', async () => {
    const { key } = await t.app.platform.apiKeys.create({ tenantId: t.tenantId('acme'), name: 'viewer', roles: ['viewer'] });
    const id = await intent(t.tenantId('acme'), 'needs_review', 5);
    const list = await t.gql(key, LIST, {});
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const settle = await t.gql(key, SETTLE, { id, outcome: 'NO_EFFECT' });
    expect(settle.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await stateOf(id)).state).toBe('needs_review');
  });

  it('settles as TOOK_EFFECT or NO_EFFECT once, records who and the note, and audits the mutation', async () => {
    const key = t.key('acme');
    const took = await intent(t.tenantId('acme'), 'needs_review', 5, { variantId: 'var-1' });
    const none = await intent(t.tenantId('acme'), 'needs_review', 4, { variantId: 'var-2' });
    const viewer = await t.gql(key, '{ viewer { principalId } }');
    const principalId = viewer.data.viewer.principalId as string;

    const settled = await t.gql(key, SETTLE, { id: took, outcome: 'TOOK_EFFECT', note: 'level at the shop is 8, as adjusted' });
    expect(settled.errors, JSON.stringify(settled.errors)).toBeUndefined();
    expect(settled.data.settleExternalWrite).toMatchObject({ id: took, state: 'COMPLETED', settledBy: principalId, note: 'level at the shop is 8, as adjusted' });
    expect(await stateOf(took)).toEqual({ state: 'completed', reviewed_by: principalId, review_note: 'level at the shop is 8, as adjusted' });

    const noEffect = await t.gql(key, SETTLE, { id: none, outcome: 'NO_EFFECT' });
    expect(noEffect.data.settleExternalWrite).toMatchObject({ id: none, state: 'NO_EFFECT', settledBy: principalId, note: null });
    expect((await stateOf(none)).state).toBe('no_effect');

    // Settled writes leave the review list and show under their new state.
    const review = (await t.gql(key, LIST, {})).data.externalWrites.writes as Write[];
    expect(review.map((w) => w.id)).not.toContain(took);
    const completed = (await t.gql(key, LIST, { state: 'COMPLETED' })).data.externalWrites.writes as Write[];
    expect(completed.find((w) => w.id === took)).toMatchObject({ note: 'level at the shop is 8, as adjusted' });

    const again = await t.gql(key, SETTLE, { id: took, outcome: 'NO_EFFECT' });
    expect(again.errors?.[0]).toMatchObject({ message: expect.stringContaining(took), extensions: { code: 'INVALID_STATE' } });
    expect(again.errors?.[0]?.message).toContain('completed');
    expect((await stateOf(took)).state).toBe('completed');

    const audit = await until(
      'the settle mutations in the audit log',
      async () => (await t.gql(key, '{ auditLog(first: 50, filter: { action: "graphql.mutation" }) { entries { target outcome details } } }')).data.auditLog.entries as { target: string; outcome: string }[],
      (entries) => entries.filter((e) => e.target === 'settleExternalWrite').length >= 3,
    );
    const settles = audit.filter((e) => e.target === 'settleExternalWrite');
    expect(settles.filter((e) => e.outcome === 'success')).toHaveLength(2);
    expect(settles).toContainEqual(expect.objectContaining({ outcome: 'failure', details: expect.objectContaining({ errorCodes: ['INVALID_STATE'] }) }));
  });

  it("refuses a pending write, another tenant's write, a bad id, a bad outcome and an over-long note, naming the field", async () => {
    const key = t.key('acme');
    const pending = await intent(t.tenantId('acme'), 'pending', 3);
    const foreign = await intent(t.tenantId('globex'), 'needs_review', 3);

    const notInReview = await t.gql(key, SETTLE, { id: pending, outcome: 'TOOK_EFFECT' });
    expect(notInReview.errors?.[0]).toMatchObject({ message: expect.stringContaining(`${pending} is pending`), extensions: { code: 'INVALID_STATE' } });
    expect((await stateOf(pending)).state).toBe('pending');

    const otherTenant = await t.gql(key, SETTLE, { id: foreign, outcome: 'TOOK_EFFECT' });
    expect(otherTenant.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await stateOf(foreign)).state).toBe('needs_review');

    const badId = await t.gql(key, SETTLE, { id: 'not-an-id', outcome: 'TOOK_EFFECT' });
    expect(badId.errors?.[0]).toMatchObject({ message: expect.stringMatching(/\bid\b/), extensions: { code: 'BAD_USER_INPUT' } });

    const badOutcome = await t.gql(key, SETTLE, { id: foreign, outcome: 'MAYBE' });
    expect(badOutcome.errors?.[0]?.message).toMatch(/outcome/);

    const id = await intent(t.tenantId('acme'), 'needs_review', 2);
    const longNote = await t.gql(key, SETTLE, { id, outcome: 'NO_EFFECT', note: 'x'.repeat(1001) });
    expect(longNote.errors?.[0]).toMatchObject({ message: expect.stringMatching(/note/), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await stateOf(id)).state).toBe('needs_review');
  });
});
