// Sources and quality in real Chromium: switching the shared tab live, presets and per-viewer
// requests read back from the host's senders, a crashed shared tab; then, in a browser with fake
// camera and microphone (where Chrome cannot capture tabs), the camera and the microphone mix.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  hostStats,
  measureAudio,
  measureFrames,
  offscreenDocuments,
  openAndTimeFirstFrame,
  openPopup,
  openViewer,
  readSession,
  startShare,
  viewerState,
  waitForColour,
  waitForPopupState,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { presetSettings, WINDOW_FRAME_HEIGHT } from '../../scripts/chromium';
import { baseSettings, startRig, type Rig } from './fixture';

const BLUE: [number, number, number] = [0, 0, 255];

let rig: Rig;

/** The popup as a page of its own: how a test reaches it while idle (a click would start a share). */
async function idlePopup(r: Rig): Promise<Page> {
  const popup = await r.browser.newPage();
  await popup.goto(`chrome-extension://${r.extensionId}/src/popup/index.html`);
  await popup.waitForSelector('[data-testid="status"]');
  return popup;
}

async function openColour(r: Rig, hex: string): Promise<Page> {
  const page = await r.browser.newPage();
  await page.goto(`${r.site.url}demo/color.html?c=${hex}`);
  await page.bringToFront();
  return page;
}

async function shareColour(hex: string) {
  const page = await openColour(rig, hex);
  const { link } = await startShare(rig.browser, rig.extensionId, rig.worker, page);
  return { page, link };
}

/** Starts a share from the idle popup's `button` and opens a viewer on it, watching live. */
async function shareFromPopup(r: Rig, button: string) {
  const popup = await idlePopup(r);
  await popup.locator(`[data-testid="${button}"]`).click();
  const session = await waitForSession(r.worker, (s) => s.state === 'live' || s.state === 'error');
  if (session.state !== 'live') throw new Error(JSON.stringify(session));
  const viewer = await openViewer(r.browser, session.link);
  await waitForViewerState(viewer, 'live');
  return { popup, session, viewer };
}

/** Marks the viewer's current MediaStream, to tell later whether it is still the same connection. */
const markStream = (viewer: Page) =>
  viewer.$eval(
    '[data-testid="remote-video"]',
    (v) => ((v as HTMLVideoElement & { srcObject: MediaStream & { mark?: boolean } }).srcObject.mark = true),
  );
const sameStream = (viewer: Page) =>
  viewer.$eval(
    '[data-testid="remote-video"]',
    (v) => (v as HTMLVideoElement & { srcObject: (MediaStream & { mark?: boolean }) | null }).srcObject?.mark === true,
  );

