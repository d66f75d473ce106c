// `npx tsx bench/suite-beside-hog.ts [runs]` (root, as CI): the whole suite as CI runs it, on a fresh
// clone of this repository's HEAD, `runs` times in a row (3 by default) with a one-core CPU hog
// (cpu-hog.ts) spinning beside it: a slower machine. Prints each run's result, its time against the
// 15-minute budget and the CPU share the hog got; ends non-zero if any run failed. Hold
// /tmp/e2e.lock around it when other jobs launch Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { startCpuHog } from './cpu-hog';

const runs = Number(process.argv[2] ?? 3) || 3;
const root = path.resolve(import.meta.dirname, '..');
const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
let failed = 0;
for (let run = 1; run <= runs; run++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-clone-'));
  try {
    spawnSync('git', ['clone', '-q', root, dir], { stdio: 'inherit' });
    const hog = startCpuHog(60 * 60 * 1000);
    const started = Date.now();
    const ci = spawnSync('bash', ['.ci/run'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const minutes = (Date.now() - started) / 60_000;
    const hogPercent = await hog.stop();
    const output = stripVTControlCharacters(`${ci.stdout}\n${ci.stderr}`);
    const log = path.join(os.tmpdir(), `tabbeam-suite-beside-hog-${run}.log`);
    writeFileSync(log, output); // every failure's message, kept after the clone is gone
    const tests = output.match(/^\s*Tests\s+(.+)$/m)?.[1] ?? 'no vitest summary';
    if (ci.status !== 0) {
      failed++;
      const failures = [...output.matchAll(/FAIL .*? > (.*)/g)].map((m) => `  ${m[1]}`);
      // Failed tests by name; a failure before the tests (install, lint, build) by its last lines.
      console.log(failures.length > 0 ? failures.join('\n') : output.trimEnd().split('\n').slice(-30).join('\n'));
    }
    console.log(
      `run ${run}/${runs} (${head}): ${ci.status === 0 ? 'passed' : `failed (exit ${ci.status})`}, ${tests}; ` +
        `${minutes.toFixed(1)} min for .ci/run (npm ci included); the hog got ${hogPercent} % of a core; output in ${log}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(failed === 0 ? 0 : 1);
