// One run of one pipeline in one situation (bench/situations.ts): the share started by a click on
// the toolbar icon, TabBeam's popup opened on top of it when the situation says so, the link opened
// in the viewer's browser (another one, or a new window of the host's own), then link → first frame,
// link → sharp, TabBeam's timeline, and two seconds of the picture with the host's sender stats.
// A run never throws: whatever fails is its `error`, and the caller cleans up from `RunState`.
import type { Browser, Page } from 'puppeteer-core';
import { EXTENSION_DIR, launchChromium, launchWithExtension, presetSettings } from '../scripts/chromium';
import { hostMarks, openPopup, readSession, readViewLayout, startShare, timeFirstFrame } from '../scripts/drive';
import type { SenderStats } from '../src/shared/protocol';
import {
  configureReference,
  openSource,
  PAGE_SIZE,
  reference,
  tabbeam,
  VIEW_PAGES,
  type HostBrowser,
  type Servers,
} from './harness';
import { CONNECTION_PROBE } from './connection-probe';
import { videoSenderDiagnostics, type VideoSenderDiagnostics } from './pc-stats';
import { referenceExtensionDir } from './reference-extension';
import { probeWasLate, readSharp, sharpProbeScript } from './sharp-probe';

export type PipelineName = 'tabbeam' | 'reference';

/** One situation: where the viewer opens the link, and what else is going on. */
export interface Situation {
  id: string;
  title: string;
  /** TabBeam's popup (link, QR code, preview button) open through the join, or closed. The bare pipeline has none. */
  popup: 'open' | 'closed';
  /** The viewer in another browser, or in a new window of the host's browser. */
  viewer: 'other' | 'same';
  /** `[]`: no ICE servers (both pipelines); `default`: PeerJS's defaults (TabBeam's setting left at its build default, null). */
  ice: 'none' | 'default';
  /** A CPU hog spinning one core through the cell's runs, or not. */
  load: 'quiet' | 'busy';
}

export interface SituationHost extends HostBrowser {
  name: PipelineName;
  /** Flags it was launched with (the offline guard, its net log): a relaunch uses the same. */
  args: string[];
}

/** A host browser for `name` as a new user has it: the build's default settings, only pointed at this machine's broker and viewer. */
export async function launchHost(
  name: PipelineName,
  servers: Servers,
  ice: Situation['ice'],
  args: string[],
): Promise<SituationHost> {
  const extensionDir = name === 'tabbeam' ? EXTENSION_DIR : referenceExtensionDir();
  const host = await launchWithExtension({ extensionDir, pageSize: PAGE_SIZE, extraArgs: args });
  if (name === 'tabbeam') {
    // What a build with TABBEAM_VIEWER_URL and TABBEAM_PEER_SERVER bakes in; ICE left at the build default (null) unless [].
    await presetSettings(host.worker, {
      viewerUrl: servers.site.url,
      broker: servers.broker.settings,
      ...(ice === 'none' ? { iceServers: [] } : {}),
    });
  } else {
    await configureReference(host.worker, servers, ice === 'none' ? [] : null);
  }
  return { ...host, source: null, name, args };
}

export const pipelineOf = (name: PipelineName) => (name === 'tabbeam' ? tabbeam : reference);

/** The host's video sender as the two seconds after sharp saw it. */
export interface SteadySender {
  codec: string;
  frameWidth: number;
  frameHeight: number;
  /** framesEncoded over the seconds measured. */
  sentFps: number;
  bytesPerSecond: number;
  qualityLimitationReason: string;
  /** From the peer connection (bench/pc-stats.ts) at the end: encoder target and network estimate (kbit/s), source fps. */
  targetKbps?: number;
  availableOutgoingKbps?: number;
  sourceFps?: number;
}

