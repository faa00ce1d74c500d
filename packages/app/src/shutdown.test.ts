import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShutdown, REPEATED_SIGNAL_MS } from './shutdown.js';

function harness(close: () => Promise<void>) {
  const exits: number[] = [];
  const lines: string[] = [];
  const clock = { ms: 1_000_000 };
  const logger = { info: (_o: object, message: string) => void lines.push(message), error: (_o: object, message: string) => void lines.push(message) };
  const stop = createShutdown({ close, logger, exit: (code) => void exits.push(code), deadlineMs: 8_000, now: () => clock.ms });
  return { stop, exits, lines, clock };
}

describe('createShutdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closes once and exits 0 when the close finishes', async () => {
    let closes = 0;
    const { stop, exits } = harness(async () => void closes++);
    stop('SIGTERM');
    await vi.waitFor(() => expect(exits).toEqual([0]));
    expect(closes).toBe(1);
  });

  it('exits 1 at the deadline when the close never finishes', async () => {
    vi.useFakeTimers();
    const { stop, exits, lines } = harness(() => new Promise<void>(() => {}));
    stop('SIGINT');
    vi.advanceTimersByTime(7_999);
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(exits).toEqual([1]);
    expect(lines).toContain('shutdown deadline passed: exiting without finishing');
  });

  it('exits 1 at once on a second signal, and 1 when the close fails', async () => {
    const hanging = harness(() => new Promise<void>(() => {}));
    hanging.stop('SIGINT');
    hanging.clock.ms += REPEATED_SIGNAL_MS;
    hanging.stop('SIGINT');
    expect(hanging.exits).toEqual([1]);
    expect(hanging.lines).toContain('second signal while shutting down: exiting now');
    const failing = harness(async () => {
      throw new Error('pool stuck');
    });
    failing.stop('SIGTERM');
    await vi.waitFor(() => expect(failing.exits).toEqual([1]));
    expect(failing.lines).toContain('shutdown failed');
  });

  it('takes a signal within REPEATED_SIGNAL_MS of the first as the same one (npm forwards a copy of Ctrl-C)', async () => {
    let closes = 0;
    let finish = () => {};
    const { stop, exits, lines, clock } = harness(() => {
      closes++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    stop('SIGINT');
    clock.ms += REPEATED_SIGNAL_MS - 1;
    stop('SIGINT');
    stop('SIGTERM');
    expect(exits).toEqual([]);
    expect(closes).toBe(1);
    expect(lines).not.toContain('second signal while shutting down: exiting now');
    finish();
    await vi.waitFor(() => expect(exits).toEqual([0]));
  });
});
