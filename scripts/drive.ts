// Driving TabBeam as a person would, for `npm start -- --headless`, the e2e tests and the benchmark:
// click the toolbar icon, open the popup, open the link in another browser context, read frames.
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import type { SenderStats } from '../src/shared/protocol';
import type { ErrorCode } from '../src/shared/errors';
import type { Session } from '../src/shared/session';
import type { ViewProblem, ViewState } from '../src/viewer/watch';

export async function extensionOf(browser: Browser, extensionId: string) {
  const extension = (await browser.extensions()).get(extensionId);
  if (!extension) throw new Error(`Extension ${extensionId} is not installed.`);
  return extension;
}

export async function readSession(worker: WebWorker): Promise<Session> {
  return worker.evaluate(
    async () => ((await chrome.storage.session.get('session')).session ?? { state: 'idle' }) as Session,
  );
}

/**
 * How many offscreen documents are still open after up to `withinMs`: 0 once a share has ended
 * or failed to start. The Session turns idle before the document closes (Stop answers at once),
 * so a caller that has just seen "idle" gives the close a moment.
 */
export async function offscreenDocuments(worker: WebWorker, withinMs = 3000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const open = await worker.evaluate(
      async () =>
        (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }))
          .length,
    );
    if (open === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForSession(
  worker: WebWorker,
  predicate: (s: Session) => boolean,
  timeoutMs = 15_000,
): Promise<Session> {
  const deadline = Date.now() + timeoutMs;
  let last: Session = { state: 'idle' };
  while (Date.now() < deadline) {
    last = await readSession(worker);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for the session; last: ${JSON.stringify(last)}`);
}

/** A toolbar click on `page`. Idle: starts sharing that tab. Live: opens the popup. */
export async function clickToolbar(browser: Browser, extensionId: string, page: Page): Promise<void> {
  await page.triggerExtensionAction(await extensionOf(browser, extensionId));
}

/** Click → live; returns the share link and how long the click took to produce it. */
export async function startShare(browser: Browser, extensionId: string, worker: WebWorker, page: Page) {
  const before = await readSession(worker);
  if (before.state !== 'idle') throw new Error(`Cannot start a share from state ${before.state}.`);
  const started = Date.now();
  await clickToolbar(browser, extensionId, page);
  const session = await waitForSession(worker, (s) => s.state === 'live' || s.state === 'error');
  if (session.state !== 'live') throw new Error(`Share did not start: ${JSON.stringify(session)}`);
  return { link: session.link, clickToLinkMs: Date.now() - started };
}

export async function openPopup(browser: Browser, extensionId: string, page: Page): Promise<Page> {
  const [target] = await Promise.all([
    browser.waitForTarget(
      (t) => t.url().startsWith(`chrome-extension://${extensionId}/`) && t.url().includes('popup'),
      { timeout: 10_000 },
    ),
    clickToolbar(browser, extensionId, page),
  ]);
  const popup = await target.asPage();
  await popup.waitForSelector('[data-testid="status"]');
  return popup;
}

