// The viewer's own controls in real Chromium, on one share of the document page (1-px stripes,
// sent sharp with the Text preset): fullscreen, picture-in-picture, zoom to read and 1:1, pan,
// statistics against getStats(), sound, shortcuts, fading controls, a phone, the tab title, the
// screen wake lock, contrast in light and dark. Screenshots go to dist/screenshots/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetSettings } from '../../scripts/chromium';
import {
  measureView,
  readViewLayout,
  startShare,
  waitForSession,
  waitForViewerState,
  type ViewLayout,
} from '../../scripts/drive';
import { startRig, type Rig } from './fixture';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../dist/screenshots');

let rig: Rig;
let link: string;
let source: Page;
let layout: ViewLayout;

beforeAll(async () => {
  rig = await startRig();
  await presetSettings(rig.worker, { quality: 'text' }); // full resolution, whatever it costs in frames
  source = await rig.browser.newPage();
  await source.setViewport(null); // the page is the window's real size, as captured: no emulated viewport scaled into it
  await source.goto(`${rig.site.url}demo/document.html`);
  await source.bringToFront();
  layout = await readViewLayout(source);
  ({ link } = await startShare(rig.browser, rig.extensionId, rig.worker, source));
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => rig?.close());

/**
 * A viewer in a fresh context that records its peer connections and counts getStats() calls
 * (before any script runs), live and with its first frame shown.
 */
async function watch(
  viewport: Parameters<Page['setViewport']>[0] = { width: 1280, height: 720 },
  scheme: 'light' | 'dark' = 'light',
) {
  const context = await rig.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  // A string, not a function: tsx would wrap the class in a __name() helper the page lacks.
  await page.evaluateOnNewDocument(`(() => {
    const Native = RTCPeerConnection;
    window.__pcs = [];
    window.__getStatsCalls = 0;
    const getStats = Native.prototype.getStats;
    Native.prototype.getStats = function (...args) { window.__getStatsCalls++; return getStats.apply(this, args); };
    window.RTCPeerConnection = class extends Native { constructor(...args) { super(...args); window.__pcs.push(this); } };
  })()`);
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(link);
  await waitForViewerState(page, 'live');
  await page.waitForFunction(
    () => (document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')?.videoWidth ?? 0) > 0,
  );
  return { page, failed };
}

/** Rows of the statistics panel, in statsRows' order (src/viewer/stats.ts): the figures a test reads by place, not by label. */
const STATS_ROW = { resolution: 0, fps: 1, bitrate: 2 };

/** The bitrate has a figure: rates need two reports, so everything else is there too. */
const ratesShown = (page: Page) =>
  page.waitForFunction(
    (row: number) => /\d/.test(document.querySelectorAll('[data-testid="stats"] dd')[row]?.textContent ?? ''),
    { timeout: 5000 },
    STATS_ROW.bitrate,
  );

/** The tab title of a viewer that cannot watch `url` (a bad link): the error state's title. */
async function errorTitle(url: string): Promise<string> {
  const context = await rig.browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(url);
  await waitForViewerState(page, 'error');
  const title = await page.title();
  await context.close();
  return title;
}

const has = (page: Page, testid: string) => page.$(`[data-testid="${testid}"]`).then((el) => el !== null);
const pressed = (page: Page, testid: string) =>
  page.$eval(`[data-testid="${testid}"]`, (el) => el.getAttribute('aria-pressed'));
/**
 * Waits for a toggle to read pressed. Fullscreen and picture-in-picture report their change by an
 * event a frame after `document.fullscreenElement` (or `pictureInPictureElement`) is set, and the
 * button re-renders on that event.
 */
const becomesPressed = (page: Page, testid: string) =>
  page.waitForSelector(`[data-testid="${testid}"][aria-pressed="true"]`, { timeout: 2000 });

/** The picture's rectangle on the page (the video element is sized to the picture, then transformed). */
async function picture(page: Page) {
  return page.$eval('[data-testid="remote-video"]', (el) => {
    const v = el as HTMLVideoElement;
    const r = v.getBoundingClientRect();
    const stage = v.parentElement!.getBoundingClientRect();
    return {
      left: r.left,
      top: r.top,
      right: r.right,
      bottom: r.bottom,
      width: r.width,
      height: r.height,
      videoWidth: v.videoWidth,
      videoHeight: v.videoHeight,
      dpr: devicePixelRatio,
      stage: { width: stage.width, height: stage.height },
    };
  });
}

/** The statistics the page's own connection reports: the received video's size and codec, the selected pair's candidate types. */
async function getStats(page: Page) {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    for (const pc of pcs) {
      const report = await pc.getStats();
      const stats = [...report.values()] as Record<string, unknown>[];
      const video = stats.find(
        (s) => s.type === 'inbound-rtp' && s.kind === 'video' && typeof s.frameWidth === 'number',
      );
      if (!video) continue;
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport && report.get(transport.selectedCandidatePairId as string);
      return {
        size: `${video.frameWidth}×${video.frameHeight}`,
        codec: String(report.get(video.codecId as string)?.mimeType ?? '').replace('video/', ''),
        candidates: [
          report.get(pair?.localCandidateId)?.candidateType,
          report.get(pair?.remoteCandidateId)?.candidateType,
        ],
      };
    }
    return null;
  });
}

