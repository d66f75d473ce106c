// TabBeam in Korean: in a Chromium whose language is Korean the popup, the settings page, the
// toolbar title and the notification of a new share speak Korean; a viewer whose browser prefers
// Korean watches in Korean; `?lang=en` in the viewer's address shows English whatever the browser.
//
// How a Chromium on Linux comes to speak Korean, as found on Debian's Chromium 156 headless:
// - The extension follows chrome.i18n.getUILanguage(), Chrome's own UI locale. On Linux that comes
//   from the environment (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG), not from --lang, and only for a
//   locale Chrome has a pack for (locales/ko.pak; Debian: apt-get install chromium-l10n). Without
//   the pack getUILanguage() stays en-US whatever is asked (--lang=ko then changes only which
//   _locales/ folder chrome.i18n.getMessage reads).
// - Pages follow --accept-lang: it sets navigator.languages, in every browser context (the viewer's).
// So the browser here gets LANGUAGE=ko, --lang=ko and --accept-lang=ko. The extension's checks need
// the Korean pack (.ci/run installs it): on a Chromium without it they fail, saying what to install.
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  openViewer,
  popupState,
  startShare,
  viewerState,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { startKoreanRig, type Rig } from './fixture';

const HANGUL = /[\uac00-\ud7a3]/;
const NO_KOREAN_UI =
  "this Chromium's UI language is not Korean (getUILanguage() = %s): it has no Korean locale pack — install it (Debian: apt-get install chromium-l10n; .ci/run does)";

let rig: Rig;
/** chrome.i18n.getUILanguage() in this browser: what the extension's language follows. */
let uiLanguage = '';

beforeAll(async () => {
  ({ rig, uiLanguage } = await startKoreanRig());
  console.log(`Korean browser: getUILanguage() ${uiLanguage}`);
});
afterEach(async () => rig.reset());
afterAll(async () => rig?.close());

const koreanUi = () => uiLanguage.toLowerCase().split(/[-_]/)[0] === 'ko';
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el as HTMLElement).innerText ?? el.textContent ?? '');

async function extensionPage(path: string): Promise<Page> {
  const page = await rig.browser.newPage();
  await page.goto(`chrome-extension://${rig.extensionId}/${path}`);
  return page;
}

describe('the extension in Korean', () => {
  it('the popup: its language, status and buttons, idle and live', async () => {
    expect(koreanUi(), NO_KOREAN_UI.replace('%s', uiLanguage)).toBe(true);
    const idle = await extensionPage('src/popup/index.html');
    await idle.waitForSelector('[data-testid="status"]');
    expect(await htmlLang(idle)).toBe('ko');
    expect(await popupState(idle)).toMatchObject({ state: 'idle', text: expect.stringMatching(HANGUL) });
    const buttons = await idle.$$eval('button', (all) => all.map((b) => b.textContent?.trim() ?? '').filter(Boolean));
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const label of buttons) expect(label, label).toMatch(HANGUL);
    await idle.close();

    const { source } = await rig.share();
    const popup = await rig.browser.newPage();
    await popup.goto(`chrome-extension://${rig.extensionId}/src/popup/index.html`);
    await popup.waitForSelector('[data-testid="status"][data-state="live"]');
    expect(await htmlLang(popup)).toBe('ko');
    expect((await popupState(popup)).text).toMatch(HANGUL);
    for (const testid of ['copy-link', 'pause', 'lock', 'stop'])
      expect(await textOf(popup, `[data-testid="${testid}"]`), testid).toMatch(HANGUL);
    expect(await popup.$eval('[data-testid="viewer-count"]', (el) => el.parentElement!.textContent)).toMatch(HANGUL); // "n people watching", the Korean way
    await popup.close();
    expect(source.isClosed()).toBe(false);
  });

  it('the toolbar title and the notification of a new share', async () => {
    expect(koreanUi(), NO_KOREAN_UI.replace('%s', uiLanguage)).toBe(true);
    // Headless Chromium shows no notification to read: record what the extension asks Chrome to show.
    const patched = await rig.worker.evaluate(`(() => {
      const api = chrome.notifications;
      const create = api.create;
      globalThis.__notifications = [];
      api.create = function (...args) {
        const options = args.find((a) => typeof a === 'object' && a !== null);
        if (options) globalThis.__notifications.push({ title: options.title, message: options.message });
        return create.apply(this, args);
      };
      return api.create !== create;
    })()`);
    expect(patched, 'chrome.notifications.create could not be wrapped in this service worker').toBe(true);
    await rig.share();
    await waitForSession(rig.worker, (s) => s.state === 'live');
    const title = await rig.worker.evaluate(() => chrome.action.getTitle({}));
    expect(title).toMatch(HANGUL);
    const notes = (await rig.worker.evaluate(`(async () => {
      for (let i = 0; i < 50 && globalThis.__notifications.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      return globalThis.__notifications;
    })()`)) as { title: string; message: string }[];
    expect(notes.length, 'the share going live asks for a notification').toBeGreaterThan(0);
    for (const { title, message } of notes) {
      expect(title).toMatch(HANGUL);
      expect(message).toMatch(HANGUL);
    }
  });

  it('the settings page: its language, labels, and an error under a field', async () => {
    expect(koreanUi(), NO_KOREAN_UI.replace('%s', uiLanguage)).toBe(true);
    const page = await extensionPage('src/options/index.html');
    await page.waitForSelector('input[name="port"]');
    expect(await htmlLang(page)).toBe('ko');
    expect(await textOf(page, 'button[type="submit"]')).toMatch(HANGUL);
    const labels = await page.$$eval('label', (all) => all.map((l) => l.textContent?.trim() ?? '').filter(Boolean));
    expect(labels.length).toBeGreaterThan(3);
    expect(labels.filter((l) => HANGUL.test(l)).length, labels.join(' | ')).toBe(labels.length);

    await page.click('[data-testid="advanced"] > summary'); // the broker is under Advanced
    await page.locator('input[name="port"]').fill('99999');
    await page.click('button[type="submit"]');
    expect(await textOf(page, '[data-field="broker"]')).toMatch(HANGUL);
    await page.close();
  });
});

