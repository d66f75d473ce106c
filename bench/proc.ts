// Per-process figures for a browser and all its child processes, read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process ended while we looked
  }
}

/** The root process and every descendant. */
export function processTree(rootPid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (stat) parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const inTree = (pid: number): boolean => pid === rootPid || (pid > 1 && parent.has(pid) && inTree(parent.get(pid)!));
  return [...parent.keys()].filter(inTree);
}

/** CPU time used so far (clock ticks, 100 per second), user + system. */
export function cpuTicks(rootPid: number): number {
  let total = 0;
  for (const pid of processTree(rootPid)) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += Number(fields[11]) + Number(fields[12]);
  }
  return total;
}

/** Resident memory (MiB). */
export function rssMiB(rootPid: number): number {
  let kib = 0;
  for (const pid of processTree(rootPid))
    kib += Number(/^VmRSS:\s+(\d+)/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1] ?? 0);
  return Math.round(kib / 1024);
}
