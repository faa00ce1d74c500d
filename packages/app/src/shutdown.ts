/** What a shutdown needs from its surroundings; `process` in main.ts, fakes in tests. */
export interface ShutdownOptions {
  /** Stops the product in order (gateway drain, subgraphs, platform). */
  readonly close: () => Promise<void>;
  readonly logger: { info(object: object, message: string): void; error(object: object, message: string): void };
  readonly exit: (code: number) => void;
  /** From the signal to a forced exit, whatever `close` is still waiting for. */
  readonly deadlineMs: number;
}

/** SIGINT/SIGTERM must end the process within 10 s (issue 10); the forced exit leaves a margin for the OS. */
export const SHUTDOWN_DEADLINE_MS = 8_000;

/**
 * Returns the signal handler: the first signal starts an orderly close, bounded by a hard deadline so a
 * stuck drain, socket or database pool can never keep the process alive; a second signal exits at once
 * (the user asked twice). Exits 0 after a clean close, 1 after a failed or overdue one.
 */
export function createShutdown(options: ShutdownOptions): (signal: string) => void {
  let stopping = false;
  return (signal) => {
    if (stopping) {
      options.logger.error({ signal }, 'second signal while shutting down: exiting now');
      options.exit(1);
      return;
    }
    stopping = true;
    const started = Date.now();
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
        options.logger.info({ signal, ms: Date.now() - started }, 'shut down');
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
