// Viewers point inside the shared tab: the overlay draws there, so the person sharing sees it on
// their page and every viewer sees it in the picture. Marks are read from the shared tab's own
// screen (a screenshot) and from another viewer's WebRTC-decoded frames.
import type * as PeerJs from 'peerjs';
import { PNG } from 'pngjs';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  hexRgb,
  measureFrames,
  moveOnPicture,
  openPopup,
  openViewer,
  readSession,
  turnPointOn,
  waitForColour,
  waitForPicture,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { MARK_COLOURS } from '../../src/shared/pointing';
import { startRig, type Rig } from './fixture';
import { attackerPage, channelKeepingViewer } from './hostile';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

type Rgb = [number, number, number];
/** The first viewer let in draws in the first colour, the second in the next. */
const FIRST = hexRgb(MARK_COLOURS[0]);
const SECOND = hexRgb(MARK_COLOURS[1]);

/** A share of the pointing page (tests/fixtures/pointing.html), its input log emptied. */
async function sharePointingPage(query = '') {
  const { source, link } = await rig.shareDemo(`pointing.html${query}`);
  await source.evaluate(() => void ((window as unknown as { inputEvents: string[] }).inputEvents.length = 0));
  return { source, link };
}

async function watcher(link: string): Promise<Page> {
  const viewer = await openViewer(rig.browser, link);
  await waitForPicture(viewer);
  return viewer;
}

/** The pointing page's background (#f0f0f0). */
const PAGE: Rgb = [240, 240, 240];

/**
 * Whether `pixel` is the page's grey with `colour` drawn over it at ≥ 30 % opacity: marks fade,
 * so a fading ripple or stroke still counts until it is nearly gone.
 */
function tinted(pixel: Rgb, colour: Rgb): boolean {
  const d = colour.map((c, k) => c - PAGE[k]!);
  const p = pixel.map((v, k) => v - PAGE[k]!);
  const alpha = (p[0]! * d[0]! + p[1]! * d[1]! + p[2]! * d[2]!) / (d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2);
  return alpha >= 0.3 && p.every((v, k) => Math.abs(v - alpha * d[k]!) <= 40);
}

/**
 * Whether the shared tab shows a mark of `colour` anywhere in a `size`-px square around (fx, fy)
 * of its window: what the person sharing sees, read from the tab's own screen.
 */
async function markOnPage(source: Page, colour: Rgb, fx: number, fy: number, size = 24): Promise<boolean> {
  const { w, h } = await source.evaluate(() => ({ w: innerWidth, h: innerHeight }));
  const clip = { x: Math.max(0, fx * w - size / 2), y: Math.max(0, fy * h - size / 2), width: size, height: size };
  const png = PNG.sync.read(Buffer.from(await source.screenshot({ clip, type: 'png' })));
  for (let i = 0; i < png.data.length; i += 4) {
    if (tinted([png.data[i]!, png.data[i + 1]!, png.data[i + 2]!], colour)) return true;
  }
  return false;
}

async function waitForMark(
  source: Page,
  colour: Rgb,
  fx: number,
  fy: number,
  present = true,
  timeoutMs = 5000,
  size = 24,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await markOnPage(source, colour, fx, fy, size)) === present) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `The mark of rgb(${colour.join(',')}) at (${fx}, ${fy}) is still ${present ? 'missing' : 'there'} after ${timeoutMs} ms.`,
  );
}

const inputEvents = (source: Page) =>
  source.evaluate(() => (window as unknown as { inputEvents: string[] }).inputEvents.slice());
const layout = (source: Page) =>
  source.evaluate(() => (window as unknown as { layout(): Record<string, number> }).layout());

