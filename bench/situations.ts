// `npm run bench -- --situations [--quick] [--runs n] [--cells id,id]`: TabBeam and the bare
// pipeline side by side in the situations people are in: TabBeam's popup open during the join or
// closed, the viewer in another browser or a new window of the host's own, PeerJS's default ICE
// servers (unreachable here) or none, a busy machine or a quiet one. Per cell: link → first frame
// and link → sharp (1280×720 with the detail kept) for each pipeline, TabBeam's timeline, failures.
// Writes bench/results/situations.json, prints the matrix and updates its section of docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { startCpuHog, type CpuHog } from './cpu-hog';
import { startServers, type Servers } from './harness';
import { watchMachineLoad } from './machine-load';
import { addChecks, netLogs } from './offline-check';
import {
  cleanUp,
  launchHost,
  launchViewers,
  relaunchHost,
  runOnce,
  type RunState,
  type Situation,
  type SituationHost,
  type SituationRun,
} from './situation-run';
import { summarizeCell, type CellResult, type SituationsResult } from './situation-stats';
import { printSituations, situationsMarkdown, writeSituationsSection } from './situations-report';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The design: not the 16 cells of a full factorial (≈ 1.5 h at 9 runs on this machine), but the
 * quiet baseline, each factor changed alone (what it costs by itself), and the two combinations a
 * new user meets (what the factors cost together, interactions included).
 */
export const SITUATIONS: Situation[] = [
  { id: 'baseline', title: 'Quiet baseline', popup: 'closed', viewer: 'other', ice: 'none', load: 'quiet' },
  { id: 'popup', title: 'Popup open', popup: 'open', viewer: 'other', ice: 'none', load: 'quiet' },
  { id: 'same-browser', title: 'Same browser', popup: 'closed', viewer: 'same', ice: 'none', load: 'quiet' },
  { id: 'default-ice', title: 'Default ICE', popup: 'closed', viewer: 'other', ice: 'default', load: 'quiet' },
  { id: 'busy', title: 'Busy machine', popup: 'closed', viewer: 'other', ice: 'none', load: 'busy' },
  { id: 'new-user', title: 'As a new user', popup: 'open', viewer: 'same', ice: 'default', load: 'quiet' },
  { id: 'new-user-busy', title: 'New user, busy', popup: 'open', viewer: 'same', ice: 'default', load: 'busy' },
];

const LIMITS = { firstFrameMs: 30_000, sharpMs: 15_000 };
/** One run's whole budget: set-up, first frame, sharp, two seconds of picture. */
const RUN_TIMEOUT_MS = 90_000;

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms),
    ),
  ]);

function describe(r: SituationRun): string {
  const head = `${r.cell} ${r.pipeline} ${r.run}:`;
  if (!r.ok) return `${head} FAILED (${r.error})`;
  const sharp = Number.isFinite(r.sharpMs) ? `${r.sharpMs} ms` : 'never';
  const s = r.sender;
  const sent = s
    ? `; sent ${s.frameWidth}×${s.frameHeight} ${s.sentFps} fps ${Math.round(s.bytesPerSecond / 1000)} kB/s (${s.qualityLimitationReason}; target ${s.targetKbps} kbit/s, estimate ${s.availableOutgoingKbps} kbit/s, source ${s.sourceFps} fps)`
    : '';
  return `${head} link ${r.clickToLinkMs} ms, first frame ${r.firstFrameMs} ms, sharp ${sharp} (first ${r.firstDecoded?.size} detail ${r.firstDecoded?.detail}), viewer ${r.viewerFps} fps${sent}${r.popupOpenAtFirstFrame === false ? ', popup had closed' : ''}`;
}

interface CellBrowsers {
  hosts: SituationHost[];
  viewers: Browser | null;
  relaunches: number;
}

/** One run of `index`'s pipeline, with its own deadline, then its clean-up; relaunches what died. */
async function runPipeline(
  browsers: CellBrowsers,
  index: number,
  cell: Situation,
  servers: Servers,
  run: number,
  viewerArgs: string[],
): Promise<SituationRun> {
  let host = browsers.hosts[index]!;
  if (!host.browser.connected) {
    browsers.hosts[index] = host = await relaunchHost(host, servers, cell.ice);
    browsers.relaunches++;
  }
  if (cell.viewer === 'other' && !browsers.viewers?.connected) {
    await browsers.viewers?.close().catch(() => undefined);
    browsers.viewers = await launchViewers(viewerArgs);
    browsers.relaunches++;
  }
  const state: RunState = {};
  const result = await within(
    runOnce(host, browsers.viewers, servers, cell, run, state, LIMITS),
    RUN_TIMEOUT_MS,
    'the run',
  ).catch((error: unknown): SituationRun => ({
    cell: cell.id,
    pipeline: host.name,
    run,
    ok: false,
    error: String(error),
  }));
  if (!(await cleanUp(host, state))) {
    browsers.hosts[index] = await relaunchHost(host, servers, cell.ice);
    browsers.relaunches++;
  }
  return result;
}

