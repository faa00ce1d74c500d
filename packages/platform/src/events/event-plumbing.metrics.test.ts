import { describe, expect, it } from 'vitest';
import { EventPlumbingMetrics } from './event-plumbing.metrics.js';

describe('EventPlumbingMetrics', () => {
  it('renders every gauge and counter as Prometheus text with its current value', () => {
    const metrics = new EventPlumbingMetrics();
    metrics.outboxPending = 3;
    metrics.outboxLagSeconds = 1.23456;
    metrics.trimmedPending = 2;
    metrics.deadLettered = 1;
    metrics.pendingIntents = 4;
    metrics.intentsNeedingReview = 1;
    const text = metrics.render();
    expect(text).toContain('# TYPE bizosaas_outbox_pending_events gauge\nbizosaas_outbox_pending_events 3\n');
    expect(text).toContain('# TYPE bizosaas_outbox_lag_seconds gauge\nbizosaas_outbox_lag_seconds 1.235\n');
    expect(text).toContain('# TYPE bizosaas_events_trimmed_pending_total counter\nbizosaas_events_trimmed_pending_total 2\n');
    expect(text).toContain('bizosaas_events_dead_lettered_total 1\n');
    expect(text).toContain('bizosaas_outbox_dead_lettered_total 0\n');
    expect(text).toContain('# TYPE bizosaas_outbox_pending_intents gauge\nbizosaas_outbox_pending_intents 4\n');
    expect(text).toContain('# TYPE bizosaas_outbox_intents_needing_review gauge\nbizosaas_outbox_intents_needing_review 1\n');
    expect(text.split('\n').filter((line) => line.startsWith('# HELP'))).toHaveLength(11);
  });
});