/** Opens the link in a fresh browser context: no extension, no shared storage, like a friend's browser. */
export async function openViewer(browser: Browser, link: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

/**
 * Like openViewer, and resolves at the first presented frame (requestVideoFrameCallback), with
 * the time from navigation to it: the "link opened → first frame" of npm start and the benchmark.
 * `timeline` says where that time went, each step in ms since the link was opened: the page's own
 * load (navigation timing), the viewer's `tabbeam:*` performance marks (the bare viewer's `bare:*`, and
 * a benchmark probe's `probe:*`, keep their prefix), and the first frame.
 */
export async function openAndTimeFirstFrame(
  viewers: Browser,
  link: string,
): Promise<{ page: Page; openedAt: number; firstFrameMs: number; timeline: Record<string, number> }> {
  const context = await viewers.createBrowserContext();
  return timeFirstFrame(await context.newPage(), link);
}

/**
 * openAndTimeFirstFrame on a page the caller made (e.g. a new window of the host's own browser,
 * as a sharer testing their own link): opens `link` there and times its first presented frame.
 */
export async function timeFirstFrame(
  page: Page,
  link: string,
  timeoutMs = 30_000,
): Promise<{ page: Page; openedAt: number; firstFrameMs: number; timeline: Record<string, number> }> {
  // A string, not a function: tsx would wrap named helpers in a __name() the page does not have.
  await page.evaluateOnNewDocument(`
    window.firstFrameAt = 0;
    const poll = setInterval(() => {
      const video = document.querySelector('video');
      if (!video || !video.srcObject) return;
      clearInterval(poll);
      video.requestVideoFrameCallback(() => { window.firstFrameAt = performance.timeOrigin + performance.now(); });
    }, 2);
  `);
  const opened = Date.now();
  await page.goto(link);
  await page.waitForFunction(() => (window as unknown as { firstFrameAt: number }).firstFrameAt > 0, {
    timeout: timeoutMs,
    polling: 10,
  });
  const { firstFrameAt, steps } = (await page.evaluate(`(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const at = (t) => performance.timeOrigin + t;
    const steps = [['navigation start', at(0)]];
    if (nav) steps.push(['page received', at(nav.responseEnd)], ['DOM ready', at(nav.domContentLoadedEventEnd)]);
    for (const m of performance.getEntriesByType('mark')) {
      if (m.name.startsWith('tabbeam:')) steps.push([m.name.slice(8), at(m.startTime)]);
      else if (/^(bare|probe):/.test(m.name)) steps.push([m.name, at(m.startTime)]);
    }
    return { firstFrameAt: window.firstFrameAt, steps };
  })()`)) as { firstFrameAt: number; steps: [string, number][] };
  const timeline = Object.fromEntries(
    [...steps, ['first frame', firstFrameAt] as [string, number]].map(([step, t]) => [step, Math.round(t - opened)]),
  );
  return { page, openedAt: opened, firstFrameMs: Math.round(firstFrameAt - opened), timeline };
}

/** A page expression: the JSON of its `tabbeam:<prefix>*` marks as [name without "tabbeam:", epoch ms]. */
const marksJson = (prefix: string) =>
  `JSON.stringify(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tabbeam:${prefix}')).map((m) => [m.name.slice(8), performance.timeOrigin + m.startTime]))`;

/** A viewer page's `tabbeam:*` marks as [step, epoch ms]. */
export async function pageMarks(page: Page): Promise<[string, number][]> {
  return JSON.parse(String(await page.evaluate(marksJson('')))) as [string, number][];
}

/**
 * The host's `tabbeam:host:*` marks (src/offscreen/host/) set at or after `sinceEpochMs`, as
 * [step, epoch ms]: the host's half of the first-frame timeline. The offscreen document is no page
 * puppeteer can open, so this talks to it over CDP.
 */
export async function hostMarks(host: Browser, sinceEpochMs: number): Promise<[string, number][]> {
  const offscreen = host.targets().find((t) => t.url().includes('/offscreen/'));
  if (!offscreen) return [];
  const cdp = await offscreen.createCDPSession();
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression: marksJson('host:'), returnByValue: true });
    return (JSON.parse(String(result.value)) as [string, number][]).filter(([, at]) => at >= sinceEpochMs);
  } finally {
    await cdp.detach();
  }
}

/** The viewer's state kinds (src/viewer/watch/view-state.ts): the status element's `data-state`. */
export type ViewerStateKind = ViewState['kind'];

/**
 * What the viewer's status says, read from its attributes (whatever the page's language):
 * `data-state`, `data-problem` when the state is error, `data-paused` while live and paused;
 * `text` is the sentence as shown, for checks that do not depend on its words.
 */
export interface ViewerStatus {
  state: ViewerStateKind;
  problem: ViewProblem | null;
  paused: boolean;
  text: string;
}

export async function viewerState(page: Page): Promise<ViewerStatus> {
  return page.$eval('[data-testid="status"]', (el) => ({
    state: (el.getAttribute('data-state') ?? '') as ViewerStateKind,
    problem: (el.getAttribute('data-problem') ?? null) as ViewProblem | null,
    paused: el.getAttribute('data-paused') === 'true',
    text: el.textContent ?? '',
  }));
}

export interface ViewerStateWait {
  /** With state 'error': which problem. */
  problem?: ViewProblem;
  /** With state 'live': paused (true) or playing (false); either when left out. */
  paused?: boolean;
  timeoutMs?: number;
}