async function runCell(cell: Situation, servers: Servers, runs: number, log: (line: string) => void) {
  const started = Date.now();
  const logs = netLogs();
  const args = (name: string) => logs.args(name);
  const load = watchMachineLoad();
  const browsers: CellBrowsers = { hosts: [], viewers: null, relaunches: 0 };
  const results: SituationRun[] = [];
  let hog: CpuHog | null = null;
  let hogCpuPercent: number | undefined;
  let error: string | undefined;
  try {
    browsers.hosts.push(await launchHost('tabbeam', servers, cell.ice, args('tabbeam')));
    browsers.hosts.push(await launchHost('reference', servers, cell.ice, args('reference')));
    const viewerArgs = args('viewers');
    if (cell.viewer === 'other') browsers.viewers = await launchViewers(viewerArgs);
    if (cell.load === 'busy') hog = startCpuHog();
    for (let run = 1; run <= runs; run++) {
      // Alternating, as runViews does, so a busy moment of this shared machine does not land on one pipeline only.
      for (const index of run % 2 === 1 ? [0, 1] : [1, 0]) {
        const result = await runPipeline(browsers, index, cell, servers, run, viewerArgs).catch(
          (e: unknown): SituationRun => ({
            cell: cell.id,
            pipeline: index === 0 ? 'tabbeam' : 'reference',
            run,
            ok: false,
            error: `browser could not be relaunched: ${String(e).split('\n')[0]}`,
          }),
        );
        results.push(result);
        log(describe(result));
      }
    }
  } catch (e) {
    error = String(e).split('\n')[0];
    log(`${cell.id}: stopped early: ${error}`);
  } finally {
    if (hog) hogCpuPercent = await hog.stop();
    const closing = [...browsers.hosts.map((h) => h.browser), ...(browsers.viewers ? [browsers.viewers] : [])];
    await Promise.all(
      closing.map((b) => within(b.close(), 15_000, 'closing a browser').catch(() => b.process()?.kill('SIGKILL'))),
    );
  }
  const offline = logs.check();
  logs.remove();
  const machineLoad = load.read();
  load.stop();
  return {
    situation: cell,
    seconds: Math.round((Date.now() - started) / 1000),
    machineLoad,
    ...(hogCpuPercent === undefined ? {} : { hogCpuPercent }),
    relaunches: browsers.relaunches,
    ...(error ? { error } : {}),
    offline,
    summary: {
      tabbeam: summarizeCell(results.filter((r) => r.pipeline === 'tabbeam')),
      reference: summarizeCell(results.filter((r) => r.pipeline === 'reference')),
    },
    runs: results,
  } satisfies CellResult;
}

function flagValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The whole matrix; `chromium` is the browser's version string, for the record. */
export async function runSituations(chromium: string, log: (line: string) => void = console.log): Promise<void> {
  const started = Date.now();
  const quick = process.argv.includes('--quick');
  const runs = Number(flagValue('--runs')) || (quick ? 3 : 9);
  const wanted = flagValue('--cells')?.split(',');
  const cells = wanted ? SITUATIONS.filter((s) => wanted.includes(s.id)) : SITUATIONS;
  if (cells.length === 0)
    throw new Error(`No such cells: ${wanted?.join(', ')} (${SITUATIONS.map((s) => s.id).join(', ')})`);
  log(`Situations: ${cells.length} cells × ${runs} runs of each pipeline${quick ? ' (quick)' : ''}`);
  const servers = await startServers();
  const results: CellResult[] = [];
  try {
    for (const cell of cells) {
      log(`--- ${cell.id}: ${cell.title}`);
      results.push(await runCell(cell, servers, runs, log));
    }
  } finally {
    await servers.close();
  }
  const result: SituationsResult = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    runsPerCell: runs,
    wallSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      chromium,
      node: process.version,
    },
    offline: results
      .map((c) => c.offline)
      .reduce(addChecks, { logs: 0, unreadable: 0, dnsQueries: 0, offMachine: {}, mdnsPackets: 0 }),
    cells: results,
  };
  const file = path.join(ROOT, 'bench/results/situations.json');
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  printSituations(result, log);
  writeSituationsSection(path.join(ROOT, 'docs/benchmarks.md'), situationsMarkdown(result));
  log(`Wrote ${path.relative(ROOT, file)} and the situations section of docs/benchmarks.md (${result.wallSeconds} s)`);
}
