// Figures of one situation's runs of one pipeline (bench/situations.ts).
import type { MachineLoad } from './machine-load';
import type { OfflineCheck } from './offline-check';
import type { PipelineName, Situation, SituationRun } from './situation-run';

export interface Stat {
  n: number;
  /** The lower median; null when it is a run that never got there (link → sharp) or there are no runs. */
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface CellSummary {
  runs: number;
  /** Runs that failed (timeout, crash, detached frame …): left out of every figure. */
  failed: number;
  /** Runs with a first frame but no sharp one within the wait: counted as "later than any" for the median. */
  neverSharp: number;
  clickToLinkMs: Stat;
  firstFrameMs: Stat;
  sharpMs: Stat;
  viewerFps: Stat;
  /**
   * The host's video sender right after the first frame (bench/pc-stats.ts): the congestion
   * controller's estimate and the encoder's target (kbit/s), and how long its packets had waited in
   * the pacer on average (ms): how the first frame went out.
   */
  atFirstFrame: { estimateKbps: Stat; targetKbps: Stat; pacerMsPerPacket: Stat };
  /**
   * Per-run spans, medians in ms: link → page ready (DOM ready), page ready → media connection up
   * (ICE + DTLS, bench/connection-probe.ts), media connection up → first frame; TabBeam also media
   * connection up → its host attaching the track (negative: attached before the connection was up).
   */
  spans: { page: Stat; toMediaConnected: Stat; mediaToFirstFrame: Stat; mediaToAttach: Stat };
  /** Each step's median over the runs that have it, in ms since the link was opened, in order. */
  timeline: { step: string; ms: number }[];
  /** TabBeam with the popup open: in how many of the runs it was still open at the first frame. */
  popupOpenAtFirstFrame?: { open: number; of: number };
  /** Runs in which the sharp probe's first frame came after the first presented one (sharp may read late). */
  probeLate: number;
  /** Runs in which the viewer got < 10 fps after sharp (their sender stats are kept in full). */
  slowRuns: number;
  errors: string[];
}

/** Median, min and max; Infinity stands for a run that never got there. */
export function stat(values: number[]): Stat {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  return {
    n: sorted.length,
    median: finite(sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)]),
    min: finite(sorted[0]),
    max: finite(sorted.at(-1)),
  };
}

function medianTimeline(runs: SituationRun[]): { step: string; ms: number }[] {
  const steps = new Map<string, number[]>();
  for (const run of runs)
    for (const [step, ms] of Object.entries(run.timeline ?? {})) steps.set(step, [...(steps.get(step) ?? []), ms]);
  return [...steps].map(([step, values]) => ({ step, ms: stat(values).median ?? NaN })).sort((a, b) => a.ms - b.ms);
}

function sendAtFirstFrame(runs: SituationRun[]): CellSummary['atFirstFrame'] {
  const last = runs.map((r) => r.diagnosticsAtFirstFrame?.at(-1));
  const kbps = (bps: number | undefined) => (bps === undefined ? NaN : Math.round(bps / 1000));
  return {
    estimateKbps: stat(last.map((d) => kbps(d?.availableOutgoingBitrate))),
    targetKbps: stat(last.map((d) => kbps(d?.targetBitrate))),
    pacerMsPerPacket: stat(
      last.map((d) => (d?.packetsSent ? Math.round((1000 * (d.totalPacketSendDelay ?? NaN)) / d.packetsSent) : NaN)),
    ),
  };
}

function spans(runs: SituationRun[]): CellSummary['spans'] {
  const span = (from: string, to: string) =>
    stat(runs.map((r) => (r.timeline?.[to] ?? NaN) - (r.timeline?.[from] ?? NaN)));
  return {
    page: span('navigation start', 'DOM ready'),
    toMediaConnected: span('DOM ready', 'probe:media-connected'),
    mediaToFirstFrame: span('probe:media-connected', 'first frame'),
    mediaToAttach: span('probe:media-connected', 'host:attach'),
  };
}

export function summarizeCell(runs: SituationRun[]): CellSummary {
  const ok = runs.filter((r) => r.ok);
  const withPopup = ok.filter((r) => r.popupOpenAtFirstFrame !== undefined);
  return {
    runs: runs.length,
    failed: runs.length - ok.length,
    neverSharp: ok.filter((r) => !Number.isFinite(r.sharpMs)).length,
    clickToLinkMs: stat(ok.map((r) => r.clickToLinkMs ?? NaN)),
    firstFrameMs: stat(ok.map((r) => r.firstFrameMs ?? NaN)),
    sharpMs: stat(ok.map((r) => (Number.isFinite(r.sharpMs) ? r.sharpMs! : Infinity))),
    viewerFps: stat(ok.map((r) => r.viewerFps ?? NaN)),
    atFirstFrame: sendAtFirstFrame(ok),
    spans: spans(ok),
    timeline: medianTimeline(ok),
    ...(withPopup.length
      ? {
          popupOpenAtFirstFrame: {
            open: withPopup.filter((r) => r.popupOpenAtFirstFrame).length,
            of: withPopup.length,
          },
        }
      : {}),
    slowRuns: ok.filter((r) => r.slowSenderStats).length,
    probeLate: ok.filter((r) => r.probeLate).length,
    errors: runs.filter((r) => !r.ok).map((r) => `run ${r.run}: ${r.error ?? 'failed'}`),
  };
}

export interface CellResult {
  situation: Situation;
  seconds: number;
  /** All cores busy over the cell, and how much of it was not this run (the hog is this run's). */
  machineLoad: MachineLoad;
  /** Busy cells: the CPU the hog got, % of one core. */
  hogCpuPercent?: number;
  /** Browsers relaunched after a crash or a share that would not end. */
  relaunches: number;
  /** What stopped the cell early, if anything (its runs so far are kept). */
  error?: string;
  offline: OfflineCheck;
  summary: Record<PipelineName, CellSummary>;
  runs: SituationRun[];
}

export interface SituationsResult {
  date: string;
  mode: 'quick' | 'full';
  runsPerCell: number;
  wallSeconds: number;
  machine: { cores: number; cpu: string; memoryGiB: number; chromium: string; node: string };
  /** Every browser's net log over the whole run (bench/offline-check.ts). */
  offline: OfflineCheck;
  cells: CellResult[];
}