/** Waits until the viewer's status is `state` (and `problem`, `paused` when given); returns it. */
export async function waitForViewerState(
  page: Page,
  state: ViewerStateKind,
  { problem, paused, timeoutMs = 15_000 }: ViewerStateWait = {},
): Promise<ViewerStatus> {
  try {
    await page.waitForFunction(
      (state: string, problem: string | null, paused: boolean | null) => {
        const el = document.querySelector('[data-testid="status"]');
        if (!el || el.getAttribute('data-state') !== state) return false;
        if (problem !== null && el.getAttribute('data-problem') !== problem) return false;
        return paused === null || (el.getAttribute('data-paused') === 'true') === paused;
      },
      { timeout: timeoutMs },
      state,
      problem ?? null,
      paused ?? null,
    );
  } catch (error) {
    const last = await viewerState(page).catch(() => null);
    const wanted = [state, problem && `problem ${problem}`, paused !== undefined && `paused ${paused}`]
      .filter(Boolean)
      .join(', ');
    throw new Error(
      `The viewer's status did not become ${wanted} within ${timeoutMs} ms; last: ${last ? JSON.stringify(last) : 'none'} (${String(error)})`,
    );
  }
  return viewerState(page);
}

/** Waits until the viewer watches and its player has a picture (a first frame's size). */
export async function waitForPicture(page: Page, timeoutMs = 15_000): Promise<void> {
  await waitForViewerState(page, 'live', { timeoutMs });
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="remote-video"]') as HTMLVideoElement | null)?.videoWidth,
    { timeout: timeoutMs },
  );
}

/** The popup's Session states (src/shared/session.ts): the status element's `data-state`. */
export type PopupStateKind = Session['state'];

/** What the popup's status says, from its attributes: `data-state`, and `data-code` on an error. */
export interface PopupStatus {
  state: PopupStateKind;
  code: ErrorCode | null;
  text: string;
}

export async function popupState(popup: Page): Promise<PopupStatus> {
  return popup.$eval('[data-testid="status"]', (el) => ({
    state: (el.getAttribute('data-state') ?? '') as PopupStateKind,
    code: (el.getAttribute('data-code') ?? null) as ErrorCode | null,
    text: el.textContent ?? '',
  }));
}

/**
 * Waits until the popup's element `testid` ("status", or "source-error" for a failed switch while
 * live) shows `state` and/or error `code`; returns its attributes and text.
 */
export async function waitForPopupState(
  popup: Page,
  {
    state,
    code,
    testid = 'status',
    timeoutMs = 10_000,
  }: { state?: PopupStateKind; code?: ErrorCode; testid?: 'status' | 'source-error'; timeoutMs?: number },
): Promise<PopupStatus> {
  const selector = `[data-testid="${testid}"]`;
  try {
    await popup.waitForFunction(
      (selector: string, state: string | null, code: string | null) => {
        const el = document.querySelector(selector);
        return (
          !!el &&
          (state === null || el.getAttribute('data-state') === state) &&
          (code === null || el.getAttribute('data-code') === code)
        );
      },
      { timeout: timeoutMs },
      selector,
      state ?? null,
      code ?? null,
    );
  } catch (error) {
    const last = await popup
      .$eval(selector, (el) => `${el.getAttribute('data-state')} ${el.getAttribute('data-code')} "${el.textContent}"`)
      .catch(() => 'no element');
    throw new Error(
      `The popup's ${testid} did not show ${[state, code].filter(Boolean).join(' ')} within ${timeoutMs} ms; last: ${last} (${String(error)})`,
    );
  }
  return popup.$eval(selector, (el) => ({
    state: (el.getAttribute('data-state') ?? '') as PopupStateKind,
    code: (el.getAttribute('data-code') ?? null) as ErrorCode | null,
    text: el.textContent ?? '',
  }));
}

export interface FrameReport {
  frames: number;
  fps: number;
  width: number;
  height: number;
  /** Frames whose arrival gap exceeded 3 frame intervals at 30 fps. */
  freezes: number;
  /** Longest gap between two frames (ms). */
  maxGapMs: number;
  /** Glass-to-glass latency samples (ms), decoded from the demo page's clock blocks. */
  latencies: number[];
  /** RGB at each requested point (fractions of width and height), from the last frame. */
  colours: [number, number, number][];
}

/**
 * Reads the viewer's decoded frames for `ms` through MediaStreamTrackProcessor (pixels of
 * WebRTC-decoded frames are readable under --disable-gpu; canvas reads of captures are not).
 */
