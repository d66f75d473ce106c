// Remote control with consent (issue 21): a viewer asks, the sharer allows it (popup, in-tab prompt)
// and the viewer's clicks, wheel and typing act in the shared tab: a plain input, a React-controlled
// one, a contenteditable, Korean through an input method, a nested scroller, a button. The sharer's
// own input, Esc twice or the banner take control back; a viewer without the grant, a forged
// message and a flood act on nothing, and the other viewers keep their frames.
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presetSettings } from '../../scripts/chromium';
import { measureFrames, openPopup, readSession, waitForPicture, waitForSession } from '../../scripts/drive';
import type { Session } from '../../src/shared/session';
import { baseSettings, startRig, type Rig } from './fixture';
import { channelKeepingViewer } from './hostile';
import { overlayBox } from './overlay-dom';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

type Live = Extract<Session, { state: 'live' }>;

const shareControlPage = () => rig.shareDemo('control.html');

/** A viewer watching, with a handle on its data channels (for the forged and flooding messages). */
async function watcher(link: string): Promise<Page> {
  const viewer = await channelKeepingViewer(rig.browser, link);
  await waitForPicture(viewer);
  return viewer;
}

/** Sends raw messages on a viewer's open data channel, as a modified page could. */
async function sendRaw(viewer: Page, messages: unknown[], times = 1): Promise<void> {
  await viewer.evaluate(
    (messages, times) => {
      const channel = (window as unknown as { channels: RTCDataChannel[] }).channels.find(
        (c) => c.readyState === 'open',
      )!;
      const encoder = new TextEncoder();
      for (let i = 0; i < times; i++) for (const m of messages) channel.send(encoder.encode(JSON.stringify(m)));
    },
    messages,
    times,
  );
}

const controlState = (viewer: Page) =>
  viewer.$eval('[data-testid="request-control"]', (b) => b.getAttribute('data-state'));
const waitForControl = (viewer: Page, state: string) =>
  viewer.waitForSelector(`[data-testid="request-control"][data-state="${state}"]`, { timeout: 10_000 });
const controlOf = (session: Session, state: 'asking' | 'controlling') =>
  session.state === 'live' && session.viewers.some((v) => v.control === state);

/** Where an element's centre is on the shared picture, as fractions of the viewport. */
async function placeOf(source: Page, selector: string, dx = 0.5): Promise<[number, number]> {
  return source.$eval(
    selector,
    (el, dx) => {
      const r = el.getBoundingClientRect();
      return [(r.left + r.width * dx) / innerWidth, (r.top + r.height / 2) / innerHeight] as [number, number];
    },
    dx,
  );
}

/** The viewer's mouse at that place of the picture. */
async function onPicture(viewer: Page, [fx, fy]: [number, number]): Promise<{ x: number; y: number }> {
  const r = await viewer.$eval('[data-testid="remote-video"]', (v) => {
    const b = v.getBoundingClientRect();
    return { left: b.left, top: b.top, width: b.width, height: b.height };
  });
  return { x: r.left + fx * r.width, y: r.top + fy * r.height };
}

async function clickOn(viewer: Page, source: Page, selector: string, dx = 0.5): Promise<void> {
  const { x, y } = await onPicture(viewer, await placeOf(source, selector, dx));
  await viewer.mouse.click(x, y);
}

const valueOf = (source: Page, selector: string) =>
  source.$eval(selector, (el) => ('value' in el && el.tagName !== 'BUTTON' ? String(el.value) : el.textContent));