describe('the viewer in a Korean browser', () => {
  it('watches in Korean: the page language, the status and the title', async () => {
    const { link } = await rig.share();
    const viewer = await openViewer(rig.browser, link);
    expect(await viewer.evaluate(() => navigator.languages[0])).toMatch(/^ko\b/); // the browser context prefers Korean
    const live = await waitForViewerState(viewer, 'live');
    expect(await htmlLang(viewer)).toBe('ko');
    expect(live.text).toMatch(HANGUL);
    expect(await viewer.title()).toMatch(HANGUL);
    expect(await textOf(viewer, '.bar')).toMatch(HANGUL);
  });

  it('a link that is not valid is explained in Korean', async () => {
    const viewer = await openViewer(rig.browser, `${rig.site.url}#not-a-share`);
    const { text } = await waitForViewerState(viewer, 'error', { problem: 'bad-link' });
    expect(await htmlLang(viewer)).toBe('ko');
    expect(text).toMatch(HANGUL);
  });

  it('?lang=en in the address shows English to a Korean browser', async () => {
    const source = await rig.openSource();
    const { link } = await startShare(rig.browser, rig.extensionId, rig.worker, source);
    const english = new URL(link);
    english.searchParams.set('lang', 'en');
    const viewer = await openViewer(rig.browser, english.href);
    expect(await viewer.evaluate(() => navigator.languages[0])).toMatch(/^ko\b/);
    const live = await waitForViewerState(viewer, 'live');
    expect(await htmlLang(viewer)).toBe('en');
    expect(live.text).not.toMatch(HANGUL);
    expect(live.text.trim().length).toBeGreaterThan(0);
    expect(await viewer.title()).not.toMatch(HANGUL);
    expect(await textOf(viewer, '.bar')).not.toMatch(HANGUL);
    // The same page without ?lang= follows the browser again.
    const korean = await openViewer(rig.browser, link);
    await waitForViewerState(korean, 'live');
    expect((await viewerState(korean)).text).toMatch(HANGUL);
  });
});

/**
 * What does not fit: horizontal scrolling of the page, and visible elements that clip text wider
 * than their box (cut off or ellipsised). Text fields scroll by design and are left out.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) out.push('page: ' + root.scrollWidth + ' > ' + root.clientWidth);
    for (const el of document.body.querySelectorAll('*')) {
      if (el.matches('input, textarea, select, svg, svg *, video, canvas') || !el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      // Text spilling from a visible-overflow box shows (and the page check catches it leaving the window); clipped text is lost.
      if (style.visibility === 'hidden' || (style.overflowX !== 'hidden' && style.overflowX !== 'clip')) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.push((el.dataset.testid || el.className || el.tagName) + ': ' + el.scrollWidth + ' > ' + el.clientWidth + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
    }
    return out;
  })()`) as Promise<string[]>;
}

describe('nothing overflows in Korean', () => {
  it('the real popup, live with a viewer, and the viewer on a 390×844 phone', async () => {
    expect(koreanUi(), NO_KOREAN_UI.replace('%s', uiLanguage)).toBe(true);
    const { link, popup } = await rig.watched();
    await popup.waitForSelector('[data-testid="status"][data-state="live"]');
    expect(await overflowing(popup)).toEqual([]);

    const phone = await openViewer(rig.browser, link);
    await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
    await waitForViewerState(phone, 'live');
    expect(await htmlLang(phone)).toBe('ko');
    await phone.tap('[data-testid="remote-video"]'); // the controls show
    expect(await overflowing(phone)).toEqual([]);
  });
});
