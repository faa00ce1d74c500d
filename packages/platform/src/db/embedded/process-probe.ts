import { readFile } from 'node:fs/promises';

/**
 * True while `pid` is a live process (zombies count as gone: they have exited and only wait to be reaped).
 * Reads /proc, so it also answers for processes of other users (the embedded server runs as `postgres`
 * when we are root).
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3 is the state; the command name before it is in parentheses and may contain spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The program path a live process runs (its argv[0]), or undefined when it is gone. */
export async function processProgram(pid: number): Promise<string | undefined> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0')[0];
  } catch {
    return undefined;
  }
}

/** Resolves once `pid` is gone; false when it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
