/** What a shutdown needs from its surroundings; `process` in main.ts, fakes in tests. */
export interface ShutdownOptions {
  /** Stops the product in order (gateway drain, subgraphs, platform). */
  readonly close: () => Promise<void>;
  readonly logger: { info(object: object, message: string): void; error(object: object, message: string): void };
  readonly exit: (code: number) => void;
  /** From the signal to a forced exit, whatever `close` is still waiting for. */
  readonly deadlineMs: number;
  /** Epoch ms (tests). */
  readonly now?: () => number;
}

/** SIGINT/SIGTERM must end the process within 10 s (issue 10); the forced exit leaves a margin for the OS. */
export const SHUTDOWN_DEADLINE_MS = 8_000;

/**
 * A signal this soon after the first is the same request delivered twice, not a second one: Ctrl-C (or a
 * signal to the process group) reaches node, and npm, which `npm start` runs it under, forwards its own
 * copy to its child.
 */
export const REPEATED_SIGNAL_MS = 1_000;

/**
 * Returns the signal handler: the first signal starts an orderly close, bounded by a hard deadline so a
 * stuck drain, socket or database pool can never keep the process alive; a second signal exits at once
 * (the user asked twice), unless it came within REPEATED_SIGNAL_MS of the first (the same request, see
 * there). Exits 0 after a clean close, 1 after a failed or overdue one.
 */
export function createShutdown(options: ShutdownOptions): (signal: string) => void {
  const now = options.now ?? Date.now;
  let firstAt: number | undefined;
  return (signal) => {
    if (firstAt !== undefined) {
      if (now() - firstAt < REPEATED_SIGNAL_MS) return;
      options.logger.error({ signal }, 'second signal while shutting down: exiting now');
      options.exit(1);
      return;
    }
    const started = now();
    firstAt = started;
    options.logger.info({ signal, deadlineMs: options.deadlineMs }, 'shutting down');
    const timer = setTimeout(() => {
      options.logger.error({ signal, deadlineMs: options.deadlineMs }, 'shutdown deadline passed: exiting without finishing');
      options.exit(1);
    }, options.deadlineMs);
    // The timer is the deadline, not a reason to stay alive.
    timer.unref();
    options.close().then(
      () => {
        clearTimeout(timer);
        options.logger.info({ signal, ms: now() - started }, 'shut down');
        options.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        options.logger.error({ signal, err: { message: error instanceof Error ? error.message : String(error) } }, 'shutdown failed');
        options.exit(1);
      },
    );
  };
}
