// Measures a sharing pipeline the way a user experiences it: click → link, link → first frame,
// what the viewer sees (received resolution, detail kept, glass-to-glass latency, delivered fps,
// freezes), viewers per host (peer to peer, through a media server, bare), the hand-off to the
// media server, and the host's encoder figures behind them. The same driver runs TabBeam and the
// bare reference pipeline (bench/reference) in one run.
import path from 'node:path';
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import {
  FIXTURES_DIR,
  launchChromium,
  launchWithExtension,
  presetSettings,
  EXTENSION_DIR,
  VIEWER_DIR,
} from '../scripts/chromium';
import { MARK_COLOURS } from '../src/shared/pointing';
import {
  hexRgb,
  hostMarks,
  hostStats,
  moveOnPicture,
  turnPointOn,
  measureView,
  openAndTimeFirstFrame,
  openPopup,
  pageMarks,
  readViewLayout,
  startShare,
  waitForColour,
  waitForSession,
  type ViewReport,
} from '../scripts/drive';
import {
  startBroker,
  startStaticServer,
  type Broker,
  type LocalServer,
  type ServeOptions,
} from '../scripts/local-servers';
import type { SenderStats } from '../src/shared/protocol';
import { cpuTicks } from './proc';
import { PEERJS_DIST, referenceExtensionDir } from './reference-extension';

const ROOT = path.resolve(import.meta.dirname, '..');

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

/** `serve`: where they listen (bench/turn.ts: a strict network's server address, over HTTPS). */
export async function startServers(serve?: ServeOptions): Promise<Servers> {
  const broker = await startBroker(0, serve);
  const mounts = {
    '/': VIEWER_DIR,
    '/demo/': FIXTURES_DIR,
    '/vendor/peerjs/': PEERJS_DIST,
    '/bench/': path.join(ROOT, 'bench/reference'),
  };
  const site = await startStaticServer(mounts, 0, serve);
  return { broker, site, close: async () => void (await Promise.all([broker.close(), site.close()])) };
}

/** The tab both pipelines share: a real 1280×720 page (the host window is sized for it). */
export const PAGE_SIZE = { width: 1280, height: 720 };

/** The two pages `npm run bench` shares (tests/fixtures): a still document, and a playing video. */
export const VIEW_PAGES = { document: 'document.html', video: 'video.html' } as const;
export type ViewPage = keyof typeof VIEW_PAGES;

export interface Pipeline {
  name: 'tabbeam' | 'tabbeam-janus' | 'reference';
  /** TabBeam with a media server in Settings: viewers above `threshold` watch through it; `pid`: its process. */
  mediaServer?: { threshold: number; pid: number };
  launch(servers: Servers): Promise<{ browser: Browser; extensionId: string; worker: WebWorker }>;
  stop(host: HostBrowser): Promise<void>;
  senderStats(host: HostBrowser): Promise<SenderStats[]>;
  /**
   * Ends the host's calls to viewers that have all left, where the pipeline would not notice
   * soon: PeerJS alone keeps sending to a closed viewer tab until ICE consent fails.
   */
  hangUp?(host: HostBrowser): Promise<void>;
}

export interface HostBrowser {
  browser: Browser;
  extensionId: string;
  worker: WebWorker;
  source: Page | null;
}

/**
 * TabBeam's settings in the benchmark: this machine's broker and viewer, no ICE servers, nobody
 * asked about, peer to peer whatever the build's default (TABBEAM_MEDIA_SERVER) says.
 */
export const benchSettings = (servers: Servers) => ({
  viewerUrl: servers.site.url,
  broker: servers.broker.settings,
  iceServers: [],
  askToJoin: false,
  maxViewers: 50,
  expiryMinutes: null,
  mediaServer: null,
});

/** The bare pipeline's stored config: this machine's broker and viewer; iceServers null: PeerJS's defaults. */
export async function configureReference(worker: WebWorker, servers: Servers, iceServers: [] | null): Promise<void> {
  const config = { viewerUrl: `${servers.site.url}bench/viewer.html`, port: servers.broker.port, iceServers };
  await worker.evaluate((config) => chrome.storage.local.set({ config }), config);
}

