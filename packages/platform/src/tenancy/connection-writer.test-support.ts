/**
 * A second process for the connection-lookup test: writes connections on the database and schema named by
 * WRITER_DATABASE_URL and WRITER_SCHEMA, one command per stdin line, answering `DONE <json>` or `FAILED <message>`:
 *   activate <tenantId> <port> <provider> | status <connectionId> <status> | disconnect <tenantId> <port>
 */
import { isPortName } from '@bizosaas/domain';
import { createInterface } from 'node:readline';
import { openDatabase } from '../db/database.js';
import { ConnectionRepository } from './connection.repository.js';

const url = process.env.WRITER_DATABASE_URL;
const schema = process.env.WRITER_SCHEMA;
if (!url || !schema) throw new Error('WRITER_DATABASE_URL and WRITER_SCHEMA are required');
const db = await openDatabase({ url, schema });
const connections = new ConnectionRepository(db);

async function run(words: string[]): Promise<unknown> {
  const [command, a = '', b = '', c = ''] = words;
  if (command === 'activate' && isPortName(b)) return connections.activate({ tenantId: a, port: b, provider: c, settings: {}, secretRef: null });
  if (command === 'status' && (b === 'active' || b === 'error' || b === 'needs_reauth')) return connections.markStatus(a, b, b === 'active' ? undefined : 'set by the writer');
  if (command === 'disconnect' && isPortName(b)) return connections.disconnect(a, b);
  throw new Error(`unknown command: ${words.join(' ')}`);
}

process.stdout.write('READY\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'EXIT') break;
  try {
    process.stdout.write(`DONE ${JSON.stringify(await run(line.trim().split(/\s+/)))}\n`);
  } catch (error) {
    process.stdout.write(`FAILED ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
await db.close();
process.exit(0);