/** Serious or critical accessibility violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxePuppeteer(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.join(' ')}`));
}

async function askAndAllowInPopup(viewer: Page, source: Page): Promise<void> {
  await viewer.click('[data-testid="request-control"]');
  await waitForControl(viewer, 'asking');
  await waitForSession(rig.worker, (s) => controlOf(s, 'asking'));
  const popup = await openPopup(rig.browser, rig.extensionId, source);
  await popup.locator('[data-testid="allow-control"]').click();
  await waitForControl(viewer, 'granted');
  await popup.close();
}

describe('remote control', () => {
  it("a viewer asks, the sharer allows it, and its input fills a form, scrolls a nested container and clicks a button; the sharer's own click takes control back", async () => {
    const { source, link } = await shareControlPage();
    const helper = await watcher(link);
    const other = await watcher(link);
    expect(await controlState(helper)).toBe('idle');

    // Asking shows in the popup, a notification and the tab's own prompt, each with the words.
    await helper.click('[data-testid="request-control"]');
    await waitForControl(helper, 'asking');
    const asked = (await waitForSession(rig.worker, (s) => controlOf(s, 'asking'))) as Live;
    const asker = asked.viewers.find((v) => v.control === 'asking')!;
    const notes = await rig.worker.evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(notes)).toContain(`control:${asker.id}`);
    expect(await overlayBox(source, 'overlay-allow-control')).not.toBeNull();
    // The popup's page in a tab of its own (Chrome closes a real popup that loses the focus, as
    // during an axe run); the second test answers in the real popup.
    const popup = await rig.browser.newPage();
    await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/index.html`);
    await popup.waitForSelector('[data-testid="allow-control"]');
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.click('[data-testid="allow-control"]');
    await waitForControl(helper, 'granted');
    await waitForControl(other, 'busy');
    expect(await seriousViolations(helper)).toEqual([]);
    await helper.waitForSelector('[data-testid="control-note"][data-why="granted"]');
    await popup.waitForSelector('[data-testid="take-back-control"]');
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
    await source.bringToFront();
    expect(await overlayBox(source, 'overlay-control-banner')).not.toBeNull();
    expect(await overlayBox(source, 'overlay-allow-control')).toBeNull();

    // A plain input, and Korean through the viewer's input method (composition, then commit).
    await clickOn(helper, source, '#text');
    await helper.keyboard.type('hello ');
    const cdp = await helper.createCDPSession();
    for (const text of ['ㅎ', '하', '한'])
      await cdp.send('Input.imeSetComposition', { text, selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.insertText', { text: '한' });
    await source.waitForFunction(() => (document.getElementById('text') as HTMLInputElement).value === 'hello 한');

    // A React-controlled input: React's own state follows.
    await clickOn(helper, source, '#react-input');
    await helper.keyboard.type('react ok');
    await helper.keyboard.press('Backspace');
    await source.waitForFunction(() => document.getElementById('react-state')!.textContent === 'react o');

    // A textarea with a new line, a contenteditable at the clicked place, a button.
    await clickOn(helper, source, '#textarea');
    await helper.keyboard.type('one');
    await helper.keyboard.press('Enter');
    await helper.keyboard.type('two');
    await source.waitForFunction(
      () => (document.getElementById('textarea') as HTMLTextAreaElement).value === 'one\ntwo',
    );
    // A paste from the viewer's clipboard goes in as text, line breaks and all.
    await helper.$eval('[data-testid="control-keys"]', (keys) => {
      const data = new DataTransfer();
      data.setData('text/plain', ' pasted\r\nthree');
      keys.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await source.waitForFunction(
      () => (document.getElementById('textarea') as HTMLTextAreaElement).value === 'one\ntwo pasted\nthree',
    );
    await clickOn(helper, source, '#editable p', 0.02);
    await helper.keyboard.type('Hi ');
    await source.waitForFunction(() => document.getElementById('editable')!.textContent!.includes('Hi'));
    await clickOn(helper, source, '#counter');
    await source.waitForFunction(() => document.getElementById('counter')!.textContent === 'Clicked 1');

    // The wheel over the nested container scrolls it, not the page.
    const nested = await onPicture(helper, await placeOf(source, '#nested'));
    await helper.mouse.move(nested.x, nested.y);
    await helper.mouse.wheel({ deltaY: 200 });
    await source.waitForFunction(() => document.getElementById('nested')!.scrollTop > 0);
    expect(await source.evaluate(() => scrollY)).toBe(0);
    // A finger dragged up over the page scrolls the page down, as on a phone.
    const blank = await onPicture(helper, [0.97, 0.6]);
    await helper.touchscreen.touchStart(blank.x, blank.y);
    for (let i = 1; i <= 5; i++) await helper.touchscreen.touchMove(blank.x, blank.y - i * 20);
    await helper.touchscreen.touchEnd();
    await source.waitForFunction(() => scrollY > 0);
    // Nothing the other viewer did acted: it holds no grant.
    expect(await source.evaluate(() => (window as unknown as { controlLog: string[] }).controlLog)).toEqual([]);

    // The sharer's own click takes control back at once (controlYieldsToSharer, on by default).
    await source.mouse.click(5, 5);
    await waitForControl(helper, 'idle');
    await helper.waitForSelector('[data-testid="control-note"][data-why="ended"]');
    await waitForControl(other, 'idle');
    const after = await readSession(rig.worker);
    expect(controlOf(after, 'controlling')).toBe(false);
    await helper.keyboard.type('late');
    await new Promise((r) => setTimeout(r, 500));
    expect(await valueOf(source, '#text')).toBe('hello 한');
  });

  it("with the sharer's input left alone, Esc twice and the banner take control back; the tab's prompt grants it; the viewer gives it back; a denied viewer waits out the cool-down; no forged message acts; a flood leaves the other viewer's frames", async () => {
    await presetSettings(rig.worker, { ...baseSettings(rig), controlYieldsToSharer: false });
    const { source, link } = await shareControlPage();
    const helper = await watcher(link);
    const calm = await watcher(link);

    // The tab's own prompt: a trusted click on Allow grants control.
    await helper.click('[data-testid="request-control"]');
    await waitForControl(helper, 'asking');
    let allow: Awaited<ReturnType<typeof overlayBox>> = null;
    for (let i = 0; i < 50 && !allow; i++) {
      allow = await overlayBox(source, 'overlay-allow-control');
      if (!allow) await new Promise((r) => setTimeout(r, 100));
    }
    await source.mouse.click(allow!.centre.x, allow!.centre.y);
    await waitForControl(helper, 'granted');

    // The sharer's click does not take it back now; Esc pressed twice does.
    await source.mouse.click(5, 5);
    await clickOn(helper, source, '#counter');
    await source.waitForFunction(() => document.getElementById('counter')!.textContent === 'Clicked 1');
    expect(await controlState(helper)).toBe('granted');
    await source.keyboard.press('Escape');
    await source.keyboard.press('Escape');
    await waitForControl(helper, 'idle');

    // The viewer gives it back itself (Stop controlling).
    await askAndAllowInPopup(helper, source);
    await helper.click('[data-testid="request-control"]');
    await waitForControl(helper, 'idle');

    // Deny: the viewer is told, and cannot ask again at once.
    await helper.click('[data-testid="request-control"]');
    await waitForSession(rig.worker, (s) => controlOf(s, 'asking'));
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    await popup.locator('[data-testid="deny-control"]').click();
    await waitForControl(helper, 'denied');
    await helper.waitForSelector('[data-testid="control-note"][data-why="denied"]');
    await popup.close();
    await helper.click('[data-testid="request-control"]');
    await new Promise((r) => setTimeout(r, 300));
    expect(await controlState(helper)).toBe('denied');
    await waitForControl(helper, 'idle'); // after the cool-down (10 s)

    // The banner takes it back too.
    await askAndAllowInPopup(helper, source);
    const banner = (await overlayBox(source, 'overlay-control-banner'))!;
    await source.mouse.click(banner.centre.x, banner.centre.y);
    await waitForControl(helper, 'idle');

    // A viewer without the grant sends input as a modified page could; a forged grant from the wire
    // is no message a host accepts from a viewer (its connection is closed). Nothing acts.
    const counter = await placeOf(source, '#counter');
    await sendRaw(calm, [{ t: 'input', input: { k: 'click', at: counter, n: 1 } }], 5);
    const dropped = await rig.worker.evaluate(async () => {
      const reply = (await chrome.runtime.sendMessage({
        to: 'offscreen',
        type: 'host/control-stats',
        payload: {},
      })) as {
        value: { dropped: number };
      };
      return reply.value.dropped;
    });
    expect(dropped).toBeGreaterThanOrEqual(5);
    await sendRaw(calm, [{ t: 'control-answer', viewer: 'x', allow: true }]);
    await calm.waitForFunction(
      () => !(window as unknown as { channels: RTCDataChannel[] }).channels.some((c) => c.readyState === 'open'),
    );
    expect(await valueOf(source, '#counter')).toBe('Clicked 1');

    // A flood of 10,000 clicks from the controlling viewer: its rates let a few through, the host
    // hangs up on the rest (admission.ts MESSAGE_RATE), and the other viewer keeps its frames.
    await askAndAllowInPopup(helper, source);
    const watcherAgain = await watcher(link);
    const before = (await measureFrames(watcherAgain, 2000)).fps;
    const during = measureFrames(watcherAgain, 2000);
    await sendRaw(helper, [{ t: 'input', input: { k: 'click', at: counter, n: 1 } }], 10_000);
    const fps = (await during).fps;
    console.log(`other viewer: ${before.toFixed(1)} fps before the flood, ${fps.toFixed(1)} during`);
    expect(fps).toBeGreaterThan(before * 0.7); // within noise is the goal; the machine is shared
    const clicks = Number((await valueOf(source, '#counter'))!.replace(/\D/g, '')) - 1;
    expect(clicks).toBeGreaterThan(0);
    expect(clicks).toBeLessThanOrEqual(40); // CLICK_RATE's burst, and what refills before the hang-up
    // Hung up: control ended with its connection; the page comes back watching, without control.
    await waitForSession(rig.worker, (s) => s.state === 'live' && !controlOf(s, 'controlling'));
  });
});
