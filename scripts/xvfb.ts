// A virtual X display for the one thing headless Chromium cannot do: capture a whole screen.
import { execFileSync, spawn } from 'node:child_process';

export function xvfbPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('No Xvfb found: the screen-capture test needs it (on Debian: apt-get install xvfb).');
  }
}

/** Starts Xvfb on a free display number (it picks one and tells us through -displayfd). */
export function startXvfb(): Promise<{ display: string; close(): void }> {
  const server = spawn(xvfbPath(), ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 10 s.')), 10_000);
    server.once('error', reject);
    server.stdout.once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve({ display: `:${data.toString().trim()}`, close: () => void server.kill() });
    });
  });
}