export async function measureFrames(page: Page, ms: number, points: [number, number][] = []): Promise<FrameReport> {
  return page.evaluate(
    async (ms: number, points: [number, number][]) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      const stream = video?.srcObject;
      if (!(stream instanceof MediaStream)) throw new Error('The viewer has no stream.');
      const track = stream.getVideoTracks()[0]!.clone();
      type Processor = { readable: ReadableStream<VideoFrame> };
      const Ctor = (
        globalThis as unknown as { MediaStreamTrackProcessor: new (o: { track: MediaStreamTrack }) => Processor }
      ).MediaStreamTrackProcessor;
      const reader = new Ctor({ track }).readable.getReader();
      const end = performance.now() + ms;
      const report = {
        frames: 0,
        fps: 0,
        width: 0,
        height: 0,
        freezes: 0,
        maxGapMs: 0,
        latencies: [] as number[],
        colours: [] as [number, number, number][],
      };
      let first = 0;
      let last = 0;
      const timer = setTimeout(() => void reader.cancel(), ms + 1000);
      while (performance.now() < end) {
        const { value: frame, done } = await reader.read();
        if (done || !frame) break;
        const t = performance.now();
        if (report.frames === 0) first = t;
        else {
          if (t - last > 100) report.freezes++;
          report.maxGapMs = Math.max(report.maxGapMs, t - last);
        }
        last = t;
        report.frames++;
        report.width = frame.displayWidth;
        report.height = frame.displayHeight;
        // Clock: 44 blocks of 16 px along the top edge (scaled to the frame), read from the Y plane.
        const scale = frame.displayWidth / 1280;
        const rect = { x: 0, y: 0, width: frame.codedWidth - (frame.codedWidth % 2), height: 16 };
        const size = frame.allocationSize({ rect, format: 'RGBA' } as VideoFrameCopyToOptions);
        const rgba = new Uint8Array(size);
        await frame.copyTo(rgba, { rect, format: 'RGBA' } as VideoFrameCopyToOptions);
        const y = Math.min(15, Math.floor(8 * scale));
        let value = 0;
        for (let bit = 0; bit < 44; bit++) {
          const x = Math.floor((bit * 16 + 8) * scale);
          const i = (y * rect.width + x) * 4;
          value = value * 2 + (rgba[i]! > 127 ? 1 : 0);
        }
        const latency = Date.now() - value;
        if (latency >= 0 && latency < 10_000) report.latencies.push(latency);
        if (points.length > 0 && performance.now() + 50 >= end) {
          const full = {
            x: 0,
            y: 0,
            width: frame.codedWidth - (frame.codedWidth % 2),
            height: frame.codedHeight - (frame.codedHeight % 2),
          };
          const all = new Uint8Array(frame.allocationSize({ rect: full, format: 'RGBA' } as VideoFrameCopyToOptions));
          await frame.copyTo(all, { rect: full, format: 'RGBA' } as VideoFrameCopyToOptions);
          report.colours = points.map(([fx, fy]) => {
            const i = (Math.floor(fy * full.height) * full.width + Math.floor(fx * full.width)) * 4;
            return [all[i]!, all[i + 1]!, all[i + 2]!];
          });
        }
        frame.close();
      }
      clearTimeout(timer);
      await reader.cancel().catch(() => undefined);
      track.stop();
      report.fps = report.frames > 1 ? ((report.frames - 1) * 1000) / (last - first) : 0;
      return report;
    },
    ms,
    points,
  );
}

/** RMS level (0..1) of the viewer's received audio over `ms`. */
export async function measureAudio(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (ms: number) => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    const stream = video?.srcObject;
    if (!(stream instanceof MediaStream) || stream.getAudioTracks().length === 0) return 0;
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    ctx.createMediaStreamSource(new MediaStream(stream.getAudioTracks())).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let peak = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      peak = Math.max(peak, Math.sqrt(sum / data.length));
    }
    await ctx.close();
    return peak;
  }, ms);
}

/** The host's encoder figures and sender parameters per viewer (the offscreen document's host/stats). */
export async function hostStats(worker: WebWorker): Promise<SenderStats[]> {
  const reply = (await worker.evaluate(() =>
    chrome.runtime.sendMessage({ to: 'offscreen', type: 'host/stats', payload: {} }),
  )) as { ok: boolean; value: SenderStats[] };
  if (!reply.ok) throw new Error(`host/stats failed: ${JSON.stringify(reply)}`);
  return reply.value;
}

