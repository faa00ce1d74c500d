import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

/**
 * The absolute path of a vendor's official spec in the shared specs folder (`shopify/admin_2026-10.json.gz`).
 * The folder sits beside the repository on our machines (`../shared/specs`); a clone made elsewhere, as CI
 * makes one in a temporary directory, finds it at its fixed place `/work/shared/specs`, or where
 * `SHARED_SPECS_DIR` says. Raises `Error` naming every place tried when the file is in none of them.
 */
export function sharedSpec(relativePath: string): string {
  const candidates = [
    ...(process.env.SHARED_SPECS_DIR ? [resolve(process.env.SHARED_SPECS_DIR, relativePath)] : []),
    resolve(repositoryRoot, '../shared/specs', relativePath),
    resolve('/work/shared/specs', relativePath),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`vendor spec ${relativePath} not found; tried ${candidates.join(', ')} (set SHARED_SPECS_DIR)`);
  return found;
}
