// `npm run bench -- --control [--quick]`: remote control's round trip (issue 21). A viewer holding
// control clicks the picture (its own mouse, through puppeteer) on a big button that turns blue ↔
// yellow; the figure is the click's dispatch in the viewer page → the first frame that viewer
// presents with the new colour (requestVideoFrameCallback, pixels read through a canvas): both
// clocks are that page's. p50/p95 over n clicks ≥ 700 ms apart, a click not seen in 5 s a miss;
// beside it the picture's own glass-to-glass on the same page, same run. Prints and writes
// bench/results/remote-control.json.
import { writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { launchChromium } from '../scripts/chromium';
import { measureView, openPopup, openViewer, readViewLayout, waitForSession, waitForPicture } from '../scripts/drive';
import type { Session } from '../src/shared/session';
import { watchMachineLoad, type MachineLoad } from './machine-load';
import { shareWithOverlay, startServers, summarize, tabbeam, type HostBrowser, type Summary } from './harness';

/** The button's two colours (tests/fixtures/control-bench.html), as decoded frames read them (±60). */
const COLOURS = { a: [16, 64, 224], b: [255, 212, 0] } as const;
const CLICK_TIMEOUT_MS = 5000;
const GAP_MS = 700;

export interface ClickRun {
  /** Click dispatched in the viewer page → first presented frame with the new colour; null: a miss. */
  ms: number | null;
  /** Click → that frame's last packet received (its rVFC receiveTime), when the browser gives it. */
  receivedMs: number | null;
  /** Whether the shared page's button changed at all (a miss with `acted` false: the input was lost). */
  acted: boolean;
  /** The viewer's control state (`data-state` of its Ask to control button) after the click. */
  control: string;
  /** The colour last read at the sample points, on a miss. */
  lastRgb?: number[][];
  /** Why a miss was no ordinary timeout (the click never reached the page, a page call failed). */
  error?: string;
}

export interface RemoteControlResult {
  roundTripMs: Summary;
  receivedMs: Summary;
  misses: number;
  pictureGlassToGlassMs: Summary | null;
  viewerFps: number | null;
  machineLoad: MachineLoad;
}

// A string, not a function: tsx would wrap named helpers in a __name() the page does not have. A
// block, so its names never clash. Each presented frame, while armed and after the click: the mean
// RGB of 4×4 picture pixels at each sample point; all of them within 60 of `want` → seen.
const WATCH_FRAMES = `{
  const video = document.querySelector('[data-testid="remote-video"]');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const rc = { armed: false, want: [0, 0, 0], points: [], clickAt: 0, seenAt: 0, receivedAt: 0, last: [] };
  window.rc = rc;
  addEventListener('click', () => { if (rc.armed && !rc.clickAt) rc.clickAt = performance.now(); }, true);
  const each = (now, meta) => {
    if (rc.armed && rc.clickAt && !rc.seenAt && video.videoWidth > 0) {
      const w = video.videoWidth, h = video.videoHeight, n = rc.points.length;
      if (canvas.width !== 4 * n) { canvas.width = 4 * n; canvas.height = 4; }
      rc.points.forEach(([fx, fy], i) =>
        ctx.drawImage(video, Math.round(fx * w) - 2, Math.round(fy * h) - 2, 4, 4, 4 * i, 0, 4, 4));
      const data = ctx.getImageData(0, 0, 4 * n, 4).data;
      rc.last = rc.points.map((_, i) => [0, 1, 2].map((c) => {
        let sum = 0;
        for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) sum += data[(y * 4 * n + 4 * i + x) * 4 + c];
        return Math.round(sum / 16);
      }));
      if (rc.last.every((rgb) => rgb.every((v, c) => Math.abs(v - rc.want[c]) <= 60))) {
        rc.seenAt = now;
        rc.receivedAt = meta.receiveTime || 0;
      }
    }
    video.requestVideoFrameCallback(each);
  };
  video.requestVideoFrameCallback(each);
}`;

interface Watch {
  clickAt: number;
  seenAt: number;
  receivedAt: number;
  last: number[][];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const controlState = (viewer: Page) =>
  viewer.$eval('[data-testid="request-control"]', (b) => b.getAttribute('data-state') ?? '').catch(() => 'gone');
const asking = (s: Session) => s.state === 'live' && s.viewers.some((v) => v.control === 'asking');

/** The viewer asks for control and the sharer allows it in the popup (as remote-control.test.ts does). */
async function takeControl(host: HostBrowser, viewer: Page): Promise<void> {
  await viewer.click('[data-testid="request-control"]');
  await viewer.waitForSelector('[data-testid="request-control"][data-state="asking"]', { timeout: 10_000 });
  await waitForSession(host.worker, asking);
  const popup = await openPopup(host.browser, host.extensionId, host.source!);
  try {
    await popup.locator('[data-testid="allow-control"]').setTimeout(10_000).click();
    await viewer.waitForSelector('[data-testid="request-control"][data-state="granted"]', { timeout: 10_000 });
  } finally {
    await popup.close().catch(() => undefined);
  }
}

/** A place on the button as fractions of the shared page's viewport (= of the picture). */
const placeOnButton = (source: Page, fx: number, fy: number) =>
  source.$eval(
    '#big',
    (el, fx, fy) => {
      const r = el.getBoundingClientRect();
      return [(r.left + r.width * fx) / innerWidth, (r.top + r.height * fy) / innerHeight] as [number, number];
    },
    fx,
    fy,
  );

interface Target {
  /** Where the click goes and where the colour is read, as fractions of the picture. */
  click: [number, number];
  colour: () => Promise<string>;
}

/** One click on the button through the viewer's picture, timed to the first frame that shows it. */
async function oneClick(viewer: Page, { click: [fx, fy], colour }: Target): Promise<ClickRun> {
  const before = await colour();
  const want = COLOURS[before === 'a' ? 'b' : 'a'];
  await viewer.evaluate(
    (want) => Object.assign((window as unknown as { rc: object }).rc, { armed: true, want, clickAt: 0, seenAt: 0 }),
    want as unknown as number[],
  );
  // Where the picture is now (the viewer's bar may have moved it), then the click.
  const box = await viewer.$eval('[data-testid="remote-video"]', (v) => {
    const b = v.getBoundingClientRect();
    return { left: b.left, top: b.top, width: b.width, height: b.height };
  });
  await viewer.mouse.click(box.left + fx * box.width, box.top + fy * box.height);
  const seen = await viewer.waitForFunction('window.rc.seenAt > 0', { timeout: CLICK_TIMEOUT_MS, polling: 50 }).then(
    () => true,
    () => false,
  );
  const watch = (await viewer.evaluate('({ ...window.rc, armed: (window.rc.armed = false) })')) as Watch;
  return {
    ms: seen ? Math.round(watch.seenAt - watch.clickAt) : null,
    receivedMs: seen && watch.receivedAt > 0 ? Math.round(watch.receivedAt - watch.clickAt) : null,
    acted: (await colour()) !== before,
    control: await controlState(viewer),
    ...(seen ? {} : { lastRgb: watch.last, error: watch.clickAt > 0 ? undefined : 'the click never reached the page' }),
  };
}

/** `n` clicks ≥ GAP_MS apart; a click not seen in time, or one that fails, is a miss; lost control is asked again. */
async function roundTrips(host: HostBrowser, viewer: Page, n: number, log: (line: string) => void) {
  const source = host.source!;
  const points = [await placeOnButton(source, 0.06, 0.12), await placeOnButton(source, 0.94, 0.88)];
  const target: Target = {
    click: await placeOnButton(source, 0.3, 0.75),
    colour: () => source.$eval('#big', (b) => (b as HTMLElement).dataset.colour ?? 'a'),
  };
  await viewer.evaluate(WATCH_FRAMES);
  await viewer.evaluate((points) => Object.assign((window as unknown as { rc: object }).rc, { points }), points);
  const runs: ClickRun[] = [];
  for (let i = 0; i < n; i++) {
    const started = Date.now();
    const run = await oneClick(viewer, target).catch((e: unknown): ClickRun => ({
      ms: null,
      receivedMs: null,
      acted: false,
      control: 'unknown',
      error: String(e),
    }));
    runs.push(run);
    log(
      run.ms !== null
        ? `click ${i + 1}/${n}: ${run.ms} ms (frame received at ${run.receivedMs ?? '–'} ms)`
        : `click ${i + 1}/${n}: MISS, not seen in ${CLICK_TIMEOUT_MS} ms (button changed in the tab: ${run.acted}, ` +
            `control ${run.control}, last rgb ${JSON.stringify(run.lastRgb ?? null)}${run.error ? `, ${run.error}` : ''})`,
    );
    if (run.control !== 'granted') {
      log(`control is ${run.control}: asking again`);
      await takeControl(host, viewer).catch((e: unknown) => log(`could not take control again: ${String(e)}`));
    }
    await sleep(Math.max(0, GAP_MS - (Date.now() - started)));
  }
  return runs;
}

export async function benchRemoteControl(quick: boolean, file: string): Promise<RemoteControlResult> {
  const load = watchMachineLoad();
  const servers = await startServers();
  const launched = await tabbeam.launch(servers);
  const host: HostBrowser = { ...launched, source: null };
  const viewers = await launchChromium();
  try {
    const { link } = await shareWithOverlay(host, servers, 'control-bench.html');
    const viewer = await openViewer(viewers, link);
    await waitForPicture(viewer);
    await takeControl(host, viewer);
    const clicks = await roundTrips(host, viewer, quick ? 8 : 20, console.log);
    // The picture's own glass-to-glass on the same page, control still held (the banner clear of the clock).
    const view = await readViewLayout(host.source!)
      .then((layout) => measureView(viewer, quick ? 3000 : 5000, layout))
      .catch(() => null);
    await tabbeam.stop(host).catch(() => undefined);

    const times = clicks.flatMap((c) => (c.ms === null ? [] : [c.ms]));
    const received = clicks.flatMap((c) => (c.receivedMs === null ? [] : [c.receivedMs]));
    const result: RemoteControlResult = {
      roundTripMs: summarize(times),
      receivedMs: summarize(received),
      misses: clicks.length - times.length,
      pictureGlassToGlassMs: view && view.latencies.length > 0 ? summarize(view.latencies) : null,
      viewerFps: view ? Math.round(view.fps * 10) / 10 : null,
      machineLoad: load.read(),
    };
    report(result, clicks.length);
    writeFileSync(
      file,
      JSON.stringify({ date: new Date().toISOString(), mode: quick ? 'quick' : 'full', ...result, clicks }, null, 2) +
        '\n',
    );
    return result;
  } finally {
    load.stop();
    await viewers.close().catch(() => undefined);
    await host.browser.close().catch(() => undefined);
    await servers.close().catch(() => undefined);
  }
}

function report(r: RemoteControlResult, n: number): void {
  const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '–');
  const row = (what: string, s: Summary | null) =>
    `| ${what} | ${s ? ms(s.median) : '–'} | ${s ? ms(s.p95) : '–'} | ${s ? ms(s.max) : '–'} | ${s?.n ?? 0} |`;
  console.log(
    [
      '',
      `Remote control round trip, tests/fixtures/control-bench.html: ${n} clicks, ${r.misses} missed (not seen in ${CLICK_TIMEOUT_MS / 1000} s)`,
      '| Figure | p50 | p95 | max | n |',
      '|---|---|---|---|---|',
      row("Viewer's click → its presented frame shows the change", r.roundTripMs),
      row("Viewer's click → that frame's last packet received", r.receivedMs),
      row('Picture glass-to-glass, same page, same run', r.pictureGlassToGlassMs),
      `Viewer fps while measured: ${r.viewerFps ?? '–'}; machine ${r.machineLoad.busyPercent}% busy, ` +
        `${r.machineLoad.otherPercent} points of it other work.`,
    ].join('\n'),
  );
}
