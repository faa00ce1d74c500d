import { createHash } from 'node:crypto';
import { DomainError, NotFoundError, ValidationError } from '@bizosaas/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { platformMigrationSet } from '../db/platform.migrations.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ConnectionRepository } from './connection.repository.js';
import { TenantRepository } from './tenant.repository.js';

describeOnEachEngine('tenancy repositories', (context) => {
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    const { db } = context();
    await migrate(db, [platformMigrationSet]);
    const tenants = new TenantRepository(db);
    acme = (await tenants.create({ slug: 'acme', name: 'Acme' })).id;
    globex = (await tenants.create({ slug: 'globex', name: 'Globex' })).id;
  });

  describe('TenantRepository', () => {
    it('creates tenants with ten_ ids and finds them by id and slug', async () => {
      const tenants = new TenantRepository(context().db);
      const created = await tenants.create({ slug: 'initech-2', name: '  Initech  ' });
      expect(created.id).toMatch(/^ten_[a-z2-7]{20}$/);
      expect(created.name).toBe('Initech');
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await tenants.getById(created.id)).toEqual(created);
      expect(await tenants.getBySlug('initech-2')).toEqual(created);
      expect(await tenants.getBySlug('nope')).toBeNull();
      expect((await tenants.list()).map((t) => t.slug)).toEqual(expect.arrayContaining(['acme', 'globex', 'initech-2']));
    });

    it('rejects bad slugs naming the field, and a taken slug as a conflict', async () => {
      const tenants = new TenantRepository(context().db);
      for (const slug of ['A', 'has space', 'Upper', 'x'.repeat(41), 'é']) {
        const error = await tenants.create({ slug, name: 'X' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect(error instanceof ValidationError && error.violations.map((v) => v.field)).toEqual(['slug']);
      }
      const taken = await tenants.create({ slug: 'acme', name: 'Again' }).catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(DomainError);
      expect(taken instanceof DomainError && taken.code).toBe('PLATFORM.TENANT_SLUG_TAKEN');
    });
  });

  describe('ConnectionRepository', () => {
    it('activate() replaces the live connection atomically and touches no other connection', async () => {
      const connections = new ConnectionRepository(context().db);
      const acmeCms = await connections.activate({ tenantId: acme, port: 'cms', provider: 'wordpress', settings: { siteUrl: 'https://a.test' }, secretRef: null });
      const globexCrm = await connections.activate({ tenantId: globex, port: 'crm', provider: 'zoho', settings: {}, secretRef: null });
      const first = await connections.activate({
        tenantId: acme,
        port: 'crm',
        provider: 'hubspot',
        settings: { portalId: 42, nested: { region: 'eu' } },
        secretRef: `tenants/${acme}/crm/hubspot`,
      });
      expect(first).toMatchObject({ status: 'active', version: 1, provider: 'hubspot', settings: { portalId: 42, nested: { region: 'eu' } } });
      expect(first.id).toMatch(/^con_/);
      expect(first.connectedAt).toBeInstanceOf(Date);

      const second = await connections.activate({ tenantId: acme, port: 'crm', provider: 'zoho', settings: { apiDomain: 'https://www.zohoapis.eu' }, secretRef: null });
      expect(await connections.getActive(acme, 'crm')).toEqual(second);
      const replaced = await connections.getById(first.id);
      expect(replaced).toMatchObject({ status: 'disconnected', version: 2 });
      expect(replaced?.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
      // Other ports and other tenants are untouched.
      expect(await connections.getById(acmeCms.id)).toEqual(acmeCms);
      expect(await connections.getById(globexCrm.id)).toEqual(globexCrm);
      const live = await context().db.query(`SELECT id FROM connections WHERE tenant_id = $1 AND port = 'crm' AND status <> 'disconnected'`, [acme]);
      expect(live.rows).toEqual([{ id: second.id }]);
    });

    it('activate() run concurrently for one port leaves exactly one live connection', async () => {
      const { db, openPeer } = context();
      const peer = await openPeer();
      // Warm both pools so the activations really overlap instead of queueing behind connection set-up.
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 1'), peer.query('SELECT 1'), peer.query('SELECT 1')]);
      const activate = (client: typeof db) =>
        new ConnectionRepository(client).activate({ tenantId: globex, port: 'billing', provider: 'stripe', settings: {}, secretRef: null });
      const results = await Promise.all([activate(db), activate(peer), activate(db), activate(peer)]);
      const billing = (await new ConnectionRepository(db).listByTenant(globex)).filter((c) => c.port === 'billing');
      expect(billing).toHaveLength(4);
      expect(billing.filter((c) => c.status === 'active')).toHaveLength(1);
      expect(results.map((r) => r.id).sort()).toEqual(billing.map((c) => c.id).sort());
    });

    it('a failing caller transaction leaves no connection behind', async () => {
      const { db } = context();
      await expect(
        db.transaction(async (tx) => {
          await new ConnectionRepository(tx).activate({ tenantId: acme, port: 'llm', provider: 'openai', settings: {}, secretRef: null });
          throw new Error('secret store unavailable');
        }),
      ).rejects.toThrow('secret store unavailable');
      expect(await new ConnectionRepository(db).getActive(acme, 'llm')).toBeNull();
    });

    it('markStatus() bumps version and updatedAt and sets or clears lastError; disconnect() ends it', async () => {
      const connections = new ConnectionRepository(context().db);
      const created = await connections.activate({ tenantId: acme, port: 'messaging', provider: 'twilio', settings: {}, secretRef: null });
      const failed = await connections.markStatus(created.id, 'needs_reauth', 'refresh token revoked');
      expect(failed).toMatchObject({ status: 'needs_reauth', lastError: 'refresh token revoked', version: 2 });
      expect(failed.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
      const healed = await connections.markStatus(created.id, 'active');
      expect(healed).toMatchObject({ status: 'active', lastError: null, version: 3 });

      expect(await connections.disconnect(acme, 'messaging')).toMatchObject({ id: created.id, status: 'disconnected', version: 4 });
      expect(await connections.disconnect(acme, 'messaging')).toBeNull();
      expect(await connections.getActive(acme, 'messaging')).toBeNull();
      await expect(connections.markStatus(created.id, 'active')).rejects.toMatchObject({ code: 'PLATFORM.CONNECTION_DISCONNECTED' });
      await expect(connections.markStatus('con_missing', 'error')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('ApiKeyRepository', () => {
    it('stores the prefix and SHA-256 of the key, never the key itself', async () => {
      const { db } = context();
      const { key, record } = await new ApiKeyRepository(db).create({ tenantId: acme, name: 'ci', roles: ['editor'] });
      expect(key).toMatch(/^bzk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
      expect(key.startsWith(`bzk_${record.prefix}_`)).toBe(true);
      expect(record).not.toHaveProperty('keyHash');
      const stored = await db.query(`SELECT * FROM api_keys WHERE id = $1`, [record.id]);
      const row = stored.rows[0] ?? {};
      expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
      const secretPart = key.slice(`bzk_${record.prefix}_`.length);
      expect(JSON.stringify(row)).not.toContain(secretPart);
    });

    it('authenticates a valid key and records last use at most once a minute', async () => {
      const { db } = context();
      const keys = new ApiKeyRepository(db);
      const { key, record } = await keys.create({ tenantId: globex, name: 'portal', roles: ['viewer', 'editor', 'viewer'] });
      expect(record.roles).toEqual(['viewer', 'editor']);
      expect(record.lastUsedAt).toBeNull();
      expect(await keys.authenticate(key)).toEqual({ keyId: record.id, tenantId: globex, roles: ['viewer', 'editor'], name: 'portal' });
      const firstUse = (await keys.list(globex)).find((k) => k.id === record.id)?.lastUsedAt;
      expect(firstUse).toBeInstanceOf(Date);
      await keys.authenticate(key);
      const secondUse = (await keys.list(globex)).find((k) => k.id === record.id)?.lastUsedAt;
      expect(secondUse).toEqual(firstUse);
    });

    it('rejects malformed, unknown, wrong and revoked keys', async () => {
      const keys = new ApiKeyRepository(context().db);
      const { key, record } = await keys.create({ tenantId: acme, name: 'old', roles: ['admin'] });
      const lastChar = key.endsWith('A') ? 'B' : 'A';
      expect(await keys.authenticate(key.slice(0, -1) + lastChar)).toBeNull(); // right prefix, wrong secret
      expect(await keys.authenticate('bzk_aaaaaaaaaaaa_' + 'A'.repeat(43))).toBeNull(); // unknown prefix
      for (const malformed of ['', 'Bearer x', key.slice(0, -1), `${key}x`, key.replace('bzk_', 'bzx_'), key.toUpperCase()]) {
        expect(await keys.authenticate(malformed)).toBeNull();
      }
      expect(await keys.authenticate(key)).not.toBeNull();
      const revoked = await keys.revoke(acme, record.id);
      expect(revoked.revokedAt).toBeInstanceOf(Date);
      expect(await keys.authenticate(key)).toBeNull();
    });

    it('is tenant-isolated: listing and revoking see only the tenant’s own keys', async () => {
      const keys = new ApiKeyRepository(context().db);
      const { key, record } = await keys.create({ tenantId: acme, name: 'acme-only', roles: ['viewer'] });
      expect((await keys.list(globex)).map((k) => k.id)).not.toContain(record.id);
      expect((await keys.list(acme)).map((k) => k.id)).toContain(record.id);
      await expect(keys.revoke(globex, record.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await keys.authenticate(key)).toMatchObject({ tenantId: acme }); // still valid
    });

    it('validates roles and name, naming the fields', async () => {
      const keys = new ApiKeyRepository(context().db);
      const error = await keys.create({ tenantId: acme, name: ' ', roles: ['root'] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error instanceof ValidationError && error.violations.map((v) => v.field).sort()).toEqual(['name', 'roles']);
      await expect(keys.create({ tenantId: acme, name: 'x', roles: [] })).rejects.toBeInstanceOf(ValidationError);
    });

    it('createFromKey installs a chosen key idempotently and refuses a clash', async () => {
      const keys = new ApiKeyRepository(context().db);
      const demo = 'bzk_demoacme2345_' + 'd'.repeat(43);
      const first = await keys.createFromKey({ tenantId: acme, name: 'demo', roles: ['admin'], key: demo });
      const again = await keys.createFromKey({ tenantId: acme, name: 'demo', roles: ['admin'], key: demo });
      expect(again).toEqual(first);
      expect((await keys.list(acme)).filter((k) => k.prefix === 'demoacme2345')).toHaveLength(1);
      expect(await keys.authenticate(demo)).toMatchObject({ keyId: first.id, tenantId: acme, roles: ['admin'] });
      await expect(keys.createFromKey({ tenantId: globex, name: 'demo', roles: ['admin'], key: demo })).rejects.toMatchObject({
        code: 'PLATFORM.API_KEY_PREFIX_TAKEN',
      });
      await expect(keys.createFromKey({ tenantId: acme, name: 'demo', roles: ['admin'], key: 'bzk_short' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
});

