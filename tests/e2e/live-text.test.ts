// The live text layer (issue 21): a viewer reads the shared tab's visible words as selectable text
// over the picture, exactly where the page draws them, copies them, finds them, and opens a link
// after seeing its address. Form fields, hidden and marked elements, and what is outside the
// viewport never reach it; the sharer's switch in the popup takes the text away and back.
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presetSettings } from '../../scripts/chromium';
import { openPopup, openViewer, waitForPicture, waitForSession } from '../../scripts/drive';
import { baseSettings, startRig, type Rig } from './fixture';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

const SECRETS = [
  'visible-user-value',
  'hunter2-secret',
  'textarea-draft-secret',
  'option-secret',
  'sk-hidden-by-attribute',
  'display-none-secret',
  'visibility-hidden-secret',
  'editor-draft-secret',
  'transparent-secret',
  'masked-secret',
  'sr-only-secret',
];

const shareTextPage = () => rig.shareDemo('text.html');

async function watcher(link: string): Promise<Page> {
  const viewer = await openViewer(rig.browser, link);
  await waitForPicture(viewer);
  return viewer;
}

const layerText = (viewer: Page) =>
  viewer.evaluate(() => document.querySelector('[data-testid="text-layer"]')?.textContent ?? null);

async function waitForLayerText(viewer: Page, words: string, present = true): Promise<void> {
  await viewer.waitForFunction(
    (words, present) =>
      (document.querySelector('[data-testid="text-layer"]')?.textContent ?? '').includes(words) === present,
    { timeout: 10_000 },
    words,
    present,
  );
}

/** Where the source page draws `selector`'s text, as fractions of its viewport: the left edge and the middle. */
const sourceBox = (source: Page, selector: string) =>
  source.$eval(selector, (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    return { x: r.left / innerWidth, right: r.right / innerWidth, y: (r.top + r.height / 2) / innerHeight };
  });

/** The same of the layer's run holding `words`, as fractions of the picture on the viewer's screen, and the picture's size there. */
const layerBox = (viewer: Page, words: string) =>
  viewer.evaluate((words) => {
    const run = [...document.querySelectorAll('[data-testid="text-layer"] > *')].find((el) =>
      el.textContent?.includes(words),
    );
    const video = document.querySelector('video')!.getBoundingClientRect();
    const r = run?.getBoundingClientRect();
    if (!r) return null;
    return {
      x: (r.left - video.left) / video.width,
      right: (r.right - video.left) / video.width,
      y: (r.top + r.height / 2 - video.top) / video.height,
      width: video.width,
      height: video.height,
    };
  }, words);

/** The run lies on the page's glyphs within 2 CSS px of the viewer's screen: its left and right edges and its middle. */
async function expectAligned(source: Page, viewer: Page, selector: string, words: string) {
  const want = await sourceBox(source, selector);
  const got = await layerBox(viewer, words);
  expect(got, `no run with "${words}" in the layer`).not.toBeNull();
  const off = {
    left: Math.abs(got!.x - want.x) * got!.width,
    right: Math.abs(got!.right - want.right) * got!.width,
    middle: Math.abs(got!.y - want.y) * got!.height,
  };
  for (const [edge, px] of Object.entries(off))
    expect(px, `"${words}" ${edge} is ${px.toFixed(2)} px off, at a picture ${got!.width} px wide`).toBeLessThanOrEqual(
      2,
    );
}

/** A viewer whose page records every data-channel message it receives (the wire, not the UI). */
async function wiretappedWatcher(link: string): Promise<Page> {
  const context = await rig.browser.createBrowserContext();
  const viewer = await context.newPage();
  await viewer.evaluateOnNewDocument(() => {
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    const create = RTCPeerConnection.prototype.createDataChannel;
    RTCPeerConnection.prototype.createDataChannel = function (...args) {
      const channel = create.apply(this, args);
      channel.addEventListener('message', (e: MessageEvent) =>
        heard.push(typeof e.data === 'string' ? e.data : new TextDecoder().decode(e.data as ArrayBuffer)),
      );
      return channel;
    };
  });
  await viewer.goto(link);
  await waitForPicture(viewer);
  return viewer;
}