describe('pointing in the shared tab', () => {
  it("a viewer's dot reaches another viewer's picture and the sharer's page; the page gets no input and does not move", async () => {
    const { source, link } = await sharePointingPage();
    const before = await layout(source);
    const pointer = await watcher(link);
    const other = await watcher(link);
    await turnPointOn(pointer);
    await moveOnPicture(pointer, 0.1, 0.1);

    // The other viewer watches its decoded frames at (0.25, 0.5) while the dot moves there.
    const seen = waitForColour(other, FIRST, 5000, [0.25, 0.5]);
    const moved = Date.now();
    await moveOnPicture(pointer, 0.25, 0.5);
    const latency = (await seen) - moved;
    console.log(`pointer → other viewer's decoded frame: ${latency} ms`);
    expect(latency).toBeLessThan(2000); // the benchmark measures it; 500 ms is the goal on loopback

    await waitForMark(source, FIRST, 0.25, 0.5);
    expect(await inputEvents(source)).toEqual([]);
    expect(await layout(source)).toEqual(before);
    const session = await readSession(rig.worker);
    expect(session.state === 'live' && session.viewers.find((v) => v.pointing)).toBeTruthy();

    // The viewer leaves: its dot goes with it. The share ends: the layer goes too.
    await moveOnPicture(other, 0.25, 0.5); // the other viewer needs no Point to be counted; it just watches
    await pointer.browserContext().close();
    await waitForMark(source, FIRST, 0.25, 0.5, false, 6000);
    expect(await source.evaluate(() => document.querySelectorAll('tabbeam-overlay').length)).toBe(1);
    await (await openPopup(rig.browser, rig.extensionId, source)).click('[data-testid="stop"]');
    await waitForSession(rig.worker, (s) => s.state === 'idle');
    await source.waitForFunction(() => document.querySelectorAll('tabbeam-overlay').length === 0, { timeout: 5000 });
  });

  it('a click makes a ripple that fades; a drag draws a stroke that fades after about 3 s', async () => {
    const { source, link } = await sharePointingPage();
    const pointer = await watcher(link);
    await turnPointOn(pointer);

    // The ripple spreads around the click, beyond the dot: look ~30 px to its right.
    await moveOnPicture(pointer, 0.7, 0.5);
    await waitForMark(source, FIRST, 0.7, 0.5);
    const { w } = await source.evaluate(() => ({ w: innerWidth }));
    const ring = 0.7 + 32 / w;
    expect(await markOnPage(source, FIRST, ring, 0.5, 12)).toBe(false); // the dot alone does not reach there
    await pointer.mouse.down();
    await pointer.mouse.up();
    await waitForMark(source, FIRST, ring, 0.5, true, 3000, 12);
    await waitForMark(source, FIRST, ring, 0.5, false, 3000, 12);

    // A stroke from (0.2, 0.3) to (0.6, 0.3), then the pointer away from it.
    await moveOnPicture(pointer, 0.2, 0.3);
    await pointer.mouse.down();
    await moveOnPicture(pointer, 0.6, 0.3, 20);
    await pointer.mouse.up();
    await moveOnPicture(pointer, 0.95, 0.95);
    await waitForMark(source, FIRST, 0.4, 0.3, true, 3000, 12);
    const drawnAt = Date.now();
    const faded = await waitForMark(source, FIRST, 0.4, 0.3, false, 6000, 12);
    console.log(`stroke faded ${Date.now() - drawnAt} ms after it was seen (${faded} ms of polling)`);
    expect(Date.now() - drawnAt).toBeGreaterThan(1500);
    expect(await inputEvents(source)).toEqual([]);
  });

  it("the sharer's switches: Let viewers point off removes every mark at once; one viewer switched off draws nothing", async () => {
    const { source, link } = await sharePointingPage();
    const first = await watcher(link);
    const second = await watcher(link);
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    await turnPointOn(first);
    await turnPointOn(second);
    await moveOnPicture(first, 0.25, 0.5);
    await moveOnPicture(second, 0.75, 0.5);
    await waitForMark(source, FIRST, 0.25, 0.5);
    await waitForMark(source, SECOND, 0.75, 0.5);
    await popup.waitForFunction(() => document.querySelectorAll('[data-testid="viewer-pointing"]').length === 2, {
      timeout: 5000,
    });

    await popup.click('[data-testid="let-viewers-point"]');
    await waitForSession(rig.worker, (s) => s.state === 'live' && !s.pointing);
    expect(await waitForMark(source, FIRST, 0.25, 0.5, false, 1000)).toBeLessThan(1000);
    expect(await markOnPage(source, SECOND, 0.75, 0.5)).toBe(false);
    // The viewers are told: Point turns off and explains.
    await first.waitForSelector('[data-testid="point-toggle"][aria-disabled="true"]');
    await moveOnPicture(first, 0.3, 0.5);
    await new Promise((r) => setTimeout(r, 500));
    expect(await markOnPage(source, FIRST, 0.3, 0.5)).toBe(false);

    await popup.click('[data-testid="let-viewers-point"]');
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.pointing);
    await turnPointOn(first);
    await turnPointOn(second);
    await moveOnPicture(first, 0.25, 0.5);
    await moveOnPicture(second, 0.75, 0.5);
    await waitForMark(source, FIRST, 0.25, 0.5);
    await waitForMark(source, SECOND, 0.75, 0.5);

    // Switch the first viewer off in the popup's list: its dot goes, the second's stays.
    const firstCode = await first.$eval('[data-testid="verification-code"]', (el) => el.textContent ?? '');
    const rows = await popup.$$eval('[data-testid="viewer"]', (lis) => lis.map((li) => li.textContent ?? ''));
    const index = rows.findIndex((text) => text.includes(firstCode));
    expect(index).toBeGreaterThanOrEqual(0);
    const toggles = await popup.$$('[data-testid="viewer-point"]');
    await toggles[index]!.click();
    await waitForMark(source, FIRST, 0.25, 0.5, false, 1000);
    await moveOnPicture(first, 0.35, 0.5);
    await moveOnPicture(second, 0.7, 0.5);
    await waitForMark(source, SECOND, 0.7, 0.5);
    expect(await markOnPage(source, FIRST, 0.35, 0.5)).toBe(false);
    await first.waitForSelector('[data-testid="point-toggle"][aria-disabled="true"]');
  });

  it('hostile input: a flood and malformed coordinates from a viewer, and a peer never let in, draw nothing extra; the others keep their frames', async () => {
    const { source, link } = await sharePointingPage();
    const calm = await watcher(link);
    // The flooding viewer keeps a handle on its data channel (the page's own, after the proof).
    const flooder = await channelKeepingViewer(rig.browser, link);
    await waitForViewerState(flooder, 'live');
    const fpsBefore = (await measureFrames(calm, 2000)).fps;

    // 10,000 valid points in one burst: at most 30 a second are drawn, the rest dropped.
    const flooding = measureFrames(calm, 2000);
    await flooder.evaluate(() => {
      const channel = (window as unknown as { channels: RTCDataChannel[] }).channels.find(
        (c) => c.readyState === 'open',
      )!;
      const encoder = new TextEncoder();
      for (let i = 0; i < 10_000; i++)
        channel.send(encoder.encode(JSON.stringify({ t: 'point', at: [0.5, (i % 100) / 100] })));
    });
    const fpsDuring = (await flooding).fps;
    console.log(`calm viewer: ${fpsBefore.toFixed(1)} fps before the flood, ${fpsDuring.toFixed(1)} during`);
    expect(fpsDuring).toBeGreaterThan(fpsBefore * 0.7); // 10 % is the goal; the machine is shared
    // The host hung up on the flood (admission.ts MESSAGE_RATE); the page comes back on a new connection.
    await flooder.waitForFunction(
      () => (window as unknown as { channels: RTCDataChannel[] }).channels[0]!.readyState !== 'open',
    );
    await flooder.waitForFunction(
      () => (window as unknown as { channels: RTCDataChannel[] }).channels.some((c) => c.readyState === 'open'),
      { timeout: 20_000 },
    );
    await waitForViewerState(flooder, 'live');
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 2, 10_000);

    // Malformed and out-of-range coordinates: the host hangs up on that viewer and draws nothing.
    await flooder.evaluate(() => {
      const channel = (window as unknown as { channels: RTCDataChannel[] }).channels.find(
        (c) => c.readyState === 'open',
      )!;
      channel.send(new TextEncoder().encode(JSON.stringify({ t: 'point', at: [4, -2] })));
    });
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 1, 10_000);

    // A peer that never proved the secret: its pointer messages go nowhere.
    const attacker = await attackerPage(rig.browser, rig.site.url);
    const hostId = new URL(link).hash.match(/id=([^&]+)/)![1]!;
    const sent = await attacker.evaluate(
      async (hostId, port) => {
        const { Peer } = (window as unknown as { peerjs: typeof PeerJs }).peerjs;
        const peer = new Peer({ host: '127.0.0.1', port, path: '/', secure: false, config: { iceServers: [] } });
        await new Promise((resolve) => peer.on('open', resolve));
        const conn = peer.connect(hostId, { serialization: 'json', reliable: true });
        await new Promise<void>((resolve) => conn.on('open', () => resolve()));
        for (let i = 0; i < 50; i++) void conn.send({ t: 'point', at: [0.9, 0.1] });
        return true;
      },
      hostId,
      rig.broker.port,
    );
    expect(sent).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    for (const colour of MARK_COLOURS) expect(await markOnPage(source, hexRgb(colour), 0.9, 0.1, 40)).toBe(false);
    expect(await inputEvents(source)).toEqual([]);
  });

  it('after the shared tab navigates, pointing works on the new page', async () => {
    const { source, link } = await sharePointingPage();
    const pointer = await watcher(link);
    await turnPointOn(pointer);
    await moveOnPicture(pointer, 0.25, 0.5);
    await waitForMark(source, FIRST, 0.25, 0.5);

    await source.goto(`${rig.site.url}demo/pointing.html?page=2`);
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.overlay === 'on');
    // The new page's overlay is in: Point, paused while the page loaded, is back on by itself.
    await pointer.waitForSelector('[data-testid="point-toggle"][aria-pressed="true"]:not([aria-disabled="true"])', {
      timeout: 10_000,
    });
    await moveOnPicture(pointer, 0.5, 0.5);
    await moveOnPicture(pointer, 0.6, 0.4);
    await waitForMark(source, FIRST, 0.6, 0.4, true, 8000);
  });
});
