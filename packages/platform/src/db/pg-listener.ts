import pg from 'pg';

/** What a listener reports; every callback is called on the event loop, never concurrently. */
export interface NotificationHandlers {
  /** One NOTIFY on the channel, with its payload ('' when none). */
  onNotification(payload: string): void;
  /** LISTEN is in place, first and after every reconnect: notifications sent meanwhile were missed. */
  onLive(): void;
  /** The listening connection is gone; notifications are missed until the next `onLive`. */
  onLost(error: Error): void;
}

/** A running LISTEN; `close` stops it for good. */
export interface NotificationSubscription {
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * LISTENs on `channel` over a dedicated connection (a pooled one would be handed to other queries), and
 * reconnects with backoff whenever it is lost. Raises `Error` at once for a channel that is not a plain
 * lowercase identifier; connection failures go to `onLost`, never to the caller.
 */
export function listenOnPostgres(connection: pg.ClientConfig, channel: string, handlers: NotificationHandlers): NotificationSubscription {
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel "${channel}": use 1-63 of a-z, 0-9 and _`);
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const lost = (from: pg.Client, error: Error) => {
    if (client !== from) return;
    client = undefined;
    from.removeAllListeners('notification');
    // Errors of a connection being dropped must not go unhandled.
    from.on('error', () => undefined);
    void from.end().catch(() => undefined);
    if (closed) return;
    handlers.onLost(error);
    timer = setTimeout(() => void connect(), retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client(connection);
    client = next;
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('the notification connection ended')));
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotification(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      lost(next, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (client !== next || closed) return;
    retryMs = RETRY_MIN_MS;
    handlers.onLive();
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
