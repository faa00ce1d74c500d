import { createLogger, type Logger } from '@bizosaas/platform';
import { Writable } from 'node:stream';

/**
 * A debug-level product logger whose lines are kept in `lines` (raw chunks, one JSON line each), so a test
 * can look at everything the product would have written: no secret, no HTML, the one line per outage.
 */
export function captureLogs(): { readonly logger: Logger; readonly lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}
