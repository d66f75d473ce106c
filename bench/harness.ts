// Measures a sharing pipeline the way a user experiences it: click → link, link → first frame,
// glass-to-glass latency, delivered fps, freezes, viewers per host, bytes, encoder limits.
// The same driver runs TabBeam and the reference pipeline (bench/reference) in one run.
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { FIXTURES_DIR, launchChromium, launchWithExtension, presetSettings, EXTENSION_DIR, VIEWER_DIR } from '../scripts/chromium';
import { hostStats, measureFrames, openAndTimeFirstFrame, openPopup, startShare, waitForColour, waitForSession } from '../scripts/drive';
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
    const host = await launchWithExtension({ extensionDir: EXTENSION_DIR });
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
    const host = await launchWithExtension({ extensionDir: dir });
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

export async function share(host: HostBrowser, servers: Servers): Promise<{ link: string; clickToLinkMs: number }> {
  host.source = await host.browser.newPage();
  await host.source.goto(`${servers.site.url}demo/source.html`);
  await host.source.bringToFront();
  return startShare(host.browser, host.extensionId, host.worker, host.source);
}

export interface RunOptions {
  /** Repetitions of click → link and link → first frame. */
  runs: number;
  /** Length of the one-viewer latency / fps run. */
  latencySeconds: number;
  viewerCounts: number[];
  /** Length of each viewers-per-host measurement. */
  perCountSeconds: number;
  log?: (line: string) => void;
}

export interface PipelineResult {
  clickToLinkMs: Summary;
  firstFrameMs: Summary;
  oneViewer: {
    seconds: number;
    latencyMs: Summary;
    fps: number;
    freezes: number;
    width: number;
    height: number;
    bytesPerSecond: number;
    qualityLimitationReason: string;
  };
  viewersPerHost: { viewers: number; minFps: number; meanFps: number; latencyP50Ms: number; hostCpuPercent: number }[];
  /** Largest measured viewer count at which every viewer got ≥ 24 fps. */
  maxViewersAt24Fps: number;
}

export async function runPipeline(pipeline: Pipeline, servers: Servers, options: RunOptions): Promise<PipelineResult> {
  const log = options.log ?? (() => undefined);
  const launched = await pipeline.launch(servers);
  const host: HostBrowser = { ...launched, source: null };
  const viewers = await launchChromium();
  const hostPid = host.browser.process()?.pid;
  try {
    const clicks: number[] = [];
    const firstFrames: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const { link, clickToLinkMs } = await share(host, servers);
      const { page, firstFrameMs } = await openAndTimeFirstFrame(viewers, link);
      clicks.push(clickToLinkMs);
      firstFrames.push(firstFrameMs);
      log(`${pipeline.name} run ${i + 1}/${options.runs}: link ${clickToLinkMs} ms, first frame ${firstFrameMs} ms`);
      await page.browserContext().close();
      await pipeline.stop(host);
    }

    const { link } = await share(host, servers);
    const { page } = await openAndTimeFirstFrame(viewers, link);
    await new Promise((r) => setTimeout(r, 1000)); // past the start-up ramp
    const statsBefore = await pipeline.senderStats(host);
    const report = await measureFrames(page, options.latencySeconds * 1000);
    const statsAfter = await pipeline.senderStats(host);
    const bytes = (statsAfter[0]?.bytesSent ?? 0) - (statsBefore[0]?.bytesSent ?? 0);
    const seconds = ((statsAfter[0]?.timestamp ?? 0) - (statsBefore[0]?.timestamp ?? 0)) / 1000;
    const oneViewer = {
      seconds: options.latencySeconds,
      latencyMs: summarize(report.latencies),
      fps: report.fps,
      freezes: report.freezes,
      width: report.width,
      height: report.height,
      bytesPerSecond: seconds > 0 ? bytes / seconds : 0,
      qualityLimitationReason: statsAfter[0]?.qualityLimitationReason ?? 'unknown',
    };
    log(`${pipeline.name} one viewer: ${oneViewer.fps.toFixed(1)} fps, latency p50 ${oneViewer.latencyMs.median} ms, ${Math.round(oneViewer.bytesPerSecond / 1000)} kB/s`);
    await page.browserContext().close();

    const viewersPerHost: PipelineResult['viewersPerHost'] = [];
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
      const reports = await Promise.all(pages.map((p) => measureFrames(p, options.perCountSeconds * 1000)));
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
    return {
      clickToLinkMs: summarize(clicks),
      firstFrameMs: summarize(firstFrames),
      oneViewer,
      viewersPerHost,
      maxViewersAt24Fps: good.length > 0 ? Math.max(...good) : 0,
    };
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
