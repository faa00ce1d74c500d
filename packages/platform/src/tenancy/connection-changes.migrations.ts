import type { MigrationSet } from '../db/migrate.js';

/** The channel every change of a `connections` row is announced on (payload: see `connectionChangePayload`). */
export const CONNECTION_CHANGES_CHANNEL = 'bizosaas_connection_changed';

/**
 * A trigger announces every insert, update and delete of a connection with NOTIFY, sent when its transaction
 * commits, whoever wrote it (this process, another one, a migration, psql). Processes that cache connection
 * lookups LISTEN and drop the entry. The payload names the table's schema, since NOTIFY is database-wide
 * and schemas share a database (tests, several deployments).
 */
export const connectionChangesMigrationSet: MigrationSet = {
  name: 'platform:connection-changes',
  migrations: [
    {
      id: '0001_notify_connection_changes',
      sql: `
        CREATE OR REPLACE FUNCTION notify_connection_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          changed connections;
        BEGIN
          IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
          PERFORM pg_notify('${CONNECTION_CHANGES_CHANNEL}', json_build_object('schema', TG_TABLE_SCHEMA, 'tenantId', changed.tenant_id, 'port', changed.port)::text);
          RETURN NULL;
        END $$;
        CREATE TRIGGER connections_notify_changed AFTER INSERT OR UPDATE OR DELETE ON connections
          FOR EACH ROW EXECUTE FUNCTION notify_connection_changed();
      `,
    },
  ],
};