export const tabbeam: Pipeline = {
  name: 'tabbeam',
  async launch(servers) {
    const host = await launchWithExtension({ extensionDir: EXTENSION_DIR, pageSize: PAGE_SIZE });
    await presetSettings(host.worker, benchSettings(servers));
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
    const host = await launchWithExtension({ extensionDir: referenceExtensionDir(), pageSize: PAGE_SIZE });
    await configureReference(host.worker, servers, []);
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
    const page = await referenceOffscreen(host);
    return page.evaluate(() => (window as unknown as { senderStats(): Promise<SenderStats[]> }).senderStats());
  },
  async hangUp(host) {
    // offscreen.js's top-level `peer`; PeerJS drops a connection from peer.connections once closed.
    await (
      await referenceOffscreen(host)
    ).evaluate('for (const list of Object.values(peer.connections)) for (const c of [...list]) c.close();');
  },
};

async function referenceOffscreen(host: HostBrowser): Promise<Page> {
  const target = await host.browser.waitForTarget((t) => t.url().endsWith('/offscreen.html'));
  return target.asPage();
}

/** A media server the benchmark started (scripts/janus-server.ts startJanus). */
export interface MediaServerProcess {
  url: string;
  apiSecret: string;
  pid: number;
}

/** The host's SenderStats entry for the media server's room (src/offscreen/host/sender-stats.ts SERVER_VIEWER_ID). */
export const MEDIA_SERVER_SENDER = 'media-server';

/** TabBeam with `janus` in Settings: through it once more than `threshold` viewers watch (0: always). */
export function tabbeamThrough(janus: MediaServerProcess, threshold: number): Pipeline {
  return {
    ...tabbeam,
    name: 'tabbeam-janus',
    mediaServer: { threshold, pid: janus.pid },
    async launch(servers) {
      const host = await tabbeam.launch(servers);
      await presetSettings(host.worker, { mediaServer: { url: janus.url, apiSecret: janus.apiSecret, threshold } });
      return host;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const via = (page: Page) => page.$eval('[data-testid="status"]', (el) => el.getAttribute('data-via')).catch(() => null);

/** What a viewer page logs when it cannot use the media server (src/viewer/watch/room.ts), from now on. */
function serverWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warn' && message.text().includes('media server'))
      warnings.push(message.text().replace(/^TabBeam: /, ''));
  });
  return warnings;
}

/** Waits until every page's status says `data-via="server"`; how many never did within `timeoutMs`. */
async function waitForServerRoute(pages: Page[], timeoutMs: number): Promise<number> {
  const waits = pages.map((p) =>
    p.waitForFunction(() => document.querySelector('[data-testid="status"]')?.getAttribute('data-via') === 'server', {
      timeout: timeoutMs,
      polling: 50,
    }),
  );
  return (await Promise.allSettled(waits)).filter((r) => r.status === 'rejected').length;
}

/** Polls the host's sender stats until `done` holds; false after `timeoutMs`. */
async function waitForSenders(
  pipeline: Pipeline,
  host: HostBrowser,
  done: (stats: SenderStats[]) => boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done(await pipeline.senderStats(host).catch(() => []))) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

/** Bytes the host sent between two sender-stats reads, over the senders in both (video only). */
function bytesSentBetween(before: SenderStats[], after: SenderStats[]): number {
  let bytes = 0;
  for (const s of after) {
    const earlier = before.find((b) => b.viewerId === s.viewerId);
    if (earlier) bytes += Math.max(0, s.bytesSent - earlier.bytesSent);
  }
  return bytes;
}

/** Opens `file` (tests/fixtures) in a new tab of the host, in front. */
export async function openSource(host: HostBrowser, servers: Servers, file = 'source.html'): Promise<Page> {
  host.source = await host.browser.newPage();
  await host.source.goto(`${servers.site.url}demo/${file}`);
  await host.source.bringToFront();
  return host.source;
}

export async function share(
  host: HostBrowser,
  servers: Servers,
  file = 'source.html',
): Promise<{ link: string; clickToLinkMs: number }> {
  const source = await openSource(host, servers, file);
  return startShare(host.browser, host.extensionId, host.worker, source);
}

