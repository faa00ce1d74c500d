/**
 * Counters and gauges of the event plumbing (issue 10, part 6): how far the outbox relay is behind, and
 * what the consumer groups lost or set aside. One instance per process, rendered at GET /metrics as
 * Prometheus text; every change here also has a log line where it happens.
 */
export class EventPlumbingMetrics {
  /** Events committed to the outbox and not yet accepted by the bus. */
  outboxPending = 0;
  /** Age in seconds of the oldest pending outbox event (0 when none is pending). */
  outboxLagSeconds = 0;
  outboxPublished = 0;
  /** Relay passes that stopped because the bus refused an event (it is retried). */
  outboxPublishFailures = 0;
  /** Outbox rows that can never be published (unreadable envelope), set aside with a log line. */
  outboxDeadLettered = 0;
  /** Consumer-group entries moved to the dead-letter stream. */
  deadLettered = 0;
  /** Pending entries that Redis trimmed before any member acknowledged them (XAUTOCLAIM's deleted ids). */
  trimmedPending = 0;
  /** Redeliveries a consumer group dropped because the event id was already handled. */
  duplicatesDropped = 0;
  /** External writes' intents not yet completed or settled (in flight, or left by a crash). */
  pendingIntents = 0;
  /** External writes set aside for a person (`needs_review`). */
  intentsNeedingReview = 0;
  /** Intents the recovery pass settled (a crash or an unknown outcome had left them pending). */
  intentsRecovered = 0;

  render(): string {
    const rows: [string, 'gauge' | 'counter', string, number][] = [
      ['bizosaas_outbox_pending_events', 'gauge', 'Outbox events not yet published to the bus.', this.outboxPending],
      ['bizosaas_outbox_lag_seconds', 'gauge', 'Age of the oldest unpublished outbox event.', this.outboxLagSeconds],
      ['bizosaas_outbox_published_total', 'counter', 'Outbox events the relay published.', this.outboxPublished],
      ['bizosaas_outbox_publish_failures_total', 'counter', 'Relay attempts the bus refused (retried).', this.outboxPublishFailures],
      ['bizosaas_outbox_dead_lettered_total', 'counter', 'Outbox rows set aside as unpublishable.', this.outboxDeadLettered],
      ['bizosaas_events_dead_lettered_total', 'counter', 'Consumer-group entries moved to the dead-letter stream.', this.deadLettered],
      ['bizosaas_events_trimmed_pending_total', 'counter', 'Pending consumer-group entries trimmed before acknowledgement.', this.trimmedPending],
      ['bizosaas_events_duplicates_dropped_total', 'counter', 'Redelivered events a consumer group dropped by id.', this.duplicatesDropped],
      ['bizosaas_outbox_pending_intents', 'gauge', 'External writes whose intent is not completed or settled yet.', this.pendingIntents],
      ['bizosaas_outbox_intents_needing_review', 'gauge', 'External writes whose effect no machine can tell: a person must check them at the provider.', this.intentsNeedingReview],
      ['bizosaas_outbox_intents_recovered_total', 'counter', 'Pending intents the recovery pass settled.', this.intentsRecovered],
    ];
    return rows.map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${formatNumber(value)}\n`).join('');
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