describe('sources and quality', () => {
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());
  beforeEach(async () => rig.reset());

  it('a still tab reaches a new viewer at once, and "Share this tab instead" switches to blue on the same connection', async () => {
    const { link } = await shareColour('ff0000');
    const first = await openAndTimeFirstFrame(rig.browser, link);
    await waitForViewerState(first.page, 'live');
    // A viewer joining later, when the tab has long stopped producing frames, still gets a picture.
    await new Promise((r) => setTimeout(r, 2000));
    const late = await openAndTimeFirstFrame(rig.browser, link);
    console.log(`still tab: first frame ${first.firstFrameMs} ms, late viewer ${late.firstFrameMs} ms`);
    expect(late.firstFrameMs).toBeLessThan(10_000);
    const viewer = late.page;
    await markStream(viewer);
    const viewerIds = (await hostStats(rig.worker)).map((s) => s.viewerId).sort();
    // The viewer has zoomed in to read: a new source keeps the zoom.
    await viewer.click('[data-testid="zoom-in"]');
    await viewer.click('[data-testid="zoom-in"]');
    const zoomOf = () => viewer.$eval('[data-testid="remote-video"]', (v) => (v as HTMLElement).style.transform);
    const zoomed = await zoomOf();
    expect(zoomed).toMatch(/scale\(1\.5/); // two steps of 1.25

    const blue = await openColour(rig, '0000ff');
    const popup = await openPopup(rig.browser, rig.extensionId, blue);
    await popup.waitForSelector('[data-testid="source"][data-source="otherTab"]'); // showing another tab than this one
    const turnsBlue = waitForColour(viewer, BLUE, 10_000);
    const clicked = Date.now();
    await popup.locator('[data-testid="share-this-tab"]').click();
    const blueAt = await turnsBlue;
    console.log(`switch: click → blue at the viewer ${blueAt - clicked} ms`);
    // A generous sanity bound (this machine is noisy); `npm run bench` reports the figure (≤ 1 s target).
    expect(blueAt - clicked).toBeLessThan(8000);

    expect(await sameStream(viewer)).toBe(true); // no reconnect: the same MediaStream kept playing
    expect(await zoomOf()).toBe(zoomed);
    expect(await viewer.$eval('[data-testid="zoom-fit"]', (el) => el.getAttribute('aria-pressed'))).toBe('false');
    expect(await viewerState(viewer)).toMatchObject({ state: 'live', paused: false });
    expect((await hostStats(rig.worker)).map((s) => s.viewerId).sort()).toEqual(viewerIds);
    // Over the blue tab the popup now says it shows this tab, and no longer offers to switch to it.
    const again = await openPopup(rig.browser, rig.extensionId, blue);
    await again.waitForSelector('[data-testid="source"][data-source="tab"]');
    expect(await again.$('[data-testid="share-this-tab"]')).toBeNull();
  });

  it('presets change the senders: Text as screen content, Motion as video; the caps from settings apply', async () => {
    await presetSettings(rig.worker, { ...baseSettings(rig), quality: 'text', maxHeight: 360 });
    const { link, source } = await rig.share(); // the animated demo page, 1280×720
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    await measureFrames(viewer, 3000); // let the encoder settle

    const text = (await hostStats(rig.worker))[0]!;
    console.log('text', JSON.stringify(text));
    expect(text).toMatchObject({
      look: 'text',
      maxFramerate: 30,
      degradationPreference: 'maintain-resolution',
      contentHint: 'detail',
    });
    expect(text.scaleResolutionDownBy).toBeCloseTo(2, 0); // the 720-line tab capped at 360 lines
    expect(text.codec).toBe('video/VP8'); // no codec switch: the negotiated default
    expect(text.frameHeight).toBe(360);

    const popup = await openPopup(rig.browser, rig.extensionId, source);
    await popup.select('[data-testid="quality"]', 'motion');
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.quality === 'motion');
    await measureFrames(viewer, 3000);
    const motion = (await hostStats(rig.worker))[0]!;
    console.log('motion', JSON.stringify(motion));
    expect(motion).toMatchObject({
      look: 'motion',
      maxFramerate: 30,
      degradationPreference: 'maintain-resolution',
      contentHint: 'motion',
    });
    expect(motion.codec).toBe('video/VP8');
    expect(motion.frameHeight).toBe(360);
    expect(await viewerState(viewer)).toMatchObject({ state: 'live', paused: false });
  });

  it('Auto follows the content: Text on a document, Motion on a video in a tall tab, Text again on a still page', async () => {
    await presetSettings(rig.worker, { ...baseSettings(rig), quality: 'auto' });
    const { link } = await rig.share(); // the demo page: a spinner and a clock, small moving areas
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    const video = await rig.browser.newPage();
    await video.goto(`${rig.site.url}demo/video.html`);
    // Motion only pays on a source taller than its 720 lines: make the window (not a viewport) 1080 lines tall.
    const cdp = await video.createCDPSession();
    const { windowId, bounds } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', {
      windowId,
      bounds: { width: 1280, height: 1080 + WINDOW_FRAME_HEIGHT },
    });
    try {
      await measureFrames(viewer, 4000); // longer than Auto's three seconds
      expect((await hostStats(rig.worker))[0]?.look).toBe('text');

      await video.bringToFront();
      const popup = await openPopup(rig.browser, rig.extensionId, video);
      await popup.locator('[data-testid="share-this-tab"]').click();
      await expect
        .poll(async () => (await hostStats(rig.worker))[0]?.look, { timeout: 10_000, interval: 500 })
        .toBe('motion');
      expect((await hostStats(rig.worker))[0]?.scaleResolutionDownBy).toBeCloseTo(1.5, 1); // 1080 → 720 lines

      const still = await openColour(rig, '00ff00');
      const again = await openPopup(rig.browser, rig.extensionId, still);
      await again.locator('[data-testid="share-this-tab"]').click();
      await expect
        .poll(async () => (await hostStats(rig.worker))[0]?.look, { timeout: 10_000, interval: 500 })
        .toBe('text');
    } finally {
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width: bounds.width, height: bounds.height } });
    }
  });

  it('"Sharper" from one viewer changes only that viewer\'s sender', async () => {
    await presetSettings(rig.worker, { ...baseSettings(rig), quality: 'motion' });
    const { link } = await rig.share();
    const [a, b] = [await openViewer(rig.browser, link), await openViewer(rig.browser, link)];
    await Promise.all([waitForViewerState(a, 'live'), waitForViewerState(b, 'live')]);
    const stats = await hostStats(rig.worker);
    expect(stats.map((s) => s.look)).toEqual(['motion', 'motion']);

    await a.locator('[data-testid="prefer-sharper"]').click();
    await expect
      .poll(async () => (await hostStats(rig.worker)).map((s) => s.look).sort(), { timeout: 5000, interval: 250 })
      .toEqual(['motion', 'text']);
    const after = await hostStats(rig.worker);
    const sharper = after.find((s) => s.look === 'text')!;
    const other = after.find((s) => s.look === 'motion')!;
    expect(sharper).toMatchObject({
      maxFramerate: 30,
      contentHint: 'detail',
      degradationPreference: 'maintain-resolution',
    });
    expect(other).toMatchObject({
      maxFramerate: 30,
      contentHint: 'motion',
      degradationPreference: 'maintain-resolution',
    });
    expect(await a.$eval('[data-testid="prefer-sharper"]', (el) => el.getAttribute('aria-pressed'))).toBe('true');
  });

  it('"Mute for me" keeps the tab\'s sound streaming to viewers', async () => {
    const { link, source } = await rig.share(); // the demo page plays a 440 Hz tone
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    await popup.locator('[data-testid="mute-for-me"]').click();
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.mutedForMe);
    expect(await measureAudio(viewer, 2000)).toBeGreaterThan(0.01);
  });

  it('a missing microphone or camera gives a clear message, and the share stays live on the tab', async () => {
    const { link, source } = await rig.share(); // this browser has no capture devices at all
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    const popup = await openPopup(rig.browser, rig.extensionId, source);

    await popup.locator('[data-testid="mic"]').click();
    await waitForPopupState(popup, { testid: 'source-error', code: 'mic-missing' });
    expect(await popup.$eval('[data-testid="mic"]', (el) => (el as HTMLInputElement).checked)).toBe(false);

    await popup.locator('[data-testid="share-camera"]').click();
    await waitForPopupState(popup, { testid: 'source-error', code: 'camera-missing' });
    expect(await readSession(rig.worker)).toMatchObject({ state: 'live', source: { kind: 'tab' }, mic: false });
    expect((await measureFrames(viewer, 1500)).frames).toBeGreaterThan(3);
  });

  it("Cancel while Chrome's picker is still open ends the start at once", async () => {
    const popup = await idlePopup(rig); // no auto-select flag here: the picker waits for a person
    await popup.locator('[data-testid="share-picked"]').click();
    await waitForSession(rig.worker, (s) => s.state === 'starting');
    await popup.locator('[data-testid="cancel"]').click();
    await waitForSession(rig.worker, (s) => s.state === 'idle', 3000);
    expect(await offscreenDocuments(rig.worker)).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await readSession(rig.worker)).toEqual({ state: 'idle' }); // the failed start left no error behind
  });

  it('a shared tab that crashes ends the share, and viewers are told', async () => {
    const { link, source } = await rig.share();
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    const cdp = await source.createCDPSession();
    void cdp.send('Page.crash').catch(() => undefined); // never answers: the renderer is gone
    await waitForSession(rig.worker, (s) => s.state === 'idle', 10_000);
    await waitForViewerState(viewer, 'ended', { timeoutMs: 10_000 });
  });
});

