import type { SqlClient, SqlMigration } from '@bizosaas/domain';

/** A named, ordered list of migrations (the platform's, or one connector's). */
export interface MigrationSet {
  readonly name: string;
  readonly migrations: readonly SqlMigration[];
}

export interface AppliedMigration {
  readonly setName: string;
  readonly id: string;
}

// One lock per schema: two schemas in one database migrate independently, two processes on one schema queue.
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('bizosaas.migrate:' || coalesce(current_schema(), '')))`;

/**
 * Applies every migration not yet recorded in `schema_migrations`, set by set in the given order and by
 * `id` within a set, each in its own transaction under an advisory lock, so concurrent callers (two
 * processes starting at once) apply each migration exactly once.
 * Returns the migrations applied by this call (empty when the schema was up to date).
 * Raises `Error` for duplicate set names or ids, and the driver's error for a failing migration (that
 * migration is rolled back; earlier ones stay applied).
 */
export async function migrate(db: SqlClient, sets: readonly MigrationSet[]): Promise<AppliedMigration[]> {
  assertUnique(sets);
  await db.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      set_name text NOT NULL,
      id text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (set_name, id)
    )`);
  });
  const applied: AppliedMigration[] = [];
  for (const set of sets) {
    const done = await appliedIds(db, set.name);
    for (const migration of [...set.migrations].sort(byId)) {
      if (done.has(migration.id)) continue;
      const ran = await db.transaction(async (tx) => {
        await tx.query(LOCK);
        // Re-check under the lock: another process may have applied it since we read `done`.
        const existing = await tx.query('SELECT 1 FROM schema_migrations WHERE set_name = $1 AND id = $2', [set.name, migration.id]);
        if (existing.rows.length > 0) return false;
        await tx.query(migration.sql);
        await tx.query('INSERT INTO schema_migrations (set_name, id) VALUES ($1, $2)', [set.name, migration.id]);
        return true;
      });
      if (ran) applied.push({ setName: set.name, id: migration.id });
    }
  }
  return applied;
}

async function appliedIds(db: SqlClient, setName: string): Promise<Set<string>> {
  const result = await db.query('SELECT id FROM schema_migrations WHERE set_name = $1', [setName]);
  const ids = new Set<string>();
  for (const row of result.rows) if (typeof row.id === 'string') ids.add(row.id);
  return ids;
}

// Code-unit order, not locale order, so every machine applies migrations in the same sequence.
function byId(a: SqlMigration, b: SqlMigration): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function assertUnique(sets: readonly MigrationSet[]): void {
  const names = new Set<string>();
  for (const set of sets) {
    if (names.has(set.name)) throw new Error(`migration set "${set.name}" is listed twice`);
    names.add(set.name);
    const ids = new Set<string>();
    for (const migration of set.migrations) {
      if (ids.has(migration.id)) throw new Error(`migration set "${set.name}" has two migrations with id "${migration.id}"`);
      ids.add(migration.id);
    }
  }
}
