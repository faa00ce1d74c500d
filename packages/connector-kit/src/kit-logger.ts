/** The logging surface the kit needs; a pino logger satisfies it. */
export interface KitLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** Drops everything; the default when no logger is given. */
export const silentLogger: KitLogger = { info() {}, warn() {}, error() {} };