describe('camera and microphone', () => {
  let devices: Rig;
  beforeAll(async () => {
    // Fake devices stand in for a camera and a microphone, and fake UI grants them as a user would.
    // Chrome cannot capture tabs with fake devices on, so these shares start from the camera.
    devices = await startRig({ extraArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
  });
  afterAll(() => devices?.close());

  it('shares the camera from the popup, and mixes the microphone into the silent source', async () => {
    const options = await devices.browser.newPage();
    await options.goto(`chrome-extension://${devices.extensionId}/src/options/index.html`);
    await options.locator('[data-testid="allow-devices"]').click();
    // The page says how it went; what it says is Chrome's answer, read here from the permissions themselves.
    await options.waitForFunction(
      () => !!document.querySelector('[data-testid="devices-status"]')?.textContent?.trim(),
    );
    expect(
      await options.evaluate(() =>
        Promise.all(
          (['camera', 'microphone'] as PermissionName[]).map(
            async (name) => (await navigator.permissions.query({ name })).state,
          ),
        ),
      ),
    ).toEqual(['granted', 'granted']);

    const { popup, session, viewer } = await shareFromPopup(devices, 'share-camera');
    expect(session.source).toEqual({ kind: 'camera' });
    expect((await measureFrames(viewer, 2000)).frames).toBeGreaterThan(10); // the fake camera keeps moving
    // The popup says it shows the camera, and offers this tab instead.
    await popup.waitForSelector('[data-testid="source"][data-source="camera"]');
    expect(await popup.$eval('[data-testid="source"]', (el) => el.textContent!.trim().length)).toBeGreaterThan(0);
    expect(await popup.$('[data-testid="share-this-tab"]')).not.toBeNull();
    // A camera has no page: a viewer asking for its text is told so, and no text layer shows.
    await viewer.click('[data-testid="copy-text"]');
    await viewer.waitForSelector('[data-testid="text-note"][data-why="source"]');
    expect(await viewer.$('[data-testid="text-layer"]')).toBeNull();

    const silent = await measureAudio(viewer, 2500);
    await popup.locator('[data-testid="mic"]').click();
    await waitForSession(devices.worker, (s) => s.state === 'live' && s.mic);
    const withMic = await measureAudio(viewer, 3000);
    console.log(
      `audio RMS at the viewer: source alone ${silent.toFixed(4)}, with the fake microphone ${withMic.toFixed(4)}`,
    );
    expect(silent).toBeLessThan(0.005);
    expect(withMic).toBeGreaterThan(0.01);

    await popup.locator('[data-testid="mic"]').click();
    await waitForSession(devices.worker, (s) => s.state === 'live' && !s.mic);

    // A camera has no page to draw on: Point says why, and so does the popup.
    expect(await readSession(devices.worker)).toMatchObject({ overlay: 'none' });
    await viewer.waitForSelector('[data-testid="point-toggle"][aria-disabled="true"]');
    await viewer.click('[data-testid="point-toggle"]');
    await viewer.waitForSelector('[data-testid="point-note"]', { visible: true });
    expect(await viewer.$eval('[data-testid="point-toggle"]', (el) => el.getAttribute('aria-pressed'))).not.toBe(
      'true',
    );
    await popup.waitForSelector('[data-testid="pointing-note"]', { visible: true });

    await popup.locator('[data-testid="stop"]').click();
    await waitForViewerState(viewer, 'ended');
  });
});

describe('devices not granted', () => {
  let ungranted: Rig;
  beforeAll(async () => {
    // A camera exists but was never allowed, and the offscreen document cannot ask.
    ungranted = await startRig({ extraArgs: ['--use-fake-device-for-media-stream'] });
  });
  afterAll(() => ungranted?.close());

  it('sharing the camera says how to allow it, and nothing is left running', async () => {
    const popup = await idlePopup(ungranted);
    await popup.locator('[data-testid="share-camera"]').click();
    const session = await waitForSession(ungranted.worker, (s) => s.state === 'error');
    expect(session).toEqual({ state: 'error', error: { code: 'camera-denied' } });
    // The popup says so, with the way to the settings page where the camera is allowed.
    await waitForPopupState(popup, { state: 'error', code: 'camera-denied' });
    expect(await popup.$('[data-testid="error-settings"]')).not.toBeNull();
    expect(await offscreenDocuments(ungranted.worker)).toBe(0);
  });
});

describe("Chrome's picker", () => {
  let picking: Rig;
  beforeAll(async () => {
    // Chrome's test flag answers the picker as a user would: it chooses the tab with this title.
    // (Screens and windows need a display; README "Manual checks" covers them.)
    picking = await startRig({ extraArgs: ['--auto-select-tab-capture-source-by-title=colour 0000ff'] });
  });
  afterAll(() => picking?.close());
  beforeEach(() => picking.reset());

  it("starts a share of the tab picked in Chrome's picker, from the popup", async () => {
    const blue = await openColour(picking, '0000ff');
    const { popup, session, viewer } = await shareFromPopup(picking, 'share-picked');
    expect(session.source).toEqual({ kind: 'picked' });
    await blue.evaluate(() => (document.documentElement.style.background = '#0000fe')); // one new frame to read
    await waitForColour(viewer, BLUE);
    await popup.locator('[data-testid="stop"]').click();
    await waitForSession(picking.worker, (s) => s.state === 'idle');
  });

  it('switches a live tab share to the picked tab on the same connection', async () => {
    await openColour(picking, '0000ff');
    const red = await openColour(picking, 'ff0000');
    const { link } = await startShare(picking.browser, picking.extensionId, picking.worker, red);
    const viewer = await openViewer(picking.browser, link);
    await waitForViewerState(viewer, 'live');
    await markStream(viewer);
    const popup = await openPopup(picking.browser, picking.extensionId, red);
    const turnsBlue = waitForColour(viewer, BLUE);
    await popup.locator('[data-testid="share-picked"]').click();
    await turnsBlue;
    expect(await sameStream(viewer)).toBe(true);
    expect(await readSession(picking.worker)).toMatchObject({ state: 'live', source: { kind: 'picked' } });
    // The picked tab is not "the shared tab": closing the red one no longer ends the share.
    await red.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(await readSession(picking.worker)).toMatchObject({ state: 'live' });
  });
});

describe('a cancelled picker', () => {
  let cancelling: Rig;
  beforeAll(async () => {
    cancelling = await startRig({ extraArgs: ['--auto-reject-capture'] }); // the user closes the picker
  });
  afterAll(() => cancelling?.close());

  it('changes nothing: idle stays idle without an error, a live share keeps its source', async () => {
    const idle = await idlePopup(cancelling);
    await idle.locator('[data-testid="share-picked"]').click();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readSession(cancelling.worker)).toEqual({ state: 'idle' });
    expect(await idle.$('[data-testid="source-error"]')).toBeNull();
    await idle.close();

    const { link, source } = await cancelling.share();
    const viewer = await openViewer(cancelling.browser, link);
    await waitForViewerState(viewer, 'live');
    const popup = await openPopup(cancelling.browser, cancelling.extensionId, source);
    await popup.locator('[data-testid="share-picked"]').click();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await popup.$('[data-testid="source-error"]')).toBeNull();
    expect(await readSession(cancelling.worker)).toMatchObject({ state: 'live', source: { kind: 'tab' } });
    expect((await measureFrames(viewer, 1500)).frames).toBeGreaterThan(3);
  });
});
