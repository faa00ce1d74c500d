import { readdirSync, readFileSync } from 'node:fs';

/** One process of a tree, as Linux reports it in /proc. */
export interface TreeProcess {
  readonly pid: number;
  readonly ppid: number;
  /** Resident set size in kB: shared pages count in every process that maps them. */
  readonly rssKb: number;
  /** Proportional set size in kB: shared pages split between the processes sharing them. */
  readonly pssKb: number;
  readonly command: string;
}

/** `root` and every process descending from it (by parent pid), read from /proc at the time of the call. */
export function processTree(root: number): TreeProcess[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((p): p is TreeProcess => p !== undefined);
  const tree: TreeProcess[] = [];
  const wanted = new Set([root]);
  // Parents are not always listed before their children; repeat until no new descendant turns up.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!tree.includes(p) && (wanted.has(p.pid) || wanted.has(p.ppid))) {
        tree.push(p);
        wanted.add(p.pid);
        grew = true;
      }
    }
  }
  return tree.sort((a, b) => a.pid - b.pid);
}

function readProcess(pid: number): TreeProcess | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid, rssKb: field('Rss'), pssKb: field('Pss'), command };
  } catch {
    return undefined; // gone meanwhile, or a kernel thread without memory maps
  }
}
