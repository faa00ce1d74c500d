import { describeEvent } from '../live/dashboard-tally';
import { useTodayTally } from '../live/use-today-tally';
import { formatDate, formatMoney } from '../ui/format';
import { ErrorNotice } from '../ui/status';

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting (will resume without losing events)…', stopped: 'Stopped' } as const;

/**
 * Today's figures: the events since the browser's midnight read by query, then updated from subscriptions;
 * a dropped connection resumes from its cursor.
 */
export function DashboardPage() {
  const { day, tally, history, stream, retry } = useTodayTally();
  const revenue = Object.entries(tally.revenue);
  const status = history.phase === 'loaded' ? stream.status : 'connecting';
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <>
      <p role="status" aria-live="polite" className={`stream stream-${status}`} data-stream-status={status} data-history={history.phase}>
        {history.phase === 'loading' ? "Loading today's events…" : STATUS_TEXT[status]}
        {stream.detail && status === 'reconnecting' ? ` (${stream.detail})` : ''}
      </p>
      {history.phase === 'failed' ? (
        <>
          <ErrorNotice error={history.error} title="Could not load today's events" />
          <button type="button" onClick={retry}>Try again</button>
        </>
      ) : null}
      <dl className="figures">
        <div><dt>Revenue</dt><dd data-figure="revenue">{revenue.length === 0 ? formatMoney(null) : revenue.map(([currency, amount]) => formatMoney({ amount, currency })).join(' + ')}</dd></div>
        <div><dt>Orders</dt><dd data-figure="orders">{tally.orders}</dd></div>
        <div><dt>Deals moved</dt><dd data-figure="deals-moved">{tally.dealsMoved}</dd></div>
        <div><dt>Content published</dt><dd data-figure="content-published">{tally.contentPublished}</dd></div>
      </dl>
      <p className="muted" data-since={day.toISOString()}>Today: counted since midnight, {formatDate(day.toISOString())} ({zone}), from the events the platform retains.</p>
      <section aria-labelledby="recent-events">
        <h2 id="recent-events">Latest events</h2>
        {tally.recent.length === 0 ? <p className="empty">Nothing yet today: events appear here as they happen.</p> : (
          <ol className="events" aria-live="polite">
            {tally.recent.map((event) => (
              <li key={event.id} data-event-id={event.id}>
                {describeEvent(event)} <code>{event.type}</code> <span className="muted">{formatDate(event.occurredAt)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