/** A PNG screenshot (8-bit RGB or RGBA, as Chromium writes them) decoded to luma, row by row. */
function lumaOf(png: Uint8Array): { width: number; height: number; luma: Float32Array } {
  const buf = Buffer.from(png);
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('Only 8-bit, non-interlaced PNGs.');
      channels = { 2: 3, 6: 4 }[data[9]!] ?? 0;
      if (!channels) throw new Error(`PNG colour type ${data[9]} not handled.`);
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? px[y * stride + x - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      px[y * stride + x] = (v + [0, a, b, (a + b) >> 1, paeth][filter]!) & 0xff;
    }
  }
  const luma = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++)
    luma[i] = 0.299 * px[i * channels]! + 0.587 * px[i * channels + 1]! + 0.114 * px[i * channels + 2]!;
  return { width, height, luma };
}

/**
 * How crisply 1-px stripes show on screen along one row of the stripes' on-screen band: the share
 * of neighbouring device pixels that differ by more than a quarter of the range (1 when every
 * pixel is one stripe, near 0 when they are blurred to grey).
 */
async function stripesOnScreen(
  page: Page,
  clip: { x: number; y: number; width: number; height: number },
): Promise<number> {
  const shot = lumaOf(await page.screenshot({ clip, captureBeyondViewport: false, type: 'png' }));
  const row = Math.floor(shot.height / 2) * shot.width;
  let sharp = 0;
  for (let x = 1; x < shot.width; x++) if (Math.abs(shot.luma[row + x]! - shot.luma[row + x - 1]!) > 64) sharp++;
  return sharp / (shot.width - 1);
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe('viewer controls', () => {
  it('zoom buttons and keys; 1:1 shows the shared picture pixel for pixel; a drag pans no further than its edges', async () => {
    const { page } = await watch({ width: 800, height: 600 });
    // The sender keeps the 1-px stripes (Text preset), so what the screen shows is up to the viewer.
    const view = await measureView(page, 1000, layout);
    expect(view.detail).toBeGreaterThan(0.6);

    const fit = await picture(page);
    expect(fit.width).toBeCloseTo(800, 0); // fit: the whole 1280-wide picture in 800 px
    expect(await pressed(page, 'zoom-fit')).toBe('true');

    await page.click('[data-testid="zoom-in"]');
    expect((await picture(page)).width).toBeCloseTo(800 * 1.25, 0);
    await page.keyboard.press('+');
    expect((await picture(page)).width).toBeCloseTo(800 * 1.25 ** 2, 0);
    await page.keyboard.press('-');
    await page.click('[data-testid="zoom-out"]');
    expect((await picture(page)).width).toBeCloseTo(800, 0);
    await page.keyboard.press('1');
    expect(await pressed(page, 'zoom-1to1')).toBe('true');
    await page.keyboard.press('0');
    expect(await pressed(page, 'zoom-fit')).toBe('true');

    await page.click('[data-testid="zoom-1to1"]');
    expect(await pressed(page, 'zoom-1to1')).toBe('true');
    const native = await picture(page);
    expect(native.width * native.dpr).toBeCloseTo(native.videoWidth, 1); // one picture pixel per device pixel
    expect(native.height * native.dpr).toBeCloseTo(native.videoHeight, 1);

    // Drag left and down, far past the edge: the picture's top-right corner shows, and no further.
    await page.mouse.move(700, 150);
    await page.mouse.down();
    await page.mouse.move(400, 300, { steps: 5 });
    await page.mouse.move(20, 590, { steps: 5 });
    await page.mouse.up();
    const corner = await picture(page);
    expect(corner.right).toBeCloseTo(800, 5);
    expect(corner.top).toBeCloseTo(0, 5);
    await page.keyboard.press('ArrowLeft'); // back towards the left by a tenth of the stage
    expect((await picture(page)).left).toBeCloseTo(corner.left + 80, 3);
    await page.keyboard.press('ArrowRight');

    // The stripes, at their place in the picture, are on screen pixel for pixel…
    await page.mouse.move(400, 300); // (the controls may cover the bottom, not the stripes at the top)
    const band = (p: typeof corner) => ({
      x: Math.ceil(p.left + layout.stripes.x + 8),
      y: Math.round(p.top + layout.stripes.y + layout.stripes.height / 2),
      width: Math.floor(layout.stripes.width - 16),
      height: 2,
    });
    await settle();
    expect(await stripesOnScreen(page, band(await picture(page)))).toBeGreaterThan(0.9);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'viewer-1to1.png'), captureBeyondViewport: false });
    // …and blurred to grey at fit, which scales them by 0.625.
    await page.keyboard.press('0');
    const small = await picture(page);
    const scale = small.width / small.videoWidth;
    await settle();
    const fitBand = {
      x: Math.ceil(small.left + (layout.stripes.x + 8) * scale),
      y: Math.round(small.top + (layout.stripes.y + layout.stripes.height / 2) * scale),
      width: Math.floor((layout.stripes.width - 16) * scale),
      height: 2,
    };
    expect(await stripesOnScreen(page, fitBand)).toBeLessThan(0.6);

    // The wheel zooms about the pointer: the picture point under it stays under it.
    await page.mouse.move(300, 250);
    const before = await picture(page);
    await page.mouse.wheel({ deltaY: -250 });
    await page.waitForFunction(
      (w) => document.querySelector('[data-testid="remote-video"]')!.getBoundingClientRect().width > w + 1,
      {},
      before.width,
    );
    const after = await picture(page);
    expect(after.width).toBeGreaterThan(before.width * 1.3);
    expect((300 - after.left) / after.width).toBeCloseTo((300 - before.left) / before.width, 3);
    expect((250 - after.top) / after.height).toBeCloseTo((250 - before.top) / before.height, 3);
    await page.browserContext().close();
  });

  it('the zoom survives a change of resolution', async () => {
    const { page } = await watch({ width: 800, height: 600 });
    await page.keyboard.press('1');
    const first = await picture(page);
    // The same zoom applied to a picture of another size: the video element reports a new size.
    await page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!;
      Object.defineProperty(v, 'videoWidth', { configurable: true, get: () => 640 });
      Object.defineProperty(v, 'videoHeight', { configurable: true, get: () => 356 });
      v.dispatchEvent(new Event('resize'));
    });
    expect(await pressed(page, 'zoom-1to1')).toBe('true');
    const second = await picture(page);
    expect(second.width).toBeCloseTo(640, 3); // still 1:1, at the new size
    expect(first.width).toBeCloseTo(first.videoWidth, 3);
    await page.browserContext().close();
  });

  it('statistics: S and the button show figures that match getStats(), read only while shown', async () => {
    const { page } = await watch();
    const calls = () => page.evaluate(() => (window as unknown as { __getStatsCalls: number }).__getStatsCalls);
    const idle = await calls();
    await settle(2200);
    expect(await calls()).toBe(idle); // cheap when hidden: no stats at all

    await page.keyboard.press('s');
    await page.waitForSelector('[data-testid="stats"]');
    await ratesShown(page);
    const truth = await getStats(page);
    expect(truth).not.toBeNull();
    await page.waitForFunction(
      (size: string) => document.querySelector('[data-testid="stats"]')!.textContent!.includes(size),
      { timeout: 3000 },
      truth!.size,
    );
    const values = await page.$$eval('[data-testid="stats"] dd', (dds) => dds.map((dd) => dd.textContent ?? ''));
    const text = values.join('\n');
    expect(text).toContain(truth!.size);
    expect(text).toContain(truth!.codec);
    // Loopback: host candidates on both ends, so a direct route (a relayed one would name relay).
    expect(text).toContain(`(${truth!.candidates.join(' ↔ ')})`);
    expect(truth!.candidates).toEqual(['host', 'host']);
    expect(values[STATS_ROW.resolution]).toBe(truth!.size);
    expect(values[STATS_ROW.fps]).toMatch(/^\d/); // a figure (and its unit)
    expect(await pressed(page, 'stats-toggle')).toBe('true');

    const shown = await calls();
    await settle(2100);
    const perSecond = ((await calls()) - shown) / 2.1;
    expect(perSecond).toBeGreaterThanOrEqual(0.9);
    expect(perSecond).toBeLessThanOrEqual(1.5);

    await page.click('[data-testid="stats-toggle"]');
    expect(await has(page, 'stats')).toBe(false);
    const hidden = await calls();
    await settle(1500);
    expect(await calls()).toBe(hidden);
    await page.browserContext().close();
  });

  it('fullscreen (button, double-click, F), picture-in-picture (button, P), shortcuts (?), picture preference (Q)', async () => {
    const { page } = await watch();
    const fullscreen = () => page.evaluate(() => document.fullscreenElement?.tagName ?? null);
    await page.click('[data-testid="fullscreen"]');
    await page.waitForFunction(() => !!document.fullscreenElement);
    expect(await fullscreen()).toBe('MAIN'); // the picture with its controls
    await becomesPressed(page, 'fullscreen');
    await page.keyboard.press('f');
    await page.waitForFunction(() => !document.fullscreenElement);
    await page.mouse.click(640, 300, { clickCount: 1 });
    await page.mouse.click(640, 300, { clickCount: 2 });
    await page.waitForFunction(() => !!document.fullscreenElement);
    await page.keyboard.press('f');
    await page.waitForFunction(() => !document.fullscreenElement);

    await page.click('[data-testid="pip"]');
    await page.waitForFunction(() => document.pictureInPictureElement?.getAttribute('data-testid') === 'remote-video');
    await becomesPressed(page, 'pip');
    await page.keyboard.press('p');
    await page.waitForFunction(() => !document.pictureInPictureElement);

    expect(await has(page, 'shortcuts')).toBe(false);
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid="shortcuts"]');
    expect(await page.$$eval('[data-testid="shortcuts"] kbd', (keys) => keys.length)).toBeGreaterThanOrEqual(10);
    await page.keyboard.press('Escape');
    expect(await has(page, 'shortcuts')).toBe(false);
    await page.click('[data-testid="shortcuts-toggle"]');
    expect(await has(page, 'shortcuts')).toBe(true);
    await page.click('[data-testid="shortcuts-toggle"]');
    expect(await has(page, 'shortcuts')).toBe(false);

    await page.keyboard.press('q');
    expect(await pressed(page, 'prefer-sharper')).toBe('true');
    await page.keyboard.press('q');
    await page.keyboard.press('q');
    expect(await pressed(page, 'prefer-auto')).toBe('true');
    await page.browserContext().close();
  });

  it('sound: Unmute, the volume slider, M and Shift+arrows', async () => {
    const { page } = await watch();
    const sound = () =>
      page.$eval('[data-testid="remote-video"]', (v) => ({
        muted: (v as HTMLVideoElement).muted,
        volume: Math.round((v as HTMLVideoElement).volume * 100) / 100,
      }));
    // The slider follows the video's volumechange event, a render later than the key or click.
    const slider = async () => {
      const volume = await page.$eval('[data-testid="remote-video"]', (v) =>
        (v as HTMLVideoElement).muted ? 0 : (v as HTMLVideoElement).volume,
      );
      await page.waitForFunction(
        (want) => Number((document.querySelector('[data-testid="volume"]') as HTMLInputElement).value) === want,
        { timeout: 2000 },
        volume,
      );
      return page.$eval('[data-testid="volume"]', (el) => Number((el as HTMLInputElement).value));
    };
    expect(await sound()).toEqual({ muted: true, volume: 1 }); // muted autoplay
    expect(await slider()).toBe(0);
    await page.click('[data-testid="unmute"]');
    expect(await sound()).toEqual({ muted: false, volume: 1 });
    expect(await slider()).toBe(1);
    await page.focus('[data-testid="volume"]');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await sound()).toEqual({ muted: false, volume: 0.9 });
    await page.$eval('[data-testid="volume"]', (el) => (el as HTMLElement).blur());
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.up('Shift');
    expect(await sound()).toEqual({ muted: false, volume: 0.8 });
    await page.keyboard.press('m');
    expect(await sound()).toMatchObject({ muted: true });
    expect(await slider()).toBe(0);
    await page.keyboard.press('m');
    expect(await sound()).toEqual({ muted: false, volume: 0.8 });

    // A share without a sound track says so instead of offering Unmute.
    expect(await has(page, 'no-sound')).toBe(false);
    await page.$eval('[data-testid="remote-video"]', (v) => {
      const stream = (v as HTMLVideoElement).srcObject as MediaStream;
      const track = stream.getAudioTracks()[0]!;
      stream.removeTrack(track);
      stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
    });
    await page.waitForSelector('[data-testid="no-sound"]');
    expect(await page.$eval('[data-testid="unmute"]', (el) => (el as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('[data-testid="volume"]', (el) => (el as HTMLElement).hidden)).toBe(true);
    await page.browserContext().close();
  });

  it('controls fade while the picture plays and come back on pointer move and focus; the cursor hides in fullscreen', async () => {
    const { page, failed } = await watch();
    const liveTitle = await page.title();
    expect(liveTitle).toMatch(/^\S.* · TabBeam$/); // the state first, in the page's language
    expect(liveTitle).not.toBe(await errorTitle(`${rig.site.url}#not-a-share`)); // ...and it tells live from "can't watch"
    expect(failed).toEqual([]); // the favicon is inline: no 404
    const idle = () => page.$eval('main', (el) => el.classList.contains('idle'));
    const barOpacity = () => page.$eval('.bar', (el) => Number(getComputedStyle(el).opacity));
    await page.mouse.move(600, 300);
    expect(await idle()).toBe(false);
    await page.waitForFunction(() => document.querySelector('main')!.classList.contains('idle'), { timeout: 5000 });
    await settle(400); // the fade
    expect(await barOpacity()).toBe(0);
    await page.mouse.move(610, 310);
    expect(await idle()).toBe(false);
    await page.waitForFunction(() => document.querySelector('main')!.classList.contains('idle'), { timeout: 5000 });
    await page.keyboard.press('Tab'); // focus lands on a control
    expect(await idle()).toBe(false);

    await page.keyboard.press('f');
    await page.waitForFunction(() => !!document.fullscreenElement);
    await page.waitForFunction(
      () =>
        document.querySelector('main')!.classList.contains('idle') ||
        document.querySelector('.bar :focus-visible') !== null,
      { timeout: 5000 },
    );
    await page.$eval(':focus', (el) => (el as HTMLElement).blur());
    await page.mouse.move(620, 320);
    await page.waitForFunction(() => document.querySelector('main')!.classList.contains('idle'), { timeout: 5000 });
    expect(await page.$eval('.stage', (el) => getComputedStyle(el).cursor)).toBe('none');
    await page.keyboard.press('f');
    await page.browserContext().close();
  });

  it('light and dark follow the system, every text at WCAG AA contrast', async () => {
    const { page } = await watch({ width: 1280, height: 720 });
    await page.keyboard.press('s');
    await ratesShown(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.mouse.move(scheme === 'light' ? 500 : 510, 300); // the controls show
      const worst = (await page.evaluate(CONTRAST)) as { ratio: number; text: string };
      expect(worst.ratio, `${scheme}: "${worst.text}"`).toBeGreaterThanOrEqual(4.5);
      // The verification words carry a visible label and a line saying what they are for.
      const beside = await page.$eval(
        '[data-testid="verification-code"]',
        (code) =>
          [...code.parentElement!.children].filter(
            (el) => el !== code && (el as HTMLElement).offsetHeight > 0 && el.textContent!.trim(),
          ).length,
      );
      expect(beside).toBe(2);
      const background = await page.$eval('.bar', (el) => getComputedStyle(el).backgroundColor);
      expect(background).toBe(scheme === 'light' ? 'rgba(255, 255, 255, 0.96)' : 'rgba(32, 33, 36, 0.96)');
      await page.screenshot({
        path: path.join(SCREENSHOTS, scheme === 'light' ? 'viewer-desktop.png' : 'viewer-dark.png'),
        captureBeyondViewport: false,
      });
    }
    await page.browserContext().close();
  });

  it('on a 390×844 phone: the picture fills the width, controls are thumb-sized, inside the screen, off the status; touch zooms; landscape works', async () => {
    const phone = { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
    const { page } = await watch(phone);
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!;
      return !v.paused && v.currentTime > 0.2;
    });
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth])).toEqual([390, 390]);
    expect((await picture(page)).width).toBeCloseTo(390, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'viewer-phone.png'), captureBeyondViewport: false });

    const checkControls = () =>
      page.evaluate(() => {
        const status = document.querySelector('[data-testid="status"]')!.getBoundingClientRect();
        const controls = [...document.querySelectorAll<HTMLElement>('.bar button, .bar input')].filter(
          (el) => !el.hidden,
        );
        return {
          count: controls.length,
          bad: controls
            .map((el) => ({ id: el.dataset.testid ?? el.textContent, r: el.getBoundingClientRect() }))
            .filter(
              ({ r }) =>
                r.width < 44 ||
                r.height < 44 ||
                r.left < 0 ||
                r.top < 0 ||
                r.right > innerWidth ||
                r.bottom > innerHeight ||
                !(r.bottom <= status.top || r.top >= status.bottom || r.right <= status.left || r.left >= status.right),
            )
            .map(
              ({ id, r }) =>
                `${id} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
            ),
        };
      });
    const portrait = await checkControls();
    expect(portrait.count).toBeGreaterThanOrEqual(13);
    expect(portrait.bad).toEqual([]);

    // Tap Unmute; pinch zooms in; a double-tap goes back to fit; 1:1 is device pixels (3 per CSS px).
    const unmute = (await page.$('[data-testid="unmute"]'))!;
    await unmute.tap();
    expect(await page.$eval('[data-testid="remote-video"]', (v) => (v as HTMLVideoElement).muted)).toBe(false);
    const fit = await picture(page);
    const cy = (fit.top + fit.bottom) / 2;
    const a = await page.touchscreen.touchStart(150, cy);
    const b = await page.touchscreen.touchStart(240, cy);
    for (let i = 1; i <= 5; i++) {
      await a.move(150 - 20 * i, cy);
      await b.move(240 + 20 * i, cy);
    }
    await a.end();
    await b.end();
    const pinched = await picture(page);
    expect(pinched.width).toBeGreaterThan(fit.width * 1.5);
    await page.touchscreen.tap(195, cy);
    await page.touchscreen.tap(195, cy);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="zoom-fit"]')!.getAttribute('aria-pressed') === 'true',
    );
    expect((await picture(page)).width).toBeCloseTo(fit.width, 1);
    const oneToOne = (await page.$('[data-testid="zoom-1to1"]'))!;
    await oneToOne.tap();
    const native = await picture(page);
    expect(native.width * 3).toBeCloseTo(native.videoWidth, 1);
    await oneToOne.tap();

    await page.setViewport({ ...phone, width: 844, height: 390, isLandscape: true });
    await page.touchscreen.tap(400, 100); // shows the controls
    await settle(400);
    const landscape = await checkControls();
    expect(landscape.bad).toEqual([]);
    const land = await picture(page);
    expect(land.height).toBeCloseTo(390, 0); // fills the height
    await page.screenshot({ path: path.join(SCREENSHOTS, 'viewer-phone-landscape.png'), captureBeyondViewport: false });
    await page.browserContext().close();
  });

  it('a bad link says so once and offers a field for a new link, which opens the share', async () => {
    const context = await rig.browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${rig.site.url}#not-a-share`);
    const { text } = await waitForViewerState(page, 'error', { problem: 'bad-link' });
    const errorTitle = await page.title();
    expect(errorTitle).toMatch(/^\S.* · TabBeam$/);
    // The sentence shows once: in the status, nowhere else on the page.
    expect(text.trim().length).toBeGreaterThan(0);
    expect(await page.evaluate((sentence) => document.body.innerText.split(sentence).length - 1, text.trim())).toBe(1);
    await page.type('[data-testid="new-link"]', link);
    await page.keyboard.press('Enter');
    await waitForViewerState(page, 'live');
    expect(await page.title()).not.toBe(errorTitle);
    await context.close();
  });

  it('holds a screen wake lock while live and lets it go when the share ends, with a way on', async () => {
    const { page } = await watch();
    // The real API works headless here: the page's own request resolved with a sentinel.
    expect(await page.evaluate(() => typeof navigator.wakeLock?.request)).toBe('function');
    await page.waitForSelector('main[data-wake-lock="held"]');
    const liveTitle = await page.title();
    await source.close(); // closing the shared tab ends the share
    await waitForSession(rig.worker, (s) => s.state === 'idle');
    const { text } = await waitForViewerState(page, 'ended');
    await page.waitForSelector('main[data-wake-lock="released"]');
    expect(await page.title()).toMatch(/^\S.* · TabBeam$/);
    expect(await page.title()).not.toBe(liveTitle);
    expect(await has(page, 'retry')).toBe(true);
    expect(await page.$$eval('.bar', (bars) => bars.length)).toBe(1);
    // The sentence shows once: in the status, nowhere else on the page.
    expect(text.trim().length).toBeGreaterThan(0);
    expect(await page.evaluate((sentence) => document.body.innerText.split(sentence).length - 1, text.trim())).toBe(1);
  });
});

/**
 * The lowest contrast of any visible text against its background: the first opaque background up
 * the tree, with translucent ones composited over it. Returns { ratio, text } of the worst.
 */
const CONTRAST = `(() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g); return m ? [+m[0], +m[1], +m[2], m[3] === undefined ? 1 : +m[3]] : [0, 0, 0, 0]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = parse(getComputedStyle(document.body).backgroundColor);
    if (bg[3] < 1) bg = matchMedia('(prefers-color-scheme: dark)').matches ? [0, 0, 0, 1] : [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  let worst = { ratio: 99, text: '' };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || el.closest('[hidden]') || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    // Hidden, or transparent: the live text layer's words lie unseen over the picture, which shows them.
    if (style.visibility === 'hidden' || parse(style.color)[3] === 0) continue;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: n.textContent.trim() };
  }
  return worst;
})()`;