/** share(), and once the overlay is in the shared tab (pointing, the live text, control work there). */
export async function shareWithOverlay(host: HostBrowser, servers: Servers, file: string): Promise<{ link: string }> {
  const shared = await share(host, servers, file);
  await waitForSession(host.worker, (s) => s.state === 'live' && s.overlay === 'on');
  return shared;
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
    qp:
      qpSum(last) !== undefined && qpSum(earlier) !== undefined && frames > 0
        ? (qpSum(last)! - qpSum(earlier)!) / frames
        : null,
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
export async function runViews(
  pipelines: Pipeline[],
  servers: Servers,
  options: ViewOptions,
): Promise<{ views: ViewRun[]; firstFrames: FirstFrameRun[] }> {
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
          for (const [step, at] of await hostMarks(host.browser, openedAt))
            timeline[step] ??= Math.round(at - openedAt);
          const first: FirstFrameRun = { page, pipeline: pipeline.name, run, clickToLinkMs, firstFrameMs, timeline };
          firstFrames.push(first);
          if (run <= options.runs) {
            await new Promise((r) => setTimeout(r, options.settleSeconds * 1000));
            const before = await pipeline.senderStats(host);
            const { latencies, ...view } = await measureView(viewer, options.measureSeconds * 1000, layout);
            const sender = senderSnapshot(before, await pipeline.senderStats(host));
            const result: ViewRun = {
              ...first,
              sourcePage: layout.page,
              view: { ...view, latencyMs: summarize(latencies) },
              sender,
            };
            views.push(result);
            log(describeRun(result));
          } else {
            log(
              `${page} ${pipeline.name} first frame ${run}: link ${clickToLinkMs} ms, first frame ${firstFrameMs} ms`,
            );
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
  const sent = s
    ? `sent ${s.codec} ${s.frameWidth}×${s.frameHeight} ${s.framesPerSecond ?? 0} fps ${Math.round(s.bytesPerSecond / 1000)} kB/s${s.qp === null ? '' : ` qp ${s.qp.toFixed(0)}`} (${s.qualityLimitationReason})`
    : 'no sender stats';
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
  for (const run of runs)
    for (const [step, ms] of Object.entries(run.timeline)) steps.set(step, [...(steps.get(step) ?? []), ms]);
  return [...steps].map(([step, values]) => ({ step, ms: summarize(values).median })).sort((a, b) => a.ms - b.ms);
}

export interface HostLoadOptions {
  viewerCounts: number[];
  /** Length of each viewers-per-host measurement. */
  perCountSeconds: number;
  /**
   * Hides each viewer's <video> once its first frame is shown, so viewers decode and count
   * frames (measureView reads them from the track, not the screen) without compositing them:
   * lighter for the machine the host shares with them. Default: shown.
   */
  hideVideo?: boolean;
  log?: (line: string) => void;
}

export interface HostLoadRow {
  viewers: number;
  minFps: number;
  meanFps: number;
  latencyP50Ms: number;
  /** The host browser, all its processes, % of one core. */
  hostCpuPercent: number;
  /** Sum of bytesSent over all the host's video senders (its viewers' and the room's), × 8 / s. */
  uploadKbps: number;
  /** The viewers' browser (all of them), % of one core: what the host competes with on this machine. */
  viewersCpuPercent: number;
  /** Through a media server: its process's CPU (% of one core), not in hostCpuPercent. */
  janusCpuPercent?: number;
  /** Through a media server: viewers whose status never said data-via="server" (measured anyway). */
  notOnServer?: number;
  /** Through a media server: peer-to-peer senders still on at the host while measured (0 when the hand-off is done). */
  directSenders?: number;
}

export interface HostLoadResult {
  viewersPerHost: HostLoadRow[];
  /** Largest measured viewer count at which every viewer got ≥ 24 fps. */
  maxViewersAt24Fps: number;
}

/**
 * Viewers per host: 1, 2, … viewers of one share of the document page, each measured at once.
 * With a media server (tabbeamThrough), each count is measured once every viewer shows
 * data-via="server" and the host has stopped its own sends to them.
 */
export async function runViewersPerHost(
  pipeline: Pipeline,
  servers: Servers,
  options: HostLoadOptions,
): Promise<HostLoadResult> {
  const log = options.log ?? (() => undefined);
  const host: HostBrowser = { ...(await pipeline.launch(servers)), source: null };
  const viewers = await launchChromium();
  const hostPid = host.browser.process()?.pid;
  const viewersPid = viewers.process()?.pid;
  const server = pipeline.mediaServer;
  const direct = (stats: SenderStats[]) => stats.filter((s) => s.viewerId !== MEDIA_SERVER_SENDER);
  try {
    const source = await openSource(host, servers, VIEW_PAGES.document);
    const layout = await readViewLayout(source);
    const { link } = await startShare(host.browser, host.extensionId, host.worker, source);
    const viewersPerHost: HostLoadRow[] = [];
    const warnings = new Map<Page, string[]>();
    if (server) {
      // The room opens with the first viewer over the threshold, and a viewer told of it before the
      // host's publishing connection is up can fail to subscribe: open it before the rows are measured.
      const warmUp: Page[] = [];
      for (let i = 0; i <= server.threshold; i++) warmUp.push((await openAndTimeFirstFrame(viewers, link)).page);
      const missed = await waitForServerRoute(warmUp, 20_000);
      log(
        `${pipeline.name}: the room is open${missed ? ` (${missed} of the ${warmUp.length} viewers that opened it stayed peer to peer)` : ''}`,
      );
      await Promise.all(warmUp.map((p) => p.browserContext().close()));
      await waitForSenders(pipeline, host, (stats) => direct(stats).length === 0, 15_000);
    }
    for (const count of options.viewerCounts) {
      // One at a time: a saturated machine cannot start eight at once within the deadline.
      const pages: Page[] = [];
      try {
        for (let i = 0; i < count; i++) {
          const { page } = await openAndTimeFirstFrame(viewers, link);
          if (server) warnings.set(page, serverWarnings(page));
          pages.push(page);
          if (options.hideVideo)
            await page.addStyleTag({ content: '[data-testid="remote-video"] { display: none !important; }' });
        }
      } catch (error) {
        log(
          `${pipeline.name} ${count} viewers: could not start them all (${String(error).split('\n')[0]}); stopping here`,
        );
        await Promise.all(pages.map((p) => p.browserContext().close()));
        viewersPerHost.push({
          viewers: count,
          minFps: 0,
          meanFps: 0,
          latencyP50Ms: NaN,
          hostCpuPercent: NaN,
          uploadKbps: NaN,
          viewersCpuPercent: NaN,
        });
        break;
      }
      const extra: Pick<HostLoadRow, 'notOnServer' | 'directSenders'> = {};
      if (server && count > server.threshold) {
        extra.notOnServer = await waitForServerRoute(pages, 20_000);
        if (extra.notOnServer > 0) {
          const why = [...new Set(pages.flatMap((p) => warnings.get(p) ?? []))];
          log(
            `${pipeline.name} ${count} viewers: ${extra.notOnServer} never showed data-via="server" within 20 s (${(await Promise.all(pages.map(via))).join(', ')}${why.length ? `; ${why.join('; ')}` : ''}); measured anyway`,
          );
        }
        await waitForSenders(pipeline, host, (stats) => direct(stats).length === 0, 5000);
      }
      await sleep(1000);
      const janusPid = server?.pid;
      const statsBefore = await pipeline.senderStats(host);
      const statsAt = Date.now();
      const ticksBefore = hostPid ? cpuTicks(hostPid) : 0;
      const janusBefore = janusPid ? cpuTicks(janusPid) : 0;
      const viewersBefore = viewersPid ? cpuTicks(viewersPid) : 0;
      const started = Date.now();
      const reports = await Promise.all(pages.map((p) => measureView(p, options.perCountSeconds * 1000, layout)));
      const elapsed = (Date.now() - started) / 1000;
      const hostCpuPercent = hostPid ? ((cpuTicks(hostPid) - ticksBefore) / 100 / elapsed) * 100 : NaN;
      const janusCpuPercent = janusPid ? ((cpuTicks(janusPid) - janusBefore) / 100 / elapsed) * 100 : undefined;
      const viewersCpuPercent = viewersPid ? ((cpuTicks(viewersPid) - viewersBefore) / 100 / elapsed) * 100 : NaN;
      const statsAfter = await pipeline.senderStats(host);
      const uploadKbps = (bytesSentBetween(statsBefore, statsAfter) * 8) / 1000 / ((Date.now() - statsAt) / 1000);
      if (server && count > server.threshold) extra.directSenders = direct(statsAfter).length;
      const fps = reports.map((r) => r.fps);
      const row: HostLoadRow = {
        viewers: count,
        minFps: Math.min(...fps),
        meanFps: fps.reduce((a, b) => a + b, 0) / fps.length,
        latencyP50Ms: summarize(reports.flatMap((r) => r.latencies)).median,
        hostCpuPercent,
        uploadKbps,
        viewersCpuPercent,
        ...(janusCpuPercent === undefined ? {} : { janusCpuPercent }),
        ...extra,
      };
      viewersPerHost.push(row);
      log(
        `${pipeline.name} ${count} viewers: min ${row.minFps.toFixed(1)} / mean ${row.meanFps.toFixed(1)} fps, latency p50 ${row.latencyP50Ms} ms, host CPU ${row.hostCpuPercent.toFixed(0)}%, ` +
          `upload ${Math.round(row.uploadKbps)} kbit/s over ${statsAfter.length} senders, viewers' browser ${viewersCpuPercent.toFixed(0)}%${janusCpuPercent === undefined ? '' : `, Janus CPU ${janusCpuPercent.toFixed(0)}%`}` +
          (extra.directSenders ? `, ${extra.directSenders} peer-to-peer senders still on` : ''),
      );
      await Promise.all(pages.map((p) => p.browserContext().close()));
      // The next count starts from no peer-to-peer sends: a departed viewer's sender would add to its upload and CPU.
      await pipeline.hangUp?.(host);
      if (!(await waitForSenders(pipeline, host, (stats) => direct(stats).length === 0, 15_000))) {
        log(
          `${pipeline.name} ${count} viewers: the host still sends to ${direct(await pipeline.senderStats(host)).length} departed viewers after 15 s`,
        );
      }
    }
    await pipeline.stop(host);
    const good = viewersPerHost.filter((r) => r.minFps >= 24).map((r) => r.viewers);
    return { viewersPerHost, maxViewersAt24Fps: good.length > 0 ? Math.max(...good) : 0 };
  } finally {
    await viewers.close();
    await host.browser.close();
  }
}

export interface HandOffRun {
  run: number;
  /** Longest time between frames the first viewer presented, from before the second viewer's link opened to 2 s after the first viewer's data-via="server". */
  maxGapMs: number;
  /** Frames the first viewer presented in that window. */
  frames: number;
  /** The second viewer's link opened → the first viewer's status says data-via="server"; NaN if it never did. */
  openedToServerMs: number;
  /** When it never did: what the first viewer logged about the media server, if anything. */
  reason?: string;
  /** Where the longest gap ended, from the first viewer's data-via="server" (negative: before it). */
  gapEndToServerMs?: number;
  /** The gap and every mark of the host and both viewers, in ms since the second viewer's link opened. */
  timeline?: Record<string, number>;
}

async function handOffTimeline(
  host: Browser,
  first: Page,
  second: Page | null,
  openedAt: number,
  gapEndEpoch: number,
  gapMs: number,
): Promise<Record<string, number>> {
  const events: [string, number][] = [
    ['gap start', gapEndEpoch - gapMs],
    ['gap end', gapEndEpoch],
    ...(await hostMarks(host, openedAt - 1000)),
    ...(await pageMarks(first)).filter(([, at]) => at >= openedAt).map(([n, at]): [string, number] => [`1st ${n}`, at]),
    ...(second ? await pageMarks(second) : []).map(([n, at]): [string, number] => [`2nd ${n}`, at]),
  ];
  events.sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(events.map(([n, at]) => [n, Math.round(at - openedAt)]));
}

export interface HandOffResult {
  threshold: number;
  runs: HandOffRun[];
  maxGapMs: Summary;
  openedToServerMs: Summary;
  /** Runs in which the first viewer never moved to the server (within 20 s); maxGapMs leaves them out. */
  neverOnServer: number;
}

/** The control's window: about as long as a hand-off run's (link → room ≈ 3 s, then 2 s). */
const CONTROL_WINDOW_MS = 5000;
const CONTROL_OUTCOME = { direct: 'second viewer joined peer to peer', idle: 'no second viewer' } as const;

// The first viewer's presented frames (requestVideoFrameCallback on its <video>, which keeps its
// element across the swap) and when its status first says data-via="server". A string: tsx wraps
// named helpers in a __name() the page does not have.
const WATCH_HAND_OFF = `(() => {
  const video = document.querySelector('[data-testid="remote-video"]');
  const h = (window.__handOff = { times: [], meta: [], serverAt: 0, serverEpoch: 0 });
  const tick = (now, m) => {
    h.times.push(performance.now());
    h.meta.push([m.rtpTimestamp ?? NaN, m.receiveTime ?? NaN, m.presentedFrames]);
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
  const check = () => {
    if (h.serverAt || document.querySelector('[data-testid="status"]')?.getAttribute('data-via') !== 'server') return;
    h.serverAt = performance.now();
    h.serverEpoch = Date.now();
  };
  new MutationObserver(check).observe(document.body, { attributes: true, attributeFilter: ['data-via'], childList: true, subtree: true });
  h.poll = setInterval(check, 20);
})()`;

/**
 * The hand-off to the media server, as the viewer already watching sees it: a share with the
 * threshold at 1; the first viewer watches peer to peer, then a second viewer opens the link, which
 * takes the share over the threshold, and the first viewer swaps to the room's picture. Each run
 * is a new share (a share stays on its room once there).
 */
export async function measureHandOff(
  servers: Servers,
  janus: MediaServerProcess,
  runs: number,
  log: (line: string) => void = () => undefined,
  /**
   * The controls: the same runs with the threshold at 2, so no room opens, and the window closing
   * CONTROL_WINDOW_MS after the second link opened. 'direct': the second viewer joins peer to peer,
   * what a second viewer costs on this machine without the hand-off; 'idle': it never opens the
   * link, this machine's own gaps.
   */
  mode: 'hand-off' | 'direct' | 'idle' = 'hand-off',
): Promise<HandOffResult> {
  const control = mode !== 'hand-off';
  const threshold = control ? 2 : 1;
  const pipeline = tabbeamThrough(janus, threshold);
  const host: HostBrowser = { ...(await pipeline.launch(servers)), source: null };
  const viewers = await launchChromium();
  // The second viewer stands for someone else's machine: its own browser at the lowest CPU
  // priority, so its page load takes only what this machine's 2 cores leave over from the host
  // and the first viewer, as it would on its own device.
  const others = await launchChromium({ runUnder: ['nice', '-n', '19'] });
  const results: HandOffRun[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      const source = await openSource(host, servers, VIEW_PAGES.document);
      const { link } = await startShare(host.browser, host.extensionId, host.worker, source);
      const { page: first } = await openAndTimeFirstFrame(viewers, link);
      const warnings = serverWarnings(first);
      let second: Page | null = null;
      try {
        await first.waitForFunction(
          () => document.querySelector('[data-testid="status"]')?.getAttribute('data-via') === 'direct',
          { timeout: 10_000, polling: 50 },
        );
        // The second viewer is someone else's browser: its context and renderer are made before
        // the clock starts, so only its page's own load shares this machine with the first viewer.
        const secondPage = await (await others.createBrowserContext()).newPage();
        second = secondPage;
        await first.evaluate(WATCH_HAND_OFF);
        await sleep(1000);
        const start = (await first.evaluate(() => performance.now())) as number;
        const openedAt = Date.now();
        if (mode !== 'idle') await secondPage.goto(link);
        const reached =
          !control &&
          (await first
            .waitForFunction(() => (window as unknown as { __handOff: { serverAt: number } }).__handOff.serverAt > 0, {
              timeout: 20_000,
              polling: 50,
            })
            .then(() => true)
            .catch(() => false));
        await sleep(control ? CONTROL_WINDOW_MS - (Date.now() - openedAt) : 2000 + 100);
        const seen = await first.evaluate(
          (start: number, reached: boolean) => {
            const h = (
              window as unknown as {
                __handOff: {
                  times: number[];
                  meta: [number, number, number][];
                  serverAt: number;
                  serverEpoch: number;
                  poll: number;
                };
              }
            ).__handOff;
            clearInterval(h.poll);
            const end = reached ? h.serverAt + 2000 : performance.now();
            const times = h.times.filter((t) => t >= start && t <= end);
            let maxGap = 0;
            let gapEnd = start;
            let last = start;
            for (const t of [...times, end]) {
              if (t - last > maxGap) [maxGap, gapEnd] = [t - last, t];
              last = t;
            }
            // Across the gap: how far the frames' RTP clock (capture) and arrival moved, and how
            // many frames the player presented: a capture gap is the host's, an arrival gap the
            // network's or the sender's, a presentation gap alone the viewer's.
            const i = h.times.indexOf(gapEnd);
            const [a, b] = [h.meta[i - 1], h.meta[i]];
            const across =
              i > 0 && a && b
                ? `rtp +${Math.round((b[0] - a[0]) / 90)} ms, received +${Math.round(b[1] - a[1])} ms, presented +${b[2] - a[2]}`
                : '';
            return {
              maxGap,
              frames: times.length,
              serverEpoch: h.serverEpoch,
              gapEndToServer: reached ? gapEnd - h.serverAt : NaN,
              gapEndEpoch: performance.timeOrigin + gapEnd,
              across,
            };
          },
          start,
          reached,
        );
        const result: HandOffRun = {
          run,
          maxGapMs: Math.round(seen.maxGap),
          frames: seen.frames,
          openedToServerMs: reached ? seen.serverEpoch - openedAt : NaN,
        };
        result.gapEndToServerMs = Math.round(seen.gapEndToServer);
        result.timeline = await handOffTimeline(host.browser, first, second, openedAt, seen.gapEndEpoch, seen.maxGap);
        if (!reached && !control) result.reason = warnings.join('; ') || 'nothing logged';
        results.push(result);
        log(
          `${mode} ${run}/${runs}: ${control ? CONTROL_OUTCOME[mode] : reached ? `first viewer on the server ${result.openedToServerMs} ms after the second viewer's link opened` : `the first viewer never showed data-via="server" within 20 s (${result.reason})`}; ` +
            `longest gap between its frames ${result.maxGapMs} ms (${result.frames} frames)` +
            (reached ? `, ending ${result.gapEndToServerMs} ms after data-via="server"` : '') +
            (seen.across ? ` (${seen.across})` : '') +
            `\n  timeline: ${Object.entries(result.timeline ?? {})
              .map(([n, t]) => `${n} ${t}`)
              .join(', ')}`,
        );
      } finally {
        await Promise.all([first.browserContext().close(), second?.browserContext().close()]);
        await pipeline.stop(host);
      }
    }
  } finally {
    await Promise.all([host.browser.close(), viewers.close(), others.close()]);
  }
  const moved = control ? results : results.filter((r) => Number.isFinite(r.openedToServerMs));
  return {
    threshold,
    runs: results,
    maxGapMs: summarize(moved.map((r) => r.maxGapMs)),
    openedToServerMs: summarize(moved.map((r) => r.openedToServerMs)),
    neverOnServer: results.length - moved.length,
  };
}

/**
 * TabBeam only (the reference has no source switching): a still red tab is shared and watched;
 * then "Share this tab instead" on a blue, then a red tab, alternately. Each figure is the time
 * from the popup click to the first decoded frame of the new colour at the viewer.
 */
export async function measureSourceSwitch(
  servers: Servers,
  runs: number,
  log: (line: string) => void = () => undefined,
): Promise<Summary> {
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
export async function measurePointer(
  servers: Servers,
  runs: number,
  log: (line: string) => void = () => undefined,
): Promise<Summary> {
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
