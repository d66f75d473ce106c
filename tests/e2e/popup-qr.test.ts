// The popup as the person sharing sees it: the link as a QR code a phone can scan (decoded here
// from the popup's own pixels), buttons that say which viewer they act on, a Settings target big
// enough to hit, and a look of its own while paused.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openViewer, waitForSession } from '../../scripts/drive';
import { startRig, type Rig } from './fixture';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../dist/screenshots');

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

/** What a camera would read: the element's pixels on screen, decoded by a QR reader. */
async function scan(element: ElementHandle) {
  const png = PNG.sync.read(Buffer.from(await element.screenshot({ type: 'png' })));
  const code = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  const luma = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return 0.299 * png.data[i]! + 0.587 * png.data[i + 1]! + 0.114 * png.data[i + 2]!;
  };
  return { text: code?.data ?? null, width: png.width, height: png.height, corner: luma(2, 2) };
}

const statusColour = (popup: Page) => popup.$eval('[data-testid="status"]', (el) => getComputedStyle(el).color);

describe('popup', () => {
  it('shows the link as a QR code that decodes to exactly the link, dark on light in either theme', async () => {
    const { link, popup } = await rig.watched();
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    const qr = (await popup.waitForSelector('[data-testid="qr-code"]'))!;
    expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    const light = await scan(qr);
    expect(light.text).toBe(link);
    expect(Math.min(light.width, light.height)).toBeGreaterThanOrEqual(160);
    expect(light.corner).toBeGreaterThan(230); // the quiet zone is light

    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    expect(await popup.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    const dark = await scan(qr);
    expect(dark.text).toBe(link);
    expect(dark.corner).toBeGreaterThan(230);

    // The picture of the popup for docs/popup.png, in the light theme.
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await (await popup.$('main'))!.screenshot({ path: path.join(SCREENSHOTS, 'popup.png') });
  });

  it('names the viewer on every Remove button, and the Settings target is at least 44 px tall', async () => {
    const { link, popup } = await rig.watched();
    await openViewer(rig.browser, link);
    await popup.waitForFunction(() => document.querySelectorAll('[data-testid="kick"]').length === 2, {
      timeout: 15_000,
    });
    const rows = await popup.$$eval('[data-testid="viewer"]', (items) =>
      items.map((li) => ({
        code: li.querySelector('.code')!.textContent!,
        name: li.querySelector('[data-testid="kick"]')!.getAttribute('aria-label') ?? '',
      })),
    );
    for (const { code, name } of rows) expect(name).toContain(code);
    expect(rows[0]!.name).not.toBe(rows[1]!.name);
    // No two controls in the popup share an accessible name.
    const names = (await popup.accessibility.snapshot({ interestingOnly: true }))!;
    const buttons: string[] = [];
    const walk = (node: typeof names) => {
      if (node.role === 'button') buttons.push(node.name ?? '');
      node.children?.forEach(walk);
    };
    walk(names);
    expect(new Set(buttons).size).toBe(buttons.length);

    const settings = (await (await popup.$('[data-testid="open-settings"]'))!.boundingBox())!;
    expect(settings.height).toBeGreaterThanOrEqual(44);
    expect(settings.width).toBeGreaterThanOrEqual(44);
  });

  it('paused has its own colour, words and badge', async () => {
    const { source, viewer, popup } = await rig.watched();
    const live = {
      colour: await statusColour(popup),
      text: await popup.$eval('[data-testid="status"]', (el) => el.textContent),
    };
    expect(await rig.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).toEqual([217, 48, 37, 255]);

    await popup.click('[data-testid="pause"]');
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.paused);
    await popup.waitForSelector('[data-testid="paused-note"]');
    expect(await statusColour(popup)).not.toBe(live.colour);
    expect(await popup.$eval('[data-testid="status"]', (el) => el.textContent)).not.toBe(live.text);
    expect(await popup.$('[data-testid="status"] .dot')).toBeNull(); // not the red "live" dot
    expect(await rig.worker.evaluate(() => chrome.action.getBadgeBackgroundColor({}))).not.toEqual([217, 48, 37, 255]);

    // With nobody watching, the badge says paused rather than LIVE.
    await viewer.browserContext().close();
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 0, 10_000);
    const pausedBadge = await rig.worker.evaluate(() => chrome.action.getBadgeText({}));
    await popup.click('[data-testid="pause"]');
    await waitForSession(rig.worker, (s) => s.state === 'live' && !s.paused);
    await popup.waitForFunction(() => !document.querySelector('[data-testid="paused-note"]'));
    const liveBadge = await rig.worker.evaluate(() => chrome.action.getBadgeText({}));
    expect(pausedBadge).not.toBe(liveBadge);
    expect(await statusColour(popup)).toBe(live.colour);
    expect(source.isClosed()).toBe(false);
  });
});