/**
 * Watches the viewer's decoded frames until the pixel at (fx, fy) matches `rgb` (±60 per channel);
 * resolves with the page-clock time (Date.now()) of that frame, or rejects after `timeoutMs`.
 */
export async function waitForColour(
  page: Page,
  rgb: [number, number, number],
  timeoutMs = 10_000,
  at: [number, number] = [0.5, 0.5],
): Promise<number> {
  return page.evaluate(
    async (rgb: [number, number, number], timeoutMs: number, at: [number, number]) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      if (!(video?.srcObject instanceof MediaStream)) throw new Error('The viewer has no stream.');
      const track = video.srcObject.getVideoTracks()[0]!.clone();
      type Processor = { readable: ReadableStream<VideoFrame> };
      const Ctor = (
        globalThis as unknown as { MediaStreamTrackProcessor: new (o: { track: MediaStreamTrack }) => Processor }
      ).MediaStreamTrackProcessor;
      const reader = new Ctor({ track }).readable.getReader();
      const timer = setTimeout(() => void reader.cancel(), timeoutMs);
      let seen: number[] = [];
      try {
        for (;;) {
          const { value: frame, done } = await reader.read();
          if (done || !frame)
            throw new Error(`No frame of rgb(${rgb.join(',')}) within ${timeoutMs} ms; last rgb(${seen.join(',')})`);
          const x = Math.floor((at[0] * frame.codedWidth) / 2) * 2;
          const y = Math.floor((at[1] * frame.codedHeight) / 2) * 2;
          const rect = { x, y, width: 2, height: 2 };
          const pixel = new Uint8Array(frame.allocationSize({ rect, format: 'RGBA' } as VideoFrameCopyToOptions));
          await frame.copyTo(pixel, { rect, format: 'RGBA' } as VideoFrameCopyToOptions);
          frame.close();
          seen = [pixel[0]!, pixel[1]!, pixel[2]!];
          if (seen.every((v, i) => Math.abs(v - rgb[i]!) <= 60)) return Date.now();
        }
      } finally {
        clearTimeout(timer);
        await reader.cancel().catch(() => undefined);
        track.stop();
      }
    },
    rgb,
    timeoutMs,
    at,
  );
}

/**
 * Where a source page draws what measureView reads (tests/fixtures/view-probe.js), in the page's
 * CSS pixels, and the page's size: frame coordinates are page coordinates × frame size / page size.
 */
export interface ViewLayout {
  page: { width: number; height: number };
  /** `bits` blocks of `block` px from (x, y): Date.now() mod 2^bits, white = 1; an inverted copy below. */
  clock: { x: number; y: number; block: number; bits: number };
  /** 1-px black/white columns, still. */
  stripes: { x: number; y: number; width: number; height: number };
}

/** Reads a probe page's layout (#clock, #stripes) and its real size (innerWidth × innerHeight). */
export async function readViewLayout(source: Page): Promise<ViewLayout> {
  await source.waitForFunction(
    () =>
      (document.getElementById('clock') as HTMLCanvasElement | null)?.width ===
      Number(document.getElementById('clock')?.dataset.bits) * Number(document.getElementById('clock')?.dataset.block),
  );
  // No named helpers inside evaluate(): tsx wraps them in a __name() the page does not have.
  return source.evaluate(() => {
    const [clock, stripes] = ['clock', 'stripes'].map((id) => document.getElementById(id)!);
    const c = clock!.getBoundingClientRect();
    const s = stripes!.getBoundingClientRect();
    return {
      page: { width: window.innerWidth, height: window.innerHeight },
      clock: { x: c.left, y: c.top, block: Number(clock!.dataset.block), bits: Number(clock!.dataset.bits) },
      stripes: { x: s.left, y: s.top, width: s.width, height: s.height },
    };
  });
}

export interface ViewReport {
  frames: number;
  fps: number;
  /** Arrival gaps longer than 100 ms. */
  freezes: number;
  maxGapMs: number;
  /** The resolution most frames had, and how many frames had each. */
  width: number;
  height: number;
  resolutions: Record<string, number>;
  /**
   * Detail kept, median over frames: (p90 − p10) of the Y plane along one row through the stripes,
   * over 255. Limited-range video makes a perfect black/white pair 16/235, so ≈ 0.86 is everything
   * kept; 960×540 blurs it to ≈ 0.43; grey is 0.
   */
  detail: number;
  /** Glass-to-glass latency (ms) of every frame whose timestamp read clearly in both rows. */
  latencies: number[];
}