describe('live text layer', () => {
  it('lays the visible words on the picture within 2 px, at fit, zoomed 2× and scrolled; no secret on the wire; Read the page says what changed', async () => {
    const { source, link } = await shareTextPage();
    const viewer = await wiretappedWatcher(link);
    await waitForLayerText(viewer, 'Release checklist');
    const text = (await layerText(viewer))!;
    expect(text).toContain('Run npm ci before the build, then check the error log.');
    expect(text).toContain('배포 전에 오류 메시지를 확인하세요.');
    expect(text).toContain('deployment guide');
    expect(text).not.toContain('Below the fold'); // outside the viewport
    const heard = await viewer.evaluate(() => (window as unknown as { heard: string[] }).heard.join('\n'));
    expect(heard).toContain('Release checklist'); // the tap hears the text messages
    for (const secret of SECRETS) {
      expect(text).not.toContain(secret);
      expect(heard).not.toContain(secret);
    }

    await expectAligned(source, viewer, '#title', 'Release checklist');
    await expectAligned(source, viewer, '#command', 'Run npm ci');
    // Zoomed in three steps (1.25³ ≈ 2×) and panned: the layer moves with the picture.
    for (const key of ['+', '+', '+', 'ArrowRight'] as const) await viewer.keyboard.press(key);
    await new Promise((r) => setTimeout(r, 300));
    const zoomed = await viewer.$eval(
      'video',
      (v) => v.getBoundingClientRect().width / (v as HTMLVideoElement).offsetWidth,
    );
    expect(zoomed).toBeCloseTo(1.25 ** 3, 2);
    await expectAligned(source, viewer, '#command', 'Run npm ci');
    await viewer.keyboard.press('0'); // fit again

    // The browser's own find-in-page finds the words, in Korean too.
    const find = (words: string) =>
      viewer.evaluate((words) => (window as unknown as { find(s: string): boolean }).find(words), words);
    expect(await find('error log')).toBe(true);
    expect(await find('오류 메시지')).toBe(true);

    // Read the page: a screen reader hears what changed in the page's text.
    await viewer.click('[data-testid="read-page"]');
    expect(await viewer.$eval('[data-testid="read-page"]', (el) => el.getAttribute('aria-pressed'))).toBe('true');
    await source.evaluate(() => void (document.getElementById('command')!.textContent = 'Deploy finished cleanly.'));
    await viewer.waitForFunction(
      () => document.querySelector('[data-testid="page-changes"]')?.textContent?.includes('Deploy finished cleanly.'),
      { timeout: 10_000 },
    );
    expect(await viewer.$eval('[data-testid="page-changes"]', (el) => el.getAttribute('aria-live'))).toBe('polite');

    // Scrolling the shared page brings the words below the fold, aligned, and takes the top ones away.
    await source.evaluate(() => document.getElementById('far')!.scrollIntoView({ block: 'center' }));
    await waitForLayerText(viewer, 'Below the fold');
    await waitForLayerText(viewer, 'Release checklist', false);
    await expectAligned(source, viewer, '#far', 'Below the fold');
  });

  it('a drag selects words; Copy text copies them all; a link opens only after its address is shown', async () => {
    const { link } = await shareTextPage();
    const viewer = await watcher(link);
    await viewer
      .browserContext()
      .overridePermissions(new URL(link).origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await waitForLayerText(viewer, 'deployment guide');

    // A mouse drag across the words selects them, as on a page.
    const run = await viewer.evaluate(() => {
      const span = [...document.querySelectorAll('[data-testid="text-layer"] > span')].find((el) =>
        el.textContent?.startsWith('Run npm ci'),
      )!;
      const r = span.getBoundingClientRect();
      return { x: r.left, y: r.top + r.height / 2, right: r.right };
    });
    await viewer.mouse.move(run.x + 1, run.y);
    await viewer.mouse.down();
    await viewer.mouse.move(run.right - 1, run.y, { steps: 5 });
    await viewer.mouse.up();
    expect(await viewer.evaluate(() => getSelection()?.toString())).toContain('npm ci before the build');

    await viewer.click('[data-testid="copy-text"]');
    await viewer.waitForSelector('[data-testid="text-note"][data-why="copied"]');
    const copied = await viewer.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Release checklist\nRun npm ci before the build/);
    for (const secret of SECRETS) expect(copied).not.toContain(secret);

    const opened: string[] = [];
    rig.browser.on('targetcreated', (target) => opened.push(target.url()));
    // No href to follow: a middle click or the context menu cannot skip the confirmation.
    expect(await viewer.$eval('[data-testid="text-layer"] [role="link"]', (el) => el.getAttribute('href'))).toBeNull();
    await viewer.click('[data-testid="text-layer"] [role="link"]');
    const address = await viewer.waitForSelector('[data-testid="link-address"]');
    expect(await address!.evaluate((el) => el.textContent)).toBe('https://docs.example.com/guide?step=2');
    await viewer.click('[data-testid="cancel-link"]');
    await viewer.waitForSelector('[data-testid="link-confirm"]', { hidden: true });
    expect(opened.filter((url) => url.includes('docs.example.com'))).toEqual([]);
  });

  it("the sharer's switch takes the text away from viewers and gives it back", async () => {
    const { source, link } = await shareTextPage();
    const viewer = await watcher(link);
    await waitForLayerText(viewer, 'Release checklist');
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    const copySwitch = '[data-testid="let-viewers-copy"]';
    expect(await popup.$eval(copySwitch, (el) => (el as HTMLInputElement).checked)).toBe(true);

    await popup.click(copySwitch);
    await waitForSession(rig.worker, (s) => s.state === 'live' && !s.copying);
    await viewer.waitForSelector('[data-testid="text-layer"]', { hidden: true });
    await viewer.click('[data-testid="copy-text"]');
    await viewer.waitForSelector('[data-testid="text-note"][data-why="off"]');

    await popup.click(copySwitch);
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.copying);
    await waitForLayerText(viewer, 'Release checklist');
  });

  it('Settings → liveText off: a share starts without the text, and says so to a viewer who asks', async () => {
    await presetSettings(rig.worker, { ...baseSettings(rig), liveText: false });
    const { source, link } = await shareTextPage();
    const viewer = await watcher(link);
    await viewer.click('[data-testid="copy-text"]');
    await viewer.waitForSelector('[data-testid="text-note"][data-why="off"]');
    expect(await viewer.$('[data-testid="text-layer"]')).toBeNull();
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    expect(await popup.$eval('[data-testid="let-viewers-copy"]', (el) => (el as HTMLInputElement).checked)).toBe(false);
  });

  it("a screen reader meets the page's words in reading order, named in the viewer's language", async () => {
    const { link } = await shareTextPage();
    for (const [language, name] of [
      ['en', 'Text of the shared page'],
      ['ko', '공유된 페이지의 글자'],
    ] as const) {
      const url = new URL(link);
      url.searchParams.set('lang', language);
      const viewer = await watcher(url.href);
      await waitForLayerText(viewer, 'Release checklist');
      const layer = await viewer.$('[data-testid="text-layer"]');
      const tree = await viewer.accessibility.snapshot({ root: layer!, interestingOnly: false });
      expect(tree?.name).toBe(name);
      const heard: string[] = [];
      const walk = (node: typeof tree) => {
        if (!node) return;
        if (node.role === 'StaticText' && node.name) heard.push(node.name);
        node.children?.forEach(walk);
      };
      walk(tree);
      const spoken = heard.join(' ');
      const order = ['Release checklist', 'Run npm ci', '배포 전에', 'deployment guide'].map((words) =>
        spoken.indexOf(words),
      );
      expect(
        order.every((at) => at >= 0),
        spoken,
      ).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      await viewer.browserContext().close();
    }
  });
});
