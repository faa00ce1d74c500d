import { createLogger, type Logger } from '@bizosaas/platform';
import { Writable } from 'node:stream';

/** One parsed log line: pino's numeric level, the message and whatever fields the line carried. */
export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * A product logger (debug level unless told) whose lines are kept in `lines` (raw chunks, one JSON line
 * each), so a test can look at everything the product would have written: no secret, no HTML, the one
 * line per outage. `records()` parses them.
 */
export function captureLogs(options: { readonly level?: 'debug' | 'info' } = {}): { readonly logger: Logger; readonly lines: string[]; records(): LogRecord[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const records = () =>
    lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.trim() !== '')
      .map((line): LogRecord => JSON.parse(line));
  return { logger: createLogger({ level: options.level ?? 'debug', destination }), lines, records };
}
