// Measures a sharing pipeline the way a user experiences it: click → link, link → first frame,
// what the viewer sees (received resolution, detail kept, glass-to-glass latency, delivered fps,
// freezes), viewers per host, and the host's encoder figures behind them. The same driver runs
// TabBeam and the bare reference pipeline (bench/reference) in one run.
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { FIXTURES_DIR, launchChromium, launchWithExtension, presetSettings, EXTENSION_DIR, VIEWER_DIR } from '../scripts/chromium';
import { MARK_COLOURS } from '../src/shared/pointing';
import { hexRgb, hostMarks, hostStats, moveOnPicture, turnPointOn, measureView, openAndTimeFirstFrame, openPopup, readViewLayout, startShare, waitForColour, waitForSession, type ViewReport } from '../scripts/drive';
import { startBroker, startStaticServer, type Broker, type LocalServer } from '../scripts/local-servers';
import type { SenderStats } from '../src/shared/protocol';
import { cpuTicks } from './proc';

const ROOT = path.resolve(import.meta.dirname, '..');
const PEERJS_DIST = path.join(ROOT, 'node_modules/peerjs/dist');

export interface Summary {
  n: number;
  median: number;
  p95: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

export interface Servers {
  broker: Broker;
  site: LocalServer;
  close(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const broker = await startBroker();
  const site = await startStaticServer({
    '/': VIEWER_DIR,
    '/demo/': FIXTURES_DIR,
    '/vendor/peerjs/': PEERJS_DIST,
    '/bench/': path.join(ROOT, 'bench/reference'),
  });
  return { broker, site, close: async () => void (await Promise.all([broker.close(), site.close()])) };
}

/** The tab both pipelines share: a real 1280×720 page (the host window is sized for it). */
export const PAGE_SIZE = { width: 1280, height: 720 };

/** The two pages `npm run bench` shares (tests/fixtures): a still document, and a playing video. */
export const VIEW_PAGES = { document: 'document.html', video: 'video.html' } as const;
export type ViewPage = keyof typeof VIEW_PAGES;

export interface Pipeline {
  name: 'tabbeam' | 'reference';
  launch(servers: Servers): Promise<{ browser: Browser; extensionId: string; worker: WebWorker }>;
  stop(host: HostBrowser): Promise<void>;
  senderStats(host: HostBrowser): Promise<SenderStats[]>;
}

export interface HostBrowser {
  browser: Browser;
  extensionId: string;
  worker: WebWorker;
  source: Page | null;
}

export const tabbeam: Pipeline = {
  name: 'tabbeam',
  async launch(servers) {
    const host = await launchWithExtension({ extensionDir: EXTENSION_DIR, pageSize: PAGE_SIZE });
    await presetSettings(host.worker, { viewerUrl: servers.site.url, broker: servers.broker.settings, iceServers: [], askToJoin: false, maxViewers: 50, expiryMinutes: null });
    return host;
  },
  async stop(host) {
    await host.source?.close();
    await waitForSession(host.worker, (s) => s.state === 'idle');
  },
  senderStats: (host) => hostStats(host.worker).catch(() => []),
};

export const reference: Pipeline = {
  name: 'reference',
  async launch(servers) {
    // The reference extension loads PeerJS from its own folder; assemble it in a temp dir.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-reference-'));
    cpSync(path.join(ROOT, 'bench/reference/extension'), dir, { recursive: true });
    cpSync(path.join(PEERJS_DIST, 'peerjs.min.js'), path.join(dir, 'peerjs.min.js'));
    const host = await launchWithExtension({ extensionDir: dir, pageSize: PAGE_SIZE });
    const config = { viewerUrl: `${servers.site.url}bench/viewer.html`, port: servers.broker.port };
    await host.worker.evaluate((config) => chrome.storage.local.set({ config }), config);
    return host;
  },
  async stop(host) {
    await host.worker.evaluate(async () => {
      await chrome.offscreen.closeDocument().catch(() => undefined);
      await chrome.storage.session.clear();
    });
    await host.source?.close();
  },
  async senderStats(host) {
    const target = await host.browser.waitForTarget((t) => t.url().endsWith('/offscreen.html'));
    const page = await target.asPage();
    return page.evaluate(() => (window as unknown as { senderStats(): Promise<SenderStats[]> }).senderStats());
  },
};

/** Opens `file` (tests/fixtures) in a new tab of the host, in front. */
export async function openSource(host: HostBrowser, servers: Servers, file = 'source.html'): Promise<Page> {
  host.source = await host.browser.newPage();
  await host.source.goto(`${servers.site.url}demo/${file}`);
  await host.source.bringToFront();
  return host.source;
}

export async function share(host: HostBrowser, servers: Servers, file = 'source.html'): Promise<{ link: string; clickToLinkMs: number }> {
  const source = await openSource(host, servers, file);
  return startShare(host.browser, host.extensionId, host.worker, source);
}

/** What the host's encoder did for the one viewer, over the measured seconds. */
export interface SenderSnapshot {
  codec: string;
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number;
  qualityLimitationReason: string;
  bytesPerSecond: number;
  /** Mean quantizer of the frames encoded over the measured seconds (VP8: 0–127, higher is coarser), when reported. */
  qp: number | null;
}

function senderSnapshot(before: SenderStats[], after: SenderStats[]): SenderSnapshot | null {
  const last = after.at(-1);
  if (!last) return null;
  const earlier = before.find((s) => s.viewerId === last.viewerId);
  const seconds = earlier ? (last.timestamp - earlier.timestamp) / 1000 : 0;
  const frames = earlier ? last.framesEncoded - earlier.framesEncoded : 0;
  const qpSum = (s: SenderStats | undefined) => (s as { qpSum?: number } | undefined)?.qpSum;
  return {
    codec: (last.codec ?? '').replace(/^video\//, ''),
    frameWidth: last.frameWidth ?? 0,
    frameHeight: last.frameHeight ?? 0,
    framesPerSecond: last.framesPerSecond ?? 0,
    qualityLimitationReason: last.qualityLimitationReason ?? 'unknown',
    bytesPerSecond: earlier && seconds > 0 ? (last.bytesSent - earlier.bytesSent) / seconds : 0,
    qp: qpSum(last) !== undefined && qpSum(earlier) !== undefined && frames > 0 ? (qpSum(last)! - qpSum(earlier)!) / frames : null,
  };
}

export interface ViewOptions {
  /** Runs per page and pipeline; each: click → link, link → first frame, then the view measured. */
  runs: number;
  /** Wait after the first frame before measuring (the bandwidth estimate ramps up from a low start). */
  settleSeconds: number;
  /** How long the view is measured in each run. */
  measureSeconds: number;
  /** Runs per page and pipeline beyond `runs` that only time the first frame (the noisiest figure). */
  firstFrameRuns?: number;
  pages: ViewPage[];
  log?: (line: string) => void;
}

/** One share opened by one viewer: how soon its first frame came. */
export interface FirstFrameRun {
  page: ViewPage;
  pipeline: Pipeline['name'];
  run: number;
  clickToLinkMs: number;
  firstFrameMs: number;
  /** Where the first frame's time went: each step in ms since the link was opened (openAndTimeFirstFrame). */
  timeline: Record<string, number>;
}

/** One run of one pipeline on one page, its view measured. */
export interface ViewRun extends FirstFrameRun {
  /** The shared tab's innerWidth × innerHeight, as the source page reads it. */
  sourcePage: { width: number; height: number };
  view: Omit<ViewReport, 'latencies'> & { latencyMs: Summary };
  sender: SenderSnapshot | null;
}

/**
 * `runs` runs per page of every pipeline, then `firstFrameRuns` more that only time the first
 * frame, alternating (TabBeam, bare; then bare, TabBeam; …) so a busy moment of this shared
 * machine does not land on one pipeline only. All host browsers stay open; only the running
 * pipeline has a source tab. `firstFrames` holds every run, the measured ones too.
 */
export async function runViews(pipelines: Pipeline[], servers: Servers, options: ViewOptions): Promise<{ views: ViewRun[]; firstFrames: FirstFrameRun[] }> {
  const log = options.log ?? (() => undefined);
  const hosts: HostBrowser[] = [];
  const viewers = await launchChromium();
  try {
    for (const pipeline of pipelines) hosts.push({ ...(await pipeline.launch(servers)), source: null });
    const views: ViewRun[] = [];
    const firstFrames: FirstFrameRun[] = [];
    for (const page of options.pages) {
      for (let run = 1; run <= options.runs + (options.firstFrameRuns ?? 0); run++) {
        const order = pipelines.map((pipeline, i) => ({ pipeline, host: hosts[i]! }));
        if (run % 2 === 0) order.reverse();
        for (const { pipeline, host } of order) {
          const source = await openSource(host, servers, VIEW_PAGES[page]);
          const layout = await readViewLayout(source);
          const { link, clickToLinkMs } = await startShare(host.browser, host.extensionId, host.worker, source);
          const { page: viewer, openedAt, firstFrameMs, timeline } = await openAndTimeFirstFrame(viewers, link);
          for (const [step, at] of await hostMarks(host.browser, openedAt)) timeline[step] ??= Math.round(at - openedAt);
          const first: FirstFrameRun = { page, pipeline: pipeline.name, run, clickToLinkMs, firstFrameMs, timeline };
          firstFrames.push(first);
          if (run <= options.runs) {
            await new Promise((r) => setTimeout(r, options.settleSeconds * 1000));
            const before = await pipeline.senderStats(host);
            const { latencies, ...view } = await measureView(viewer, options.measureSeconds * 1000, layout);
            const sender = senderSnapshot(before, await pipeline.senderStats(host));
            const result: ViewRun = { ...first, sourcePage: layout.page, view: { ...view, latencyMs: summarize(latencies) }, sender };
            views.push(result);
            log(describeRun(result));
          } else {
            log(`${page} ${pipeline.name} first frame ${run}: link ${clickToLinkMs} ms, first frame ${firstFrameMs} ms`);
          }
          await viewer.browserContext().close();
          await pipeline.stop(host);
        }
      }
    }
    return { views, firstFrames };
  } finally {
    await Promise.all([viewers.close(), ...hosts.map((h) => h.browser.close())]);
  }
}

function describeRun(r: ViewRun): string {
  const s = r.sender;
  const sent = s ? `sent ${s.codec} ${s.frameWidth}×${s.frameHeight} ${s.framesPerSecond ?? 0} fps ${Math.round(s.bytesPerSecond / 1000)} kB/s${s.qp === null ? '' : ` qp ${s.qp.toFixed(0)}`} (${s.qualityLimitationReason})` : 'no sender stats';
  return (
    `${r.page} ${r.pipeline} run ${r.run}: tab ${r.sourcePage.width}×${r.sourcePage.height}, link ${r.clickToLinkMs} ms, first frame ${r.firstFrameMs} ms; ` +
    `got ${r.view.width}×${r.view.height}, detail ${r.view.detail.toFixed(2)}, ${r.view.fps.toFixed(1)} fps, ${r.view.freezes} freezes, ` +
    `latency p50 ${r.view.latencyMs.median} / p95 ${r.view.latencyMs.p95} ms (${r.view.latencyMs.n}/${r.view.frames} frames read); ${sent}`
  );
}

/** Medians over the runs of one pipeline on one page. */
export interface ViewSummary {
  runs: number;
  /** The received resolution most runs had. */
  resolution: string;
  detail: number;
  clickToLinkMs: number;
  firstFrameMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  fps: number;
  freezes: number;
  /** The host's sender, most common over the runs. */
  codec: string;
  sentResolution: string;
  qualityLimitationReason: string;
  sentFps: number;
  bytesPerSecond: number;
}

/** `firstFrames`: the runs whose first frame counts (all of them, the measured ones too); `runs` by default. */
export function summarizeViews(runs: ViewRun[], firstFrames: FirstFrameRun[] = runs): ViewSummary {
  const median = (values: number[]) => summarize(values.filter((v) => Number.isFinite(v))).median;
  const mode = (values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
  };
  const senders = runs.flatMap((r) => (r.sender ? [r.sender] : []));
  return {
    runs: runs.length,
    resolution: mode(runs.map((r) => `${r.view.width}×${r.view.height}`)),
    detail: median(runs.map((r) => r.view.detail)),
    clickToLinkMs: median(firstFrames.map((r) => r.clickToLinkMs)),
    firstFrameMs: median(firstFrames.map((r) => r.firstFrameMs)),
    latencyP50Ms: median(runs.map((r) => r.view.latencyMs.median)),
    latencyP95Ms: median(runs.map((r) => r.view.latencyMs.p95)),
    fps: median(runs.map((r) => r.view.fps)),
    freezes: median(runs.map((r) => r.view.freezes)),
    codec: mode(senders.map((s) => s.codec)),
    sentResolution: mode(senders.map((s) => `${s.frameWidth}×${s.frameHeight}`)),
    qualityLimitationReason: mode(senders.map((s) => s.qualityLimitationReason)),
    sentFps: median(senders.map((s) => s.framesPerSecond)),
    bytesPerSecond: median(senders.map((s) => s.bytesPerSecond)),
  };
}

/**
 * The median time of each first-frame step over the runs, in the order the steps happen; a step
 * missing from some runs is the median of the runs that have it.
 */
export function summarizeTimeline(runs: FirstFrameRun[]): { step: string; ms: number }[] {
  const steps = new Map<string, number[]>();
  for (const run of runs) for (const [step, ms] of Object.entries(run.timeline)) steps.set(step, [...(steps.get(step) ?? []), ms]);
  return [...steps].map(([step, values]) => ({ step, ms: summarize(values).median })).sort((a, b) => a.ms - b.ms);
}

export interface HostLoadOptions {
  viewerCounts: number[];
  /** Length of each viewers-per-host measurement. */
  perCountSeconds: number;
  log?: (line: string) => void;
}

export interface HostLoadResult {
  viewersPerHost: { viewers: number; minFps: number; meanFps: number; latencyP50Ms: number; hostCpuPercent: number }[];
  /** Largest measured viewer count at which every viewer got ≥ 24 fps. */
  maxViewersAt24Fps: number;
}

/** Viewers per host: 1, 2, … viewers of one share of the document page, each measured at once. */
export async function runViewersPerHost(pipeline: Pipeline, servers: Servers, options: HostLoadOptions): Promise<HostLoadResult> {
  const log = options.log ?? (() => undefined);
  const host: HostBrowser = { ...(await pipeline.launch(servers)), source: null };
  const viewers = await launchChromium();
  const hostPid = host.browser.process()?.pid;
  try {
    const source = await openSource(host, servers, VIEW_PAGES.document);
    const layout = await readViewLayout(source);
    const { link } = await startShare(host.browser, host.extensionId, host.worker, source);
    const viewersPerHost: HostLoadResult['viewersPerHost'] = [];
    for (const count of options.viewerCounts) {
      // One at a time: a saturated machine cannot start eight at once within the deadline.
      const pages: Page[] = [];
      try {
        for (let i = 0; i < count; i++) pages.push((await openAndTimeFirstFrame(viewers, link)).page);
      } catch (error) {
        log(`${pipeline.name} ${count} viewers: could not start them all (${String(error).split('\n')[0]}); stopping here`);
        await Promise.all(pages.map((p) => p.browserContext().close()));
        viewersPerHost.push({ viewers: count, minFps: 0, meanFps: 0, latencyP50Ms: NaN, hostCpuPercent: NaN });
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
      const ticksBefore = hostPid ? cpuTicks(hostPid) : 0;
      const started = Date.now();
      const reports = await Promise.all(pages.map((p) => measureView(p, options.perCountSeconds * 1000, layout)));
      const elapsed = (Date.now() - started) / 1000;
      const hostCpuPercent = hostPid ? ((cpuTicks(hostPid) - ticksBefore) / 100 / elapsed) * 100 : NaN;
      const fps = reports.map((r) => r.fps);
      const row = {
        viewers: count,
        minFps: Math.min(...fps),
        meanFps: fps.reduce((a, b) => a + b, 0) / fps.length,
        latencyP50Ms: summarize(reports.flatMap((r) => r.latencies)).median,
        hostCpuPercent,
      };
      viewersPerHost.push(row);
      log(`${pipeline.name} ${count} viewers: min ${row.minFps.toFixed(1)} fps, latency p50 ${row.latencyP50Ms} ms, host CPU ${row.hostCpuPercent.toFixed(0)}%`);
      await Promise.all(pages.map((p) => p.browserContext().close()));
    }
    await pipeline.stop(host);
    const good = viewersPerHost.filter((r) => r.minFps >= 24).map((r) => r.viewers);
    return { viewersPerHost, maxViewersAt24Fps: good.length > 0 ? Math.max(...good) : 0 };
  } finally {
    await viewers.close();
    await host.browser.close();
  }
}

/**
 * TabBeam only (the reference has no source switching): a still red tab is shared and watched;
 * then "Share this tab instead" on a blue, then a red tab, alternately. Each figure is the time
 * from the popup click to the first decoded frame of the new colour at the viewer.
 */
export async function measureSourceSwitch(servers: Servers, runs: number, log: (line: string) => void = () => undefined): Promise<Summary> {
  const host = await tabbeam.launch(servers);
  const viewers = await launchChromium();
  try {
    const colourPage = async (hex: string) => {
      const page = await host.browser.newPage();
      await page.goto(`${servers.site.url}demo/color.html?c=${hex}`);
      await page.bringToFront();
      return page;
    };
    const { link } = await startShare(host.browser, host.extensionId, host.worker, await colourPage('ff0000'));
    const { page: viewer } = await openAndTimeFirstFrame(viewers, link);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const [hex, rgb] = i % 2 === 0 ? (['0000ff', [0, 0, 255]] as const) : (['ff0000', [255, 0, 0]] as const);
      const tab = await colourPage(hex);
      const popup = await openPopup(host.browser, host.extensionId, tab);
      const arrived = waitForColour(viewer, [...rgb]);
      const clicked = Date.now();
      await popup.locator('[data-testid="share-this-tab"]').click();
      times.push((await arrived) - clicked);
      log(`source switch ${i + 1}/${runs}: ${times.at(-1)} ms`);
    }
    return summarize(times);
  } finally {
    await Promise.all([host.browser.close(), viewers.close()]);
  }
}

/**
 * A viewer's pointer, glass to glass: one viewer moves its dot (Point on) between two places of
 * the shared pointing page; another viewer's decoded frames are watched until the dot's colour
 * shows there. `runs` moves; the time from the mouse move to that frame.
 */
export async function measurePointer(servers: Servers, runs: number, log: (line: string) => void = () => undefined): Promise<Summary> {
  const host = await tabbeam.launch(servers);
  const viewers = await launchChromium();
  try {
    const page = await host.browser.newPage();
    await page.goto(`${servers.site.url}demo/pointing.html`);
    await page.bringToFront();
    const { link } = await startShare(host.browser, host.extensionId, host.worker, page);
    await waitForSession(host.worker, (s) => s.state === 'live' && s.overlay === 'on');
    const { page: pointer } = await openAndTimeFirstFrame(viewers, link);
    const { page: other } = await openAndTimeFirstFrame(viewers, link);
    await turnPointOn(pointer);
    const colour = hexRgb(MARK_COLOURS[0]);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const at: [number, number] = [i % 2 === 0 ? 0.75 : 0.25, 0.5];
      const arrived = waitForColour(other, colour, 5000, at);
      const moved = Date.now();
      await moveOnPicture(pointer, ...at);
      times.push((await arrived) - moved);
      log(`pointer ${i + 1}/${runs}: ${times.at(-1)} ms`);
    }
    return summarize(times);
  } finally {
    await Promise.all([host.browser.close(), viewers.close()]);
  }
}