export interface SituationRun {
  cell: string;
  pipeline: PipelineName;
  run: number;
  ok: boolean;
  /** Why the run failed (ok false), or what it lacked (never sharp). */
  error?: string;
  clickToLinkMs?: number;
  firstFrameMs?: number;
  /** Link → the first presented frame at 1280×720 with the detail kept; NaN if none within the wait. */
  sharpMs?: number;
  /** The sharp probe's first frame came after the first presented one: sharpMs may be late (bench/sharp-probe.ts). */
  probeLate?: boolean;
  /** The first decoded frame's size and detail, and each size the frames had until sharp. */
  firstDecoded?: { size: string; detail: number } | null;
  sizes?: string[];
  timeline?: Record<string, number>;
  /** TabBeam with the popup open: whether it was still open at the first frame. */
  popupOpenAtFirstFrame?: boolean;
  /** Presented fps over two seconds after sharp, and the host's sender over the same seconds. */
  viewerFps?: number;
  sender?: SteadySender | null;
  /** The host's video senders as its peer connections report them, before and after those two seconds. */
  senderDiagnostics?: { before: VideoSenderDiagnostics[]; after: VideoSenderDiagnostics[] };
  /** The same right after the first frame: how the first frame was sent (pacer delay, huge frames, estimate). */
  diagnosticsAtFirstFrame?: VideoSenderDiagnostics[];
  /** When the viewer got < 10 fps: every field of the pipeline's own sender stats, before and after. */
  slowSenderStats?: { before: SenderStats[]; after: SenderStats[] };
  /** When the viewer got < 10 fps: the peer connection's figures once a second for six more seconds. */
  slowTrace?: VideoSenderDiagnostics[];
}

/** What a run has opened so far, for the caller to close whatever happens to the run. */
export interface RunState {
  viewer?: Page;
  /** The viewer's own browser context (another browser), closed with it. */
  ownContext?: boolean;
  popup?: Page;
}

export interface RunLimits {
  firstFrameMs: number;
  sharpMs: number;
}

export async function runOnce(
  host: SituationHost,
  viewers: Browser | null,
  servers: Servers,
  cell: Situation,
  run: number,
  state: RunState,
  limits: RunLimits,
): Promise<SituationRun> {
  const result: SituationRun = { cell: cell.id, pipeline: host.name, run, ok: false };
  try {
    const source = await openSource(host, servers, VIEW_PAGES.document);
    const layout = await readViewLayout(source);
    const { link, clickToLinkMs } = await startShare(host.browser, host.extensionId, host.worker, source);
    result.clickToLinkMs = clickToLinkMs;
    if (cell.popup === 'open' && host.name === 'tabbeam') {
      state.popup = await openPopup(host.browser, host.extensionId, source);
      await state.popup.waitForSelector('[data-testid="qr-code"]', { timeout: 10_000 });
    }
    if (cell.viewer === 'same' || !viewers) state.viewer = await host.browser.newPage({ type: 'window' });
    else {
      state.viewer = await (await viewers.createBrowserContext()).newPage();
      state.ownContext = true;
    }
    await state.viewer.evaluateOnNewDocument(sharpProbeScript(layout));
    await state.viewer.evaluateOnNewDocument(CONNECTION_PROBE);
    const { openedAt, firstFrameMs, timeline } = await timeFirstFrame(state.viewer, link, limits.firstFrameMs);
    if (state.popup) result.popupOpenAtFirstFrame = !state.popup.isClosed();
    result.diagnosticsAtFirstFrame = await videoSenderDiagnostics(host.browser).catch(() => []);
    for (const [step, at] of await hostMarks(host.browser, openedAt)) timeline[step] ??= Math.round(at - openedAt);
    Object.assign(result, { firstFrameMs, timeline });
    const sharp = await readSharp(state.viewer, limits.sharpMs);
    // The same frame can reach the probe's callback a moment before the first-frame callback.
    result.sharpMs = sharp.sharpAt ? Math.max(firstFrameMs, Math.round(sharp.sharpAt - openedAt)) : NaN;
    result.firstDecoded = sharp.first;
    if (probeWasLate(sharp)) result.probeLate = true;
    result.sizes = sharp.sizes.map((s) => `${s.size} @${Math.round(s.at - openedAt)} ms`);
    if (!sharp.sharpAt) result.error = `never sharp within ${limits.sharpMs} ms (best detail ${sharp.bestDetail})`;
    await measureSteady(host, state.viewer, result);
    result.ok = true;
  } catch (error) {
    result.error = String(error).split('\n')[0]!.slice(0, 300);
  }
  return result;
}

