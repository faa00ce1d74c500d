import type { Platform } from '@bizosaas/platform';
import { WORKER_DUTIES, type RunningDuty, type WorkerDuty } from './worker-duties.js';

/** The duties a worker runs, started; `close` stops them in reverse order. */
export interface RunningWorker {
  readonly duties: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts every worker duty. When one fails to start, the ones already running are stopped and the error
 * names the duty, so a worker never runs half its duties.
 */
export async function startWorker(platform: Platform, duties: readonly WorkerDuty[] = WORKER_DUTIES): Promise<RunningWorker> {
  const running: RunningDuty[] = [];
  const stopAll = async () => {
    for (const duty of running.splice(0).reverse()) await duty.stop().catch((error: unknown) => platform.logger.warn({ err: { message: String(error) } }, 'worker duty failed to stop'));
  };
  for (const duty of duties) {
    try {
      running.push(await duty.start(platform));
    } catch (error) {
      await stopAll();
      throw new Error(`worker duty "${duty.name}" failed to start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  platform.logger.info({ duties: duties.map((d) => d.name) }, 'worker duties started');
  return { duties: duties.map((d) => d.name), close: stopAll };
}
