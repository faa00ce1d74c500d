import { useState } from 'react';
import { DASHBOARD_EVENT_TYPES, describeEvent, emptyTally, foldEvent } from '../live/dashboard-tally';
import { useEventStream } from '../live/use-event-stream';
import { formatDate, formatMoney } from '../ui/format';

const STATUS_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting (will resume without losing events)…', stopped: 'Stopped' } as const;

/** Figures since this dashboard opened, updated from subscriptions; a dropped connection resumes from its cursor. */
export function DashboardPage() {
  const [tally, setTally] = useState(emptyTally);
  const stream = useEventStream(DASHBOARD_EVENT_TYPES, (event) => setTally((current) => foldEvent(current, event)));
  const revenue = Object.entries(tally.revenue);
  return (
    <>
      <p role="status" aria-live="polite" className={`stream stream-${stream.status}`} data-stream-status={stream.status}>
        {STATUS_TEXT[stream.status]}{stream.detail && stream.status === 'reconnecting' ? ` (${stream.detail})` : ''}
      </p>
      <dl className="figures">
        <div><dt>Revenue</dt><dd data-figure="revenue">{revenue.length === 0 ? formatMoney(null) : revenue.map(([currency, amount]) => formatMoney({ amount, currency })).join(' + ')}</dd></div>
        <div><dt>Orders</dt><dd data-figure="orders">{tally.orders}</dd></div>
        <div><dt>Deals moved</dt><dd data-figure="deals-moved">{tally.dealsMoved}</dd></div>
        <div><dt>Content published</dt><dd data-figure="content-published">{tally.contentPublished}</dd></div>
      </dl>
      <p className="muted">Counted since this page opened.</p>
      <section aria-labelledby="recent-events">
        <h2 id="recent-events">Latest events</h2>
        {tally.recent.length === 0 ? <p className="empty">Nothing yet: events appear here as they happen.</p> : (
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