/**
 * Reads the viewer's decoded frames for `ms` (MediaStreamTrackProcessor, Y plane of a small band of
 * each frame) and reports what the viewer saw: resolution, detail kept, latency, fps, freezes.
 * Needs a source page with the probe of tests/fixtures/view-probe.js; `layout` from readViewLayout.
 */
export async function measureView(page: Page, ms: number, layout: ViewLayout): Promise<ViewReport> {
  return page.evaluate(
    async (ms: number, layout: ViewLayout) => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      const stream = video?.srcObject;
      if (!(stream instanceof MediaStream)) throw new Error('The viewer has no stream.');
      const track = stream.getVideoTracks()[0]!.clone();
      type Processor = { readable: ReadableStream<VideoFrame> };
      const Ctor = (
        globalThis as unknown as { MediaStreamTrackProcessor: new (o: { track: MediaStreamTrack }) => Processor }
      ).MediaStreamTrackProcessor;
      const reader = new Ctor({ track }).readable.getReader();
      const modulus = 2 ** layout.clock.bits;
      const report = {
        frames: 0,
        fps: 0,
        freezes: 0,
        maxGapMs: 0,
        width: 0,
        height: 0,
        resolutions: {} as Record<string, number>,
        detail: 0,
        latencies: [] as number[],
      };
      const details: number[] = [];
      let first = 0;
      let last = 0;
      const end = performance.now() + ms;
      const timer = setTimeout(() => void reader.cancel(), ms + 1000);
      // No named helpers in here: tsx wraps them in a __name() the page does not have.
      while (performance.now() < end) {
        const { value: frame, done } = await reader.read();
        if (done || !frame) break;
        const t = performance.now();
        const now = Date.now();
        if (report.frames === 0) first = t;
        else {
          if (t - last > 100) report.freezes++;
          report.maxGapMs = Math.max(report.maxGapMs, t - last);
        }
        last = t;
        report.frames++;
        const visible = frame.visibleRect!;
        const key = `${frame.displayWidth}×${frame.displayHeight}`;
        report.resolutions[key] = (report.resolutions[key] ?? 0) + 1;
        const sx = visible.width / layout.page.width;
        const sy = visible.height / layout.page.height;
        // One band of the frame, full width, from the clock's top to below the stripes' middle
        // row, at even coordinates (4:2:0 chroma).
        const { clock, stripes } = layout;
        const row = Math.floor((stripes.y + stripes.height / 2) * sy);
        const top = Math.floor(Math.min(clock.y * sy, row) / 2) * 2;
        const bottom = Math.min(
          visible.height,
          Math.ceil((Math.max((clock.y + 2 * clock.block) * sy, row + 1) + 1) / 2) * 2,
        );
        const rect = {
          x: visible.x,
          y: visible.y + top,
          width: Math.floor(visible.width / 2) * 2,
          height: bottom - top,
        };
        const planar = frame.format === 'I420' || frame.format === 'I420A' || frame.format === 'NV12';
        const options = (planar ? { rect } : { rect, format: 'RGBA' }) as VideoFrameCopyToOptions;
        const data = new Uint8Array(frame.allocationSize(options));
        const [plane] = await frame.copyTo(data, options);
        frame.close();
        // The band's luma: the Y plane as is (limited range, 16–235), or the same scale from RGB.
        const w = rect.width;
        const band = new Float32Array(w * rect.height);
        for (let y = 0; y < rect.height; y++) {
          for (let x = 0; x < w; x++) {
            const i = plane!.offset + y * plane!.stride + (planar ? x : 4 * x);
            band[y * w + x] = planar
              ? data[i]!
              : 16 + ((0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) * 219) / 255;
          }
        }
        // Detail: p90 − p10 along the row, inside the stripes (8 source px off each end).
        const across: number[] = [];
        for (
          let x = Math.ceil((stripes.x + 8) * sx);
          x <= Math.floor((stripes.x + stripes.width - 8) * sx) && x < w;
          x++
        )
          across.push(band[(row - top) * w + x]!);
        across.sort((a, b) => a - b);
        const p10 = across[Math.floor(0.1 * across.length)] ?? 0;
        const p90 = across[Math.min(across.length - 1, Math.floor(0.9 * across.length))] ?? 0;
        details.push((p90 - p10) / 255);
        // Timestamp: every bit must read clearly, white over black (1) or black over white (0).
        let value = 0;
        let clear = true;
        for (let bit = 0; bit < clock.bits && clear; bit++) {
          const x = Math.min(w - 1, Math.round((clock.x + (bit + 0.5) * clock.block) * sx));
          const upper = band[Math.round((clock.y + 0.5 * clock.block) * sy - top) * w + x]!;
          const lower = band[Math.min(rect.height - 1, Math.round((clock.y + 1.5 * clock.block) * sy - top)) * w + x]!;
          if (upper > 165 && lower < 85) value = value * 2 + 1;
          else if (upper < 85 && lower > 165) value = value * 2;
          else clear = false;
        }
        if (clear) {
          const latency = ((((now % modulus) - value) % modulus) + modulus) % modulus;
          if (latency < 10_000) report.latencies.push(latency);
        }
      }
      clearTimeout(timer);
      await reader.cancel().catch(() => undefined);
      track.stop();
      report.fps = report.frames > 1 ? ((report.frames - 1) * 1000) / (last - first) : 0;
      const [common] = Object.entries(report.resolutions).sort((a, b) => b[1] - a[1]);
      if (common) [report.width, report.height] = common[0].split('×').map(Number) as [number, number];
      details.sort((a, b) => a - b);
      report.detail = details[Math.floor(details.length / 2)] ?? 0;
      return report;
    },
    ms,
    layout,
  );
}

