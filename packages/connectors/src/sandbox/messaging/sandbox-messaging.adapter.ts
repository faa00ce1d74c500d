import { randomBytes } from 'node:crypto';
import { EntityIds, Violations, type Message, type MessagingPort, type NewMessage, type Page, type PageRequest, type SqlClient } from '@bizosaas/domain';
import { seqAfter, toPage } from '../shared/paging.js';
import { SANDBOX_PROVIDER } from '../shared/sandbox-settings.js';
import { E164, messageFromRow, SANDBOX_DEFAULT_SENDER, SANDBOX_MESSAGE_KIND } from './sandbox-messaging.mapping.js';
import { parseMessageRow } from './sandbox-messaging.rows.js';

/** What the adapter needs: the platform database, the tenant's dataset and the connection minting ids. */
export interface SandboxMessagingAdapterOptions {
  readonly sql: SqlClient;
  readonly dataset: string;
  readonly connectionId: string;
}

/** Twilio's message limit: longer bodies are refused, not split. */
const MAX_BODY = 1600;
const MAX_KEY = 255;

/**
 * Checks a send before anything is written. Raises one `ValidationError` naming every bad field: `to`
 * (not E.164), `body` (empty or over 1600 characters), `channel`, `idempotencyKey`.
 */
function validateSend(input: NewMessage, idempotencyKey: string | undefined): void {
  const violations = new Violations();
  if (input.channel !== 'sms' && input.channel !== 'whatsapp') violations.add('channel', 'must be "sms" or "whatsapp"');
  if (!E164.test(input.to)) violations.add('to', 'must be an E.164 phone number: "+", country code and number, no spaces, e.g. "+14155550123"');
  // Characters, not UTF-16 units: an emoji counts once, as it does for the provider.
  const length = [...input.body].length;
  if (input.body.trim() === '') violations.add('body', 'must not be empty');
  else if (length > MAX_BODY) violations.add('body', `must be at most ${MAX_BODY} characters (it has ${length})`);
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY)) {
    violations.add('idempotencyKey', `must be 1 to ${MAX_KEY} characters`);
  }
  violations.throwIfAny();
}

/**
 * The sandbox messaging provider: messages in the platform database, "sent" at once from the dataset's
 * sender number. Nothing leaves the machine.
 */
export class SandboxMessagingAdapter implements MessagingPort {
  readonly provider = SANDBOX_PROVIDER;
  private readonly sql: SqlClient;
  private readonly dataset: string;
  private readonly ids: EntityIds;

  constructor(options: SandboxMessagingAdapterOptions) {
    this.sql = options.sql;
    this.dataset = options.dataset;
    this.ids = new EntityIds(options.connectionId);
  }

  /**
   * Sends a message (status `sent`: the sandbox queues and hands it over in one step). With an
   * `idempotencyKey` already used in this dataset, answers the first message and creates nothing.
   * Raises `ValidationError` naming `to`, `body`, `channel` or `idempotencyKey`.
   */
  async sendMessage(input: NewMessage, options: { readonly idempotencyKey?: string } = {}): Promise<Message> {
    const key = options.idempotencyKey;
    validateSend(input, key);
    // One statement: concurrent sends with the same key meet at the unique index, and all but the
    // first insert nothing; each of those then reads the first one's row.
    const inserted = await this.sql.query(
      `insert into sandbox_messaging_messages (dataset, id, channel, direction, from_number, to_number, body, status, idempotency_key)
       values ($1, $2, $3, 'outbound',
               coalesce((select phone_number from sandbox_messaging_numbers where dataset = $1 order by seq limit 1), $4),
               $5, $6, 'sent', $7)
       on conflict (dataset, idempotency_key) do nothing
       returning *`,
      [this.dataset, `SM${randomBytes(16).toString('hex')}`, input.channel, SANDBOX_DEFAULT_SENDER, input.to, input.body, key ?? null],
    );
    const row = inserted.rows[0] ?? (await this.sql.query('select * from sandbox_messaging_messages where dataset = $1 and idempotency_key = $2', [this.dataset, key])).rows[0];
    return messageFromRow(parseMessageRow(row), this.ids);
  }

  async listMessages(request: PageRequest): Promise<Page<Message>> {
    const after = seqAfter(request);
    const count = await this.sql.query('select count(*)::int as total from sandbox_messaging_messages where dataset = $1', [this.dataset]);
    const { rows } = await this.sql.query('select * from sandbox_messaging_messages where dataset = $1 and seq > $2::bigint order by seq limit $3', [
      this.dataset,
      after,
      request.first + 1,
    ]);
    const total = count.rows[0]?.total;
    return toPage(rows.map(parseMessageRow), request.first, typeof total === 'number' ? total : 0, (row) => messageFromRow(row, this.ids));
  }

  /** Batch read in one query; one slot per id in request order, null for unknown, foreign or malformed ids. */
  async getMessages(ids: readonly string[]): Promise<readonly (Message | null)[]> {
    const externalIds = ids.map((id) => this.ids.decode(SANDBOX_MESSAGE_KIND, id));
    const wanted = [...new Set(externalIds.filter((id): id is string => id !== undefined))];
    if (wanted.length === 0) return ids.map(() => null);
    const { rows } = await this.sql.query('select * from sandbox_messaging_messages where dataset = $1 and id = any($2::text[])', [this.dataset, wanted]);
    const byId = new Map(rows.map((row) => {
      const message = messageFromRow(parseMessageRow(row), this.ids);
      return [message.externalId, message] as const;
    }));
    return externalIds.map((externalId) => (externalId === undefined ? null : (byId.get(externalId) ?? null)));
  }
}
