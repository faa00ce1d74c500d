import { createLogger, type Platform } from '@bizosaas/platform';
import { describe, expect, it } from 'vitest';
import { startWorker } from './worker.js';
import type { WorkerDuty } from './worker-duties.js';

// startWorker touches only the logger of the platform; the duties here are real objects recording calls.
const platform = { logger: createLogger({ level: 'silent', name: 'test' }) } satisfies Pick<Platform, 'logger'>;

function duty(name: string, log: string[], fails = false): WorkerDuty {
  return {
    name,
    start: async () => {
      if (fails) throw new Error('redis down');
      log.push(`start ${name}`);
      return { stop: async () => void log.push(`stop ${name}`) };
    },
  };
}

describe('startWorker', () => {
  it('starts every duty in order and stops them in reverse', async () => {
    const log: string[] = [];
    const worker = await startWorker(platform as unknown as Platform, [duty('a', log), duty('b', log)]);
    expect(worker.duties).toEqual(['a', 'b']);
    await worker.close();
    expect(log).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('stops the duties already started when one fails, and names the one that failed', async () => {
    const log: string[] = [];
    const failing = startWorker(platform as unknown as Platform, [duty('a', log), duty('relay', log, true), duty('c', log)]);
    await expect(failing).rejects.toThrow('worker duty "relay" failed to start: redis down');
    expect(log).toEqual(['start a', 'stop a']);
  });
});
