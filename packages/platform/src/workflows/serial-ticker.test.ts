import { describe, expect, it } from 'vitest';
import { startSerialTicker } from './serial-ticker.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startSerialTicker', () => {
  it('runs one pass at a time, skips the ticks that come meanwhile, and stop waits for the pass in hand', async () => {
    let inFlight = 0;
    let most = 0;
    let passes = 0;
    const ticker = startSerialTicker(5, async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(40); // about eight ticks come while one pass runs
      inFlight -= 1;
      passes += 1;
    });
    await sleep(130);
    await ticker.stop();
    expect(most).toBe(1);
    expect(inFlight).toBe(0);
    // 130 ms hold at most four 40 ms passes: the ticks that came meanwhile (about 25) were skipped, not queued.
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(passes).toBeLessThanOrEqual(4);
    const atStop = passes;
    await sleep(60);
    expect(passes).toBe(atStop);
  });
});
