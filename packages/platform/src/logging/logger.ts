import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/env.schema.js';
import { buildRedactPaths } from './redact-paths.js';

export type { Logger } from 'pino';

export const REDACTED = '[REDACTED]';

export interface CreateLoggerOptions {
  readonly level: LogLevel;
  /** Component name, logged as `name` on every line. */
  readonly name?: string;
  /** Where lines go; stdout when omitted. Tests pass a capturing stream. */
  readonly destination?: DestinationStream;
}

// Built once: pino compiles the paths into a redactor per logger, and the list is the same for all.
const REDACT_PATHS = buildRedactPaths();

/**
 * A JSON logger that blanks credential-bearing fields (authorization, cookies, x-api-key, password,
 * token, secret, apiKey, ... up to three levels deep) with `[REDACTED]`.
 *
 * Redaction works on field names only; a secret inside a free-text message is not caught, so wrap such
 * text with `redactText` first.
 *
 * @returns a pino logger.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level,
      ...(options.name !== undefined && { name: options.name }),
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    options.destination,
  );
  return logger;
}

/** Shorter secrets would blank out ordinary words ("admin", "true") and make logs useless. */
const MIN_SECRET_LENGTH = 6;

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]`. For text that may quote a secret:
 * upstream error bodies, URLs, command lines.
 *
 * @returns `text` with secrets of at least 6 characters replaced; shorter ones are left alone.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is replaced whole rather than leaving a tail behind.
  const candidates = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of candidates) result = result.split(secret).join(REDACTED);
  return result;
}
