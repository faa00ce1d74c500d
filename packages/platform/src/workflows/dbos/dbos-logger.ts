import type { DLogger } from '@dbos-inc/dbos-sdk';
import type { Logger } from '../../logging/logger.js';
import { redactText } from '../../logging/logger.js';

/**
 * DBOS's log lines through our logger (level, JSON shape and redaction of `secrets`, e.g. the database password), instead of its console sink. DBOS's
 * routine chatter (launch, recovery, queue polling) is debug for us; its warnings and errors stay what they are.
 */
export function dbosLogger(logger: Logger, secrets: readonly string[]): DLogger {
  const text = (entry: unknown): string => redactText(entry instanceof Error ? entry.message : typeof entry === 'string' ? entry : JSON.stringify(entry), secrets);
  return {
    info: (entry) => logger.debug({ component: 'dbos' }, text(entry)),
    debug: (entry) => logger.trace({ component: 'dbos' }, text(entry)),
    warn: (entry) => logger.warn({ component: 'dbos' }, text(entry)),
    error: (entry) => logger.error({ component: 'dbos' }, text(entry)),
  };
}
