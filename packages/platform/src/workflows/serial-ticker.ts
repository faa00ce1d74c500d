/**
 * Runs `task` every `everyMs`, one pass at a time, until stopped: a tick that comes while a pass is still
 * going is skipped (no backlog of passes builds up behind a slow one). `stop()` resolves once the pass in
 * hand has finished. The task must not throw: it logs its own failure, and the next tick tries again. The
 * timer does not keep the process alive.
 */
export function startSerialTicker(everyMs: number, task: () => Promise<void>): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = task().finally(() => {
      running = undefined;
    });
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
