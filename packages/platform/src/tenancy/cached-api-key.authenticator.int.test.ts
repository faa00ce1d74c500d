import { beforeAll, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/database.test-support.js';
import { migrate } from '../db/migrate.js';
import { platformMigrationSet } from '../db/platform.migrations.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { CachedApiKeyAuthenticator } from './cached-api-key.authenticator.js';
import { TenantRepository } from './tenant.repository.js';

describeOnEachEngine('CachedApiKeyAuthenticator over PostgreSQL', (context) => {
  let tenantId: string;

  beforeAll(async () => {
    const { db } = context();
    await migrate(db, [platformMigrationSet]);
    tenantId = (await new TenantRepository(db).create({ slug: 'acme', name: 'Acme' })).id;
  });

  it('a key revoked through one process stops working in another within its poll interval', async () => {
    const { db, openPeer } = context();
    const peer = await openPeer();
    const { key, record } = await new ApiKeyRepository(db).create({ tenantId, name: 'ci', roles: ['viewer'] });
    const elsewhere = new CachedApiKeyAuthenticator(new ApiKeyRepository(peer), { pollMs: 200 });
    await elsewhere.start();
    try {
      expect(await elsewhere.authenticate(key)).toMatchObject({ keyId: record.id, tenantId });
      expect(elsewhere.size).toBe(1);
      await new ApiKeyRepository(db).revoke(tenantId, record.id);
      const deadline = Date.now() + 3_000;
      let answer = await elsewhere.authenticate(key);
      while (answer !== null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await elsewhere.authenticate(key);
      }
      expect(answer).toBeNull();
      expect(elsewhere.size).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('a key revoked through the repository it reads is refused at once in the same process', async () => {
    const repo = new ApiKeyRepository(context().db);
    const { key, record } = await repo.create({ tenantId, name: 'local', roles: ['viewer'] });
    const auth = new CachedApiKeyAuthenticator(repo, { pollMs: 60_000 });
    await auth.start();
    try {
      expect(await auth.authenticate(key)).not.toBeNull();
      await repo.revoke(tenantId, record.id);
      expect(await auth.authenticate(key)).toBeNull();
    } finally {
      await auth.close();
    }
  });

  it('revokedSince lists keys revoked from that time on, and none for a null start', async () => {
    const repo = new ApiKeyRepository(context().db);
    const first = await repo.revokedSince(null);
    expect(first.keyIds).toEqual([]);
    const { record } = await repo.create({ tenantId, name: 'old', roles: ['viewer'] });
    await repo.revoke(tenantId, record.id);
    expect((await repo.revokedSince(first.now)).keyIds).toContain(record.id);
    expect((await repo.revokedSince(new Date(Date.now() + 60_000))).keyIds).not.toContain(record.id);
  });
});
