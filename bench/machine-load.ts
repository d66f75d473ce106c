// How busy the machine was while the benchmark ran, and how much of that was other work: the
// benchmark's own share is this Node process and everything it started (browsers, Janus), sampled
// once a second from /proc so a process that ends between samples still counts to its last one.
import { readdirSync, readFileSync } from 'node:fs';

export interface MachineLoad {
  /** All cores busy, % of their total time. */
  busyPercent: number;
  /** The part of busyPercent that was not this run's processes (percentage points). */
  otherPercent: number;
}

/** The fields of /proc/<pid>/stat after the command name (field 3 on), or null if it ended. */
function stat(pid: number | string): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function machine(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total };
}

export function watchMachineLoad(intervalMs = 1000): { read(): MachineLoad; stop(): void } {
  const start = machine();
  /** Per process (pid and start time, as pids are reused): its CPU ticks when first and last seen. */
  const seen = new Map<string, { first: number; last: number }>();
  let firstSample = true;
  const sample = () => {
    const fields = new Map<number, string[]>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = stat(entry);
      if (f) fields.set(Number(entry), f);
    }
    const ours = (pid: number): boolean =>
      pid === process.pid || (pid > 1 && fields.has(pid) && ours(Number(fields.get(pid)![1])));
    for (const [pid, f] of fields) {
      if (!ours(pid)) continue;
      const ticks = Number(f[11]) + Number(f[12]); // utime + stime
      const key = `${pid}:${f[19]}`;
      const known = seen.get(key);
      if (known) known.last = ticks;
      else seen.set(key, { first: firstSample ? ticks : 0, last: ticks });
    }
    firstSample = false;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    read() {
      sample();
      const now = machine();
      const total = now.total - start.total;
      const busy = now.busy - start.busy;
      let ours = 0;
      for (const { first, last } of seen.values()) ours += last - first;
      const pct = (n: number) => (total > 0 ? Math.round((100 * n) / total) : 0);
      return { busyPercent: pct(busy), otherPercent: Math.max(0, pct(busy - ours)) };
    },
    stop: () => clearInterval(timer),
  };
}
