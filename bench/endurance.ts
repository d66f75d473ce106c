// Long runs that do not fit in `npm test`: 50 start/stop cycles (does anything leak?) and a
// soak with two viewers (does anything drift?). Both print figures and write bench/results/.
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../scripts/chromium';
import { measureFrames, offscreenDocuments, openAndTimeFirstFrame, startShare, waitForSession } from '../scripts/drive';
import { tabbeam, type HostBrowser, type Servers } from './harness';
import { rssMiB } from './proc';

async function launchHost(servers: Servers): Promise<HostBrowser> {
  const launched = await tabbeam.launch(servers);
  return { ...launched, source: null };
}

/** What is left of shares in the host browser: offscreen documents, and live tracks/peer connections in any page. */
async function leftovers(host: HostBrowser) {
  const offscreen = await offscreenDocuments(host.worker);
  const targets = host.browser.targets().filter((t) => t.url().includes('offscreen'));
  return { offscreenDocuments: offscreen, offscreenTargets: targets.length };
}

export async function runCycles(servers: Servers, cycles: number, log: (line: string) => void) {
  const host = await launchHost(servers);
  const viewers: Browser = await launchChromium();
  const pid = host.browser.process()!.pid!;
  try {
    host.source = await host.browser.newPage();
    await host.source.goto(`${servers.site.url}demo/source.html`);
    const control = await host.browser.newPage();
    await control.goto(`chrome-extension://${host.extensionId}/src/options/index.html`);
    await host.source.bringToFront();
    const samples: { cycle: number; rssMiB: number }[] = [];
    for (let i = 1; i <= cycles; i++) {
      const { link } = await startShare(host.browser, host.extensionId, host.worker, host.source);
      // Every cycle has a viewer, so peer connections are made and must be released.
      const { page } = await openAndTimeFirstFrame(viewers, link);
      // Stop the way the popup does: a share/stop request from an extension page.
      await control.evaluate(() => chrome.runtime.sendMessage({ to: 'background', type: 'share/stop', payload: {} }));
      await waitForSession(host.worker, (s) => s.state === 'idle');
      await page.browserContext().close();
      if (i === 1 || i % 10 === 0) {
        const mib = rssMiB(pid);
        samples.push({ cycle: i, rssMiB: mib });
        log(`cycle ${i}/${cycles}: host browser ${mib} MiB`);
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    const left = await leftovers(host);
    log(
      `after ${cycles} cycles: ${left.offscreenDocuments} offscreen documents, ${left.offscreenTargets} offscreen targets`,
    );
    return { cycles, samples, ...left };
  } finally {
    await viewers.close();
    await host.browser.close();
  }
}

export async function runSoak(servers: Servers, minutes: number, log: (line: string) => void) {
  const host = await launchHost(servers);
  const viewers = await launchChromium();
  const pid = host.browser.process()!.pid!;
  try {
    host.source = await host.browser.newPage();
    await host.source.goto(`${servers.site.url}demo/source.html`);
    const { link } = await startShare(host.browser, host.extensionId, host.worker, host.source);
    const pages = [
      (await openAndTimeFirstFrame(viewers, link)).page,
      (await openAndTimeFirstFrame(viewers, link)).page,
    ];
    const samples: { minute: number; fps: number[]; latencyP50Ms: number[]; hostRssMiB: number }[] = [];
    const end = Date.now() + minutes * 60_000;
    while (Date.now() < end) {
      const reports = await Promise.all(pages.map((p) => measureFrames(p, 3000)));
      const sample = {
        minute: Math.round((minutes * 60_000 - (end - Date.now())) / 6000) / 10,
        fps: reports.map((r) => Math.round(r.fps * 10) / 10),
        latencyP50Ms: reports.map((r) => [...r.latencies].sort((a, b) => a - b)[r.latencies.length >> 1] ?? NaN),
        hostRssMiB: rssMiB(pid),
      };
      samples.push(sample);
      log(
        `soak ${sample.minute} min: fps ${sample.fps.join(' / ')}, p50 ${sample.latencyP50Ms.join(' / ')} ms, host ${sample.hostRssMiB} MiB`,
      );
      await new Promise((r) => setTimeout(r, Math.min(27_000, Math.max(0, end - Date.now()))));
    }
    return { minutes, samples };
  } finally {
    await viewers.close();
    await host.browser.close();
  }
}
