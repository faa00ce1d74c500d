import { DomainError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { InProcessWorkflowEngine } from './in-process-workflow-engine.js';

const noWait = async () => undefined;

describe('InProcessWorkflowEngine', () => {
  it('runs a workflow once per run id and hands each step a key stable for (run, step)', async () => {
    const engine = new InProcessWorkflowEngine(noWait);
    const keys: string[] = [];
    engine.register<{ n: number }, number>({ name: 'double', run: async (ctx, input) => ctx.step('calc', async (key) => (keys.push(key), input.n * 2)) });
    expect(await engine.start('double', { runId: 'r1', tenantId: 't', input: { n: 21 } })).toEqual({ runId: 'r1', alreadyStarted: false });
    expect(await engine.start('double', { runId: 'r1', tenantId: 't', input: { n: 1 } })).toEqual({ runId: 'r1', alreadyStarted: true });
    expect(await engine.awaitRun('r1', 1000)).toMatchObject({ status: 'SUCCESS', output: 42 });
    expect(keys).toEqual(['r1:calc']);
  });

  it('retries a failing step up to maxAttempts but never a DomainError', async () => {
    const engine = new InProcessWorkflowEngine(noWait);
    let flaky = 0;
    let refused = 0;
    engine.register({ name: 'flaky', run: async (ctx) => ctx.step('s', async () => { flaky += 1; if (flaky < 3) throw new Error('boom'); return 'ok'; }, { maxAttempts: 3 }) });
    engine.register({ name: 'refused', run: async (ctx) => ctx.step('s', async () => { refused += 1; throw new DomainError('conflict', 'X.TAKEN', 'taken'); }, { maxAttempts: 3 }) });
    await engine.start('flaky', { runId: 'a', tenantId: 't', input: {} });
    await engine.start('refused', { runId: 'b', tenantId: 't', input: {} });
    expect(await engine.awaitRun('a', 1000)).toMatchObject({ status: 'SUCCESS', output: 'ok' });
    expect(await engine.awaitRun('b', 1000)).toMatchObject({ status: 'ERROR', error: 'taken' });
    expect([flaky, refused]).toEqual([3, 1]);
  });

  it('delivers a message to recv once per idempotency key, and times out to null', async () => {
    const engine = new InProcessWorkflowEngine();
    engine.register({ name: 'approve', run: async (ctx) => [await ctx.recv<string>('decision', 1000), await ctx.recv<string>('decision', 20)] });
    await engine.start('approve', { runId: 'r', tenantId: 't', input: {} });
    await engine.send('r', 'decision', 'yes', 'k1');
    await engine.send('r', 'decision', 'yes again', 'k1');
    expect(await engine.awaitRun('r', 1000)).toMatchObject({ status: 'SUCCESS', output: ['yes', null] });
  });

  it('cancels a waiting run at its next step', async () => {
    const engine = new InProcessWorkflowEngine();
    let after = false;
    engine.register({ name: 'wait', run: async (ctx) => { await ctx.recv('go', 1000); await ctx.step('after', async () => { after = true; }); } });
    await engine.start('wait', { runId: 'r', tenantId: 't', input: {} });
    await engine.cancel('r');
    await engine.send('r', 'go', 1);
    expect(await engine.awaitRun('r', 1000)).toMatchObject({ status: 'CANCELLED' });
    expect(after).toBe(false);
  });
});
