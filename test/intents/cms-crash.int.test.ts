import { ContentEventTypes } from '@bizosaas/domain';
import { createContentContext, createContentIntentResolvers } from '@bizosaas/subgraph-content';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrupalEmulator } from '../../packages/connectors/test/emulators/drupal/drupal-emulator.js';
import { drupalAdapter } from '../../packages/connectors/test/emulators/drupal/drupal-emulator.setup.js';
import { IntentCrashLab } from './intent-crash-lab.js';

const identity = { tenantId: 'ten_cms', userId: 'usr_1', roles: ['editor'], requestId: 'req_cms' };

// Issue 10 for the CMS: the process dies after Drupal committed each write and before ours; the next
// process's recovery pass finds each write at Drupal: one effect and one event each.
describe('CMS writes killed after the upstream call (Drupal emulator)', () => {
  let emulator: DrupalEmulator;
  let lab: IntentCrashLab;

  beforeAll(async () => {
    emulator = await DrupalEmulator.start();
    lab = await IntentCrashLab.open();
  });
  afterAll(async () => {
    await lab?.close();
    await emulator?.close();
  });

  it('finds a created draft, an update and a publication at Drupal: one effect, one event each', async () => {
    const port = drupalAdapter(emulator, 'con_cms');
    const resolvers = createContentIntentResolvers({ cmsPortFor: async () => port });
    const content = await createContentContext({ cmsPortFor: async () => port, outbox: lab.outbox }, identity).content();
    const existing = emulator.seed('article', { title: 'Older post', status: false, body: '<p>old</p>' });

    await expect(content.create({ kind: 'post', title: 'Crash-safe launch', body: '<p>Hello</p>' })).rejects.toThrow(/killed/);
    const [existingId] = (await port.listContent({ first: 10 })).items.map((i) => i.node).filter((c) => c.title === 'Older post').map((c) => c.id);
    await expect(content.update(existingId ?? '', { title: 'Older post, renamed' })).rejects.toThrow(/killed/);
    await expect(content.publish(existingId ?? '')).rejects.toThrow(/killed/);
    expect(emulator.nodes.filter((n) => n.title === 'Crash-safe launch')).toHaveLength(1);

    expect(await lab.recover(resolvers)).toBe(3);
    expect(await lab.recover(resolvers)).toBe(0);
    expect(emulator.nodes.filter((n) => n.title === 'Crash-safe launch')).toHaveLength(1);
    expect(emulator.nodes.filter((n) => n.nid === existing.nid)).toHaveLength(1);
    const created = (await port.listContent({ first: 10 })).items.map((i) => i.node).find((c) => c.title === 'Crash-safe launch');
    const events = await lab.events();
    expect(events.map((e) => e.type)).toEqual([ContentEventTypes.ContentCreated, ContentEventTypes.ContentUpdated, ContentEventTypes.ContentPublished]);
    expect(events[0]?.payload).toEqual({ contentId: created?.id, kind: 'post', title: 'Crash-safe launch' });
    expect(events[1]?.payload).toEqual({ contentId: existingId, fields: ['title'] });
    expect(events[2]?.payload).toMatchObject({ contentId: existingId, title: 'Older post, renamed' });
  });

  it('settles a create that never reached Drupal and a publication Drupal did not make as no effect', async () => {
    const port = drupalAdapter(emulator, 'con_cms');
    const draft = emulator.seed('article', { title: 'Still a draft', status: false });
    const [draftId] = (await port.listContent({ first: 20 })).items.map((i) => i.node).filter((c) => c.title === 'Still a draft').map((c) => c.id);
    const eventsBefore = (await lab.events()).length;
    const neverSent = () => Promise.reject(new Error('connection reset'));
    const intent = (operation: string, input: Record<string, unknown>) => ({ intent: { tenantId: identity.tenantId, operation, input: { ...input, correlationId: null } }, through: port });
    await expect(lab.outbox.commit(neverSent, intent('content.content.create', { kind: 'post', title: 'Never written', slug: null }))).rejects.toThrow('connection reset');
    await expect(lab.outbox.commit(neverSent, intent('content.content.publish', { contentId: draftId }))).rejects.toThrow('connection reset');
    expect(await lab.recover(createContentIntentResolvers({ cmsPortFor: async () => port }))).toBe(2);
    expect(await lab.events()).toHaveLength(eventsBefore);
    expect((await lab.intents()).slice(-2).map((i) => i.state)).toEqual(['no_effect', 'no_effect']);
    expect(emulator.nodes.find((n) => n.nid === draft.nid)?.status).toBe(false);
  });
});