/** `#rrggbb` → [r, g, b]: a mark's colour (src/shared/pointing.ts MARK_COLOURS) as frames read it. */
export const hexRgb = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Point on in a viewer, once the host says it may point. */
export async function turnPointOn(viewer: Page): Promise<void> {
  await viewer.waitForSelector('[data-testid="point-toggle"]:not([aria-disabled="true"])', { timeout: 10_000 });
  await viewer.click('[data-testid="point-toggle"]');
  await viewer.waitForSelector('[data-testid="point-toggle"][aria-pressed="true"]');
}

/** Moves the viewer's mouse to (fx, fy) of the shared picture as the viewer shows it (zoomed or not). */
export async function moveOnPicture(viewer: Page, fx: number, fy: number, steps = 1): Promise<void> {
  const r = await viewer.$eval('[data-testid="remote-video"]', (v) => {
    const b = v.getBoundingClientRect();
    return { left: b.left, top: b.top, width: b.width, height: b.height };
  });
  await viewer.mouse.move(r.left + fx * r.width, r.top + fy * r.height, { steps });
}

/**
 * Does `change` (a strict network's moveViewer: the viewer's address changes) and resolves with how
 * long after it the viewer's picture came back: the first frame its <video> presented after the
 * stall (a gap of more than 300 ms between presented frames, requestVideoFrameCallback, whatever
 * stream plays). Frames must be flowing when it is called.
 */
export async function timePictureBack(page: Page, change: () => void, timeoutMs = 15_000): Promise<number> {
  // A string, not a function: tsx would wrap named helpers in a __name() the page does not have.
  // A block: called again on the same page, its names must not clash with the last call's.
  await page.evaluate(`{
    window.frameTimes = [];
    const video = document.querySelector('[data-testid="remote-video"]');
    const each = () => {
      window.frameTimes.push(Date.now());
      if (window.frameTimes.length > 5000) window.frameTimes.splice(0, 1000);
      video.requestVideoFrameCallback(each);
    };
    video.requestVideoFrameCallback(each);
  }`);
  await page.waitForFunction(() => (window as unknown as { frameTimes: number[] }).frameTimes.length > 5);
  const changedAt = Date.now();
  change();
  const back = await page.waitForFunction(
    (changedAt: number) => {
      const times = (window as unknown as { frameTimes: number[] }).frameTimes.filter((t) => t > changedAt);
      for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! > 300) return times[i];
      return times.length > 0 && times[0]! - changedAt > 300 ? times[0] : false;
    },
    { timeout: timeoutMs, polling: 20 },
    changedAt,
  );
  return Number(await back.jsonValue()) - changedAt;
}