/** Presented frames a second over `ms` (requestVideoFrameCallback). A string: tsx would wrap named helpers in a __name() the page does not have. */
const presentedFps = (page: Page, ms: number) =>
  page.evaluate(`new Promise((resolve) => {
    const video = document.querySelector('video');
    const times = [];
    const end = performance.now() + ${ms};
    const tick = (now) => {
      times.push(now);
      if (performance.now() < end) video.requestVideoFrameCallback(tick);
    };
    video.requestVideoFrameCallback(tick);
    setTimeout(() => resolve(times.length > 1 ? ((times.length - 1) * 1000) / (times[times.length - 1] - times[0]) : 0), ${ms + 50});
  })`) as Promise<number>;

async function measureSteady(host: SituationHost, viewer: Page, result: SituationRun): Promise<void> {
  const pipeline = pipelineOf(host.name);
  const diagnostics = () => videoSenderDiagnostics(host.browser).catch(() => [] as VideoSenderDiagnostics[]);
  const [before, diagnosticsBefore] = [
    await pipeline.senderStats(host).catch(() => [] as SenderStats[]),
    await diagnostics(),
  ];
  result.viewerFps = Math.round((await presentedFps(viewer, 2000)) * 10) / 10;
  const [after, diagnosticsAfter] = [
    await pipeline.senderStats(host).catch(() => [] as SenderStats[]),
    await diagnostics(),
  ];
  result.senderDiagnostics = { before: diagnosticsBefore, after: diagnosticsAfter };
  const last = after.at(-1);
  const earlier = last && before.find((s) => s.viewerId === last.viewerId);
  const seconds = last && earlier ? (last.timestamp - earlier.timestamp) / 1000 : 0;
  const pc = diagnosticsAfter.at(-1);
  const kbps = (bps: number | undefined) => (bps === undefined ? undefined : Math.round(bps / 1000));
  result.sender =
    last && earlier && seconds > 0
      ? {
          codec: (last.codec ?? '').replace(/^video\//, ''),
          frameWidth: last.frameWidth ?? 0,
          frameHeight: last.frameHeight ?? 0,
          sentFps: Math.round(((last.framesEncoded - earlier.framesEncoded) / seconds) * 10) / 10,
          bytesPerSecond: Math.round((last.bytesSent - earlier.bytesSent) / seconds),
          qualityLimitationReason: last.qualityLimitationReason ?? 'unknown',
          targetKbps: kbps(pc?.targetBitrate),
          availableOutgoingKbps: kbps(pc?.availableOutgoingBitrate),
          sourceFps: pc?.sourceFps,
        }
      : null;
  if (result.viewerFps >= 10) return;
  result.slowSenderStats = { before, after };
  result.slowTrace = [];
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    result.slowTrace.push(...(await diagnostics()));
  }
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);

/**
 * Closes what the run opened and ends its share; true when the host is idle again and can start
 * the next one. False: the caller relaunches the host browser.
 */
export async function cleanUp(host: SituationHost, state: RunState): Promise<boolean> {
  const viewer = state.viewer;
  const steps: (() => Promise<unknown>)[] = [
    async () => viewer && (state.ownContext ? viewer.browserContext().close() : viewer.close()),
    async () => state.popup && !state.popup.isClosed() && state.popup.close(),
    () => pipelineOf(host.name).stop(host),
  ];
  for (const step of steps) await within(step(), 15_000).catch(() => undefined);
  if (!host.browser.connected) return false;
  const session = await within(readSession(host.worker), 5000).catch(() => null);
  return session?.state === 'idle';
}

/** The host browser again, as it was launched: after a crash, or a share that would not end. */
export async function relaunchHost(
  host: SituationHost,
  servers: Servers,
  ice: Situation['ice'],
): Promise<SituationHost> {
  await within(host.browser.close(), 10_000).catch(() => host.browser.process()?.kill('SIGKILL'));
  return launchHost(host.name, servers, ice, host.args);
}

/** Another browser for viewers, with `args`. */
export const launchViewers = (args: string[]) => launchChromium({ extraArgs: args });
