// A busy machine for the benchmark: one child process that spins one core, started and stopped by
// the benchmark. It can outlive nothing: it is killed when the benchmark stops it, when this process
// exits by any path (end, error, Ctrl-C, SIGTERM), it ends itself within 50 ms once its parent is
// gone (even after a SIGKILL of this process), and it never runs past `maxMs` whatever happens.
import { spawn } from 'node:child_process';
import { cpuTicks } from './proc';

export interface CpuHog {
  pid: number;
  /** Stops it; resolves with the CPU it got over its life, % of one core (100: a core to itself). */
  stop(): Promise<number>;
}

// Spins in 50-ms slices; between them it checks that its parent is still there and the time is not up.
const SPIN = (maxMs: number) => `
const parent = process.ppid;
const end = Date.now() + ${Math.round(maxMs)};
while (Date.now() < end && process.ppid === parent) {
  const slice = Date.now() + 50;
  while (Date.now() < slice);
}`;

const live = new Set<() => void>();
let hooked = false;

/** Kills every running hog at exit; on a signal, then ends this process as the signal would. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const kill of live) kill();
  };
  process.on('exit', killAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}

/** Starts one hog: a bounded busy loop (`maxMs`, 2 h by default) in a child process. */
export function startCpuHog(maxMs = 2 * 60 * 60 * 1000): CpuHog {
  hookExit();
  const child = spawn(process.execPath, ['-e', SPIN(maxMs)], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('The CPU hog did not start.');
  const pid = child.pid;
  const started = Date.now();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  live.add(kill);
  void exited.then(() => live.delete(kill));
  return {
    pid,
    async stop() {
      const ticks = child.exitCode === null && child.signalCode === null ? cpuTicks(pid) : NaN;
      const seconds = (Date.now() - started) / 1000;
      kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      return seconds > 0 ? Math.round(ticks / seconds) : NaN; // 100 ticks a second = 100 %
    },
  };
}
