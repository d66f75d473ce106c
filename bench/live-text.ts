// `npm run bench -- --text [--quick]`: the live text layer's figures (issue 21). Freshness: a change
// to the shared page's text → the viewer's layer shows it (both clocks are this machine's), p50/p95;
// beside it the picture's own glass-to-glass on the same page, same run. Traffic: bytes per second of
// text messages a viewer receives while the shared page scrolls a long article (read from the
// viewer's data channel), and while it stands still. Prints and writes bench/results/live-text.json.
import { writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { launchChromium } from '../scripts/chromium';
import { measureView, readViewLayout, waitForViewerState } from '../scripts/drive';
import { shareWithOverlay, startServers, summarize, tabbeam, type HostBrowser, type Summary } from './harness';

export interface LiveTextResult {
  freshnessMs: Summary;
  pictureGlassToGlassMs: Summary | null;
  scrolling: { seconds: number; bytesPerSecond: number; messagesPerSecond: number };
  still: { seconds: number; bytesPerSecond: number; messagesPerSecond: number };
}

/** A viewer whose page counts the data-channel messages it receives, and times its text layer's changes. */
async function tappedViewer(browser: Awaited<ReturnType<typeof launchChromium>>, link: string): Promise<Page> {
  const page = await (await browser.createBrowserContext()).newPage();
  // A string, not a function: tsx would wrap the function's helpers in a __name() the page does not have.
  await page.evaluateOnNewDocument(`(() => {
    const tap = { texts: 0, bytes: 0 };
    window.tap = tap;
    const create = RTCPeerConnection.prototype.createDataChannel;
    RTCPeerConnection.prototype.createDataChannel = function (...args) {
      const channel = create.apply(this, args);
      channel.addEventListener('message', (e) => {
        const data = typeof e.data === 'string' ? e.data : new TextDecoder().decode(e.data);
        if (!data.includes('"t":"text"')) return;
        tap.texts++;
        tap.bytes += data.length;
      });
      return channel;
    };
  })()`);
  await page.goto(link);
  await waitForViewerState(page, 'live');
  await page.waitForSelector('[data-testid="text-layer"]', { timeout: 15_000 });
  return page;
}

const tapped = (viewer: Page) =>
  viewer.evaluate(() => ({ ...(window as unknown as { tap: { texts: number; bytes: number } }).tap }));

/** Changes the page's text `n` times, 700 ms apart; each time, how long until the viewer's layer had it. */
async function freshness(source: Page, viewer: Page, n: number): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = `tick-${i}-${Math.random().toString(36).slice(2, 8)}`;
    const seen = viewer.evaluate(
      (token) =>
        new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (!document.querySelector('[data-testid="text-layer"]')?.textContent?.includes(token)) return;
            observer.disconnect();
            resolve(Date.now());
          });
          observer.observe(document.querySelector('.stage')!, { subtree: true, childList: true, characterData: true });
          setTimeout(() => resolve(NaN), 10_000);
        }),
      token,
    );
    const changedAt = await source.evaluate(
      (token) => ((document.querySelector('h2')!.textContent = `Status ${token}`), Date.now()),
      token,
    );
    delays.push((await seen) - changedAt);
    await new Promise((r) => setTimeout(r, 700));
  }
  return delays;
}

/** Bytes and messages of text a viewer gets per second over `seconds`, the page scrolling or not. */
async function traffic(source: Page, viewer: Page, seconds: number, scroll: boolean) {
  const before = await tapped(viewer);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (scroll) await source.evaluate(() => window.scrollBy(0, 40));
    await new Promise((r) => setTimeout(r, 50));
  }
  const after = await tapped(viewer);
  return {
    seconds,
    bytesPerSecond: Math.round((after.bytes - before.bytes) / seconds),
    messagesPerSecond: Math.round(((after.texts - before.texts) / seconds) * 10) / 10,
  };
}

export async function benchLiveText(quick: boolean, file: string): Promise<LiveTextResult> {
  const servers = await startServers();
  const launched = await tabbeam.launch(servers);
  const host: HostBrowser = { ...launched, source: null };
  const viewers = await launchChromium();
  try {
    // The document page: text, and the probe's clock for the picture's own glass-to-glass.
    const { link } = await shareWithOverlay(host, servers, 'document.html');
    const viewer = await tappedViewer(viewers, link);
    const delays = await freshness(host.source!, viewer, quick ? 10 : 30);
    const view = await measureView(viewer, 3000, await readViewLayout(host.source!)).catch(() => null);
    await tabbeam.stop(host);

    const article = await shareWithOverlay(host, servers, 'article.html');
    const reader = await tappedViewer(viewers, article.link);
    const scrolling = await traffic(host.source!, reader, quick ? 5 : 15, true);
    const still = await traffic(host.source!, reader, quick ? 3 : 10, false);
    await tabbeam.stop(host);

    const failed = delays.filter((d) => !Number.isFinite(d)).length;
    const result: LiveTextResult = {
      freshnessMs: summarize(delays.filter(Number.isFinite)),
      pictureGlassToGlassMs: view && view.latencies.length > 0 ? summarize(view.latencies) : null,
      scrolling,
      still,
    };
    const f = result.freshnessMs;
    console.log(
      `live text: page change → viewer's layer p50 ${f.median} ms, p95 ${f.p95} ms, max ${f.max} ms (n ${f.n}` +
        `${failed ? `, ${failed} never seen in 10 s` : ''}); the picture's glass-to-glass on that page p50 ` +
        `${result.pictureGlassToGlassMs ? `${result.pictureGlassToGlassMs.median} ms` : 'not read'}`,
    );
    console.log(
      `live text traffic: scrolling a long article ${(scrolling.bytesPerSecond / 1000).toFixed(1)} kB/s in ` +
        `${scrolling.messagesPerSecond} messages/s; still ${(still.bytesPerSecond / 1000).toFixed(1)} kB/s`,
    );
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), delays, ...result }, null, 2) + '\n');
    return result;
  } finally {
    await viewers.close();
    await host.browser.close();
    await servers.close();
  }
}
