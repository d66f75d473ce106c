// A whole screen through Chrome's picker. Headless Chromium has no screen, so this one runs
// headed on a virtual X display (Xvfb), with Chrome's test flag answering the picker.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../../scripts/chromium';
import { startXvfb } from '../../scripts/xvfb';
import { measureFrames, openViewer, waitForColour, waitForSession, waitForViewerState } from '../../scripts/drive';
import { startRig, type Rig } from './fixture';

let xvfb: Awaited<ReturnType<typeof startXvfb>>;
let rig: Rig;
/** The viewer runs in a headless browser of its own, so only the sharer's window is on the screen. */
let viewers: Browser;

beforeAll(async () => {
  xvfb = await startXvfb();
  // The flag picks the picker's source by its title, which is Chrome's own words: "Entire screen" in
  // an English Chrome. Chrome's UI language on Linux comes from LANGUAGE (then LC_ALL, LANG), so the
  // sharer's Chrome is English here whatever this machine's language (korean.test.ts has the rest).
  const saved = process.env.LANGUAGE;
  process.env.LANGUAGE = 'en';
  try {
    rig = await startRig({ display: xvfb.display, extraArgs: ['--auto-select-desktop-capture-source=Entire screen'] });
  } finally {
    if (saved === undefined) delete process.env.LANGUAGE;
    else process.env.LANGUAGE = saved;
  }
  viewers = await launchChromium();
});
afterAll(async () => {
  await Promise.all([rig?.close(), viewers?.close()]);
  xvfb?.close();
});

it('shares the entire screen chosen in the picker; viewers see what is on it', async () => {
  const popup = await rig.browser.newPage();
  await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/index.html`);
  await popup.locator('[data-testid="share-picked"]').click();
  const session = await waitForSession(rig.worker, (s) => s.state === 'live' || s.state === 'error');
  if (session.state !== 'live') throw new Error(JSON.stringify(session));
  expect(session.source).toEqual({ kind: 'picked' });

  const viewer = await openViewer(viewers, session.link);
  await waitForViewerState(viewer, 'live');
  // Whatever the screen shows reaches the viewer: switch the sharer's window to a blue page.
  // (Off centre: the screen's mouse pointer sits in the middle.)
  const turnsBlue = waitForColour(viewer, [0, 0, 255], 15_000, [0.3, 0.7]);
  const blue = await rig.browser.newPage();
  await blue.goto(`${rig.site.url}demo/color.html?c=0000ff`);
  await blue.bringToFront();
  await turnsBlue;
  const frames = await measureFrames(viewer, 1000);
  console.log(`screen: ${frames.width}×${frames.height} at the viewer`);
  // The whole 1280×800 virtual screen (the encoder may send it smaller while its bitrate ramps up).
  expect(frames.width / frames.height).toBeCloseTo(1280 / 800, 1);
});
