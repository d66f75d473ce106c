// Accessibility (issue 13). axe-core (WCAG 2.0 and 2.1, A and AA) finds nothing serious or
// critical on the popup, the settings page and the viewer, in every state a test can reach, in
// English and Korean, light and dark. The settings page ties each error to its field and moves
// focus there after a failed Save. From the top of the popup and of the viewer, Tab reaches every
// control, and each one shows a focus ring.
//
// Korean: the viewer follows ?lang=ko; the extension's pages follow Chrome's UI language, so they
// get a second browser launched the way korean.test.ts launches one (which needs Chromium's Korean
// locale pack, as there: without it that test fails, saying what to install).
import { AxePuppeteer } from '@axe-core/puppeteer';
import net from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presetSettings } from '../../scripts/chromium';
import {
  clickToolbar,
  openViewer,
  waitForSession,
  waitForViewerState,
  type PopupStateKind,
  type ViewerStateKind,
  type ViewerStateWait,
} from '../../scripts/drive';
import { buildShareLink, parseShareLink } from '../../src/shared/share-link';
import { randomToken } from '../../src/shared/random-id';
import { baseSettings, startKoreanRig, startRig, type Rig } from './fixture';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCHEMES = ['light', 'dark'] as const;
const LANGUAGES = ['en', 'ko'] as const;
type Language = (typeof LANGUAGES)[number];

let rig: Rig;
/** A browser whose UI language is Korean (given the locale pack), for the extension's pages. */
let korean: Rig | undefined;
let koreanUi = '';
/** How many times axe ran, and what it found that is neither serious nor critical (reported, not failed). */
let audits = 0;
const lesser = new Set<string>();

beforeAll(async () => {
  rig = await startRig();
  ({ rig: korean, uiLanguage: koreanUi } = await startKoreanRig());
}, 90_000);
afterEach(async () => {
  await rig.reset();
  await korean?.reset();
});
afterAll(async () => {
  console.log(
    `axe ran ${audits} times; moderate or minor findings: ${lesser.size === 0 ? 'none' : `\n${[...lesser].join('\n')}`}`,
  );
  await rig?.close();
  await korean?.close();
});

const NO_KOREAN_UI = (language: string) =>
  `this Chromium's UI language is not Korean (getUILanguage() = ${language}): it has no Korean locale pack — install it (Debian: apt-get install chromium-l10n; .ci/run does)`;

/** Every serious or critical violation on the page as it is now, one line per element. */
async function audit(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxePuppeteer(page).withTags(TAGS).analyze();
  audits++;
  for (const v of violations)
    if (v.impact !== 'serious' && v.impact !== 'critical')
      for (const node of v.nodes) lesser.add(`${v.id} (${v.impact}) at ${node.target.join(' ')}: ${v.help}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `${where}: ${v.id} (${v.impact}) at ${node.target.join(' ')} — ${(node.failureSummary ?? v.help).replace(/\s+/g, ' ').trim()}`,
      ),
    );
}

/** The page in light, then dark: what axe finds in either. Keeps the page's language honest too. */
async function auditThemes(page: Page, where: string, language?: Language): Promise<string[]> {
  const found: string[] = [];
  if (language) {
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== language) found.push(`${where}: the page's language is "${lang}", not ${language}`);
  }
  for (const scheme of SCHEMES) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await hoverBar(page); // the viewer's controls fade while the picture plays, unless the pointer is on them
    // axe takes the background from the elements: a page that leaves it to the browser's dark
    // canvas (color-scheme) would have its text judged against white (what light mode shows).
    const painted = await page.evaluate(() =>
      [document.documentElement, document.body].some(
        (el) => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)',
      ),
    );
    if (scheme === 'dark' && !painted)
      found.push(
        `${where} [${scheme}]: neither <html> nor <body> has a background of its own, so axe cannot judge contrast`,
      );
    found.push(...(await audit(page, `${where} [${scheme}]`)));
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  return found;
}

async function hoverBar(page: Page): Promise<void> {
  const bar = await page.$('.viewer .bar');
  const box = await bar?.boundingBox();
  if (box) await page.mouse.move(box.x + 4, box.y + box.height / 2);
}

function expectNone(found: string[]) {
  expect(found, `axe found serious or critical violations:\n${found.join('\n')}`).toEqual([]);
}

const withLanguage = (link: string, language: Language) => {
  const url = new URL(link);
  url.searchParams.set('lang', language);
  return url.href;
};

/** The same link opened in English and in Korean (?lang=), each in a browser context of its own. */
async function openBoth(on: Rig, link: string): Promise<Record<Language, Page>> {
  const [en, ko] = await Promise.all(LANGUAGES.map((language) => openViewer(on.browser, withLanguage(link, language))));
  return { en: en!, ko: ko! };
}

async function waitBoth(
  viewers: Record<Language, Page>,
  state: ViewerStateKind,
  wait: ViewerStateWait = {},
): Promise<Record<Language, Page>> {
  await Promise.all(LANGUAGES.map((language) => waitForViewerState(viewers[language], state, wait)));
  return viewers;
}

/** Both languages' pages at once (each page's light and dark one after the other). */
async function auditViewers(viewers: Record<Language, Page>, what: string): Promise<string[]> {
  const found = await Promise.all(
    LANGUAGES.map((language) => auditThemes(viewers[language], `viewer ${what} (${language})`, language)),
  );
  return found.flat();
}

async function extensionPage(on: Rig, path: string, ready: string): Promise<Page> {
  const page = await on.browser.newPage();
  await page.goto(`chrome-extension://${on.extensionId}/${path}`);
  await page.waitForSelector(ready);
  return page;
}

/**
 * The popup's page in a tab, showing `state`. The real popup closes whenever it loses focus, which
 * opening viewers and auditing other pages make it do: only the keyboard walk uses it.
 */
const popupTab = (on: Rig, state: PopupStateKind) =>
  extensionPage(on, 'src/popup/index.html', `[data-testid="status"][data-state="${state}"]`);

/** The popup on a failed share: settings that are not valid (a Settings button comes with it). */
async function popupInError(on: Rig): Promise<Page> {
  await presetSettings(on.worker, { iceServers: [{ urls: ['http://not-ice'] }] });
  const source = await on.openSource();
  await clickToolbar(on.browser, on.extensionId, source);
  await waitForSession(on.worker, (s) => s.state === 'error');
  const popup = await popupTab(on, 'error');
  await presetSettings(on.worker, baseSettings(on));
  return popup;
}

/** Fills a field as typing would, also to empty. */
async function fill(page: Page, selector: string, value: string) {
  await page.$eval(
    selector,
    (el, value) => {
      (el as HTMLInputElement).value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** Waits until the broker's port field shows, or not (puppeteer's `visible` counts a closed <details>' content as visible). */
const portShown = (page: Page, shown: boolean) =>
  page.waitForFunction(
    (shown) => document.querySelector('input[name="port"]')?.checkVisibility() === shown,
    { timeout: 5000 },
    shown,
  );

/**
 * The settings page after a Save with a wrong viewer limit (a field near the top) and a wrong broker
 * port (in Advanced, closed again before saving); checks that focus went to the first wrong field,
 * that Advanced opened itself, and that each error is tied to its field.
 */
async function failedSave(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const advanced = await page.$('details[data-testid="advanced"]');
  if (!advanced) return ['settings: no Advanced <details data-testid="advanced">'];
  if (await advanced.evaluate((d) => (d as HTMLDetailsElement).open))
    problems.push('settings: Advanced is open before anything is wrong');
  // Opened and closed with the keyboard, as a summary should be.
  await page.focus('details[data-testid="advanced"] > summary');
  await page.keyboard.press('Enter');
  await portShown(page, true);
  await fill(page, 'input[name="port"]', '99999');
  await page.focus('details[data-testid="advanced"] > summary');
  await page.keyboard.press('Space'); // closed again: the error must open it
  await portShown(page, false);
  await fill(page, 'input[name="maxViewers"]', '0');
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-field="broker"]');
  await page
    .waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true', { timeout: 2000 })
    .catch(() => undefined);
  const state = await page.evaluate(() => {
    const errors = [...document.querySelectorAll<HTMLElement>('[data-field]')].map((error) => {
      const fields = [...document.querySelectorAll<HTMLElement>('[aria-describedby]')].filter((f) =>
        f.getAttribute('aria-describedby')!.split(/\s+/).includes(error.id),
      );
      return {
        field: error.dataset.field,
        id: error.id,
        tiedTo: fields.map((f) => ({ name: f.getAttribute('name'), invalid: f.getAttribute('aria-invalid') })),
      };
    });
    const active = document.activeElement as HTMLElement | null;
    const firstInvalid = document.querySelector('[aria-invalid="true"]');
    return {
      errors,
      focused: active?.getAttribute('name') ?? active?.tagName ?? null,
      focusIsFirstInvalid: !!firstInvalid && active === firstInvalid,
      advancedOpen: document.querySelector<HTMLDetailsElement>('details[data-testid="advanced"]')!.open,
    };
  });
  if (!state.advancedOpen) problems.push('settings: Advanced did not open itself for the wrong port');
  if (state.focused !== 'maxViewers' || !state.focusIsFirstInvalid)
    problems.push(
      `settings: focus is on ${state.focused} after the failed Save, not on the first wrong field (maxViewers)`,
    );
  const fields = state.errors.map((e) => e.field).sort();
  if (fields.join() !== 'broker,maxViewers')
    problems.push(`settings: errors for ${fields.join()}, not broker,maxViewers`);
  for (const error of state.errors) {
    if (!error.id) problems.push(`settings: the ${error.field} error has no id`);
    else if (error.tiedTo.length === 0) problems.push(`settings: no field is described by the ${error.field} error`);
    for (const field of error.tiedTo)
      if (field.invalid !== 'true')
        problems.push(`settings: ${field.name} is described by the ${error.field} error but not aria-invalid`);
  }
  const port = state.errors.find((e) => e.field === 'broker');
  if (port && !port.tiedTo.some((f) => f.name === 'port'))
    problems.push(`settings: the broker error describes ${port.tiedTo.map((f) => f.name).join()}, not the port`);
  return problems;
}

/** The wrong fields put right, and saved: "Saved" shows. */
async function fixAndSave(on: Rig, page: Page) {
  await fill(page, 'input[name="port"]', String(on.broker.port));
  await fill(page, 'input[name="maxViewers"]', '10');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.saved');
}

/** A TCP port that accepts and never answers: a broker that keeps the viewer "connecting". */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('axe: nothing serious or critical', () => {
  it('the popup, idle and after a failed share; the settings page, fresh, after a failed Save and saved (English)', async () => {
    const found: string[] = [];
    const idle = await popupTab(rig, 'idle');
    found.push(...(await auditThemes(idle, 'popup idle', 'en')));
    await idle.close();
    const error = await popupInError(rig);
    found.push(...(await auditThemes(error, 'popup error', 'en')));
    await error.close();

    const settings = await extensionPage(rig, 'src/options/index.html', 'input[name="maxViewers"]');
    found.push(...(await auditThemes(settings, 'settings', 'en')));
    found.push(...(await failedSave(settings)));
    found.push(...(await auditThemes(settings, 'settings after a failed Save', 'en')));
    await fixAndSave(rig, settings);
    found.push(...(await auditThemes(settings, 'settings saved', 'en')));
    expectNone(found);
  });

  it('the viewer before it watches: connecting, a share not found, a bad link, a wrong secret (English and Korean)', async () => {
    // All at once: a share not found takes seconds to say so.
    const silent = await silentServer();
    const sharing = rig.share();
    const token = () => randomToken();
    const [connecting, unknown, bad] = await Promise.all([
      openBoth(
        rig,
        buildShareLink(rig.site.url, {
          peerId: token(),
          secret: token(),
          broker: { ...rig.broker.settings, port: silent.port },
          iceServers: [],
        }),
      ),
      openBoth(
        rig,
        buildShareLink(rig.site.url, { peerId: token(), secret: token(), broker: rig.broker.settings, iceServers: [] }),
      ),
      openBoth(rig, `${rig.site.url}#id=bad`),
    ]);
    const found: string[] = [];
    try {
      // The silent broker keeps them connecting for 10 s (STEP_TIMEOUT_MS), then they give up.
      found.push(...(await auditViewers(await waitBoth(connecting, 'connecting'), 'connecting')));
    } finally {
      await silent.close();
    }
    found.push(...(await auditViewers(await waitBoth(bad, 'error', { problem: 'bad-link' }), 'bad link')));
    found.push(...(await auditViewers(await waitBoth(unknown, 'error', { problem: 'not-found' }), 'not found')));

    const { link } = await sharing;
    const parsed = parseShareLink(new URL(link).hash);
    if (!parsed.ok) throw new Error(`not a share link: ${link}`);
    const guess = buildShareLink(rig.site.url, { ...parsed.target, secret: token() });
    found.push(
      ...(await auditViewers(
        await waitBoth(await openBoth(rig, guess), 'error', { problem: 'denied' }),
        'wrong secret',
      )),
    );
    expectNone(found);
    // Eight pages, 16 audits and a 10 s wait for the silent broker: 40–45 s on a quiet machine, and
    // about 1.6 times that beside a one-core hog (bench/suite-beside-hog.ts), past the default 60 s.
  }, 120_000);

  it('waiting to be let in: the viewer (English and Korean) and the popup asking', async () => {
    await presetSettings(rig.worker, { askToJoin: true });
    const { link } = await rig.share();
    const viewers = await waitBoth(await openBoth(rig, link), 'waiting');
    const found = await auditViewers(viewers, 'waiting');
    await waitForSession(
      rig.worker,
      (s) => s.state === 'live' && s.viewers.filter((v) => v.state === 'waiting').length === 2,
    );
    const popup = await popupTab(rig, 'live');
    await popup.waitForSelector('[data-testid="admit"]');
    found.push(...(await auditThemes(popup, 'popup with viewers waiting', 'en')));
    expectNone(found);
  });

  it('the popup saying the media server could not be reached', async () => {
    await presetSettings(rig.worker, { mediaServer: { url: 'ws://127.0.0.1:9/', apiSecret: 'secret', threshold: 0 } });
    await rig.watched();
    const popup = await popupTab(rig, 'live');
    await popup.waitForSelector('[data-testid="media-server-warning"]', { timeout: 15_000 });
    expectNone(await auditThemes(popup, 'popup with the media server unreachable', 'en'));
  });

  // 18 axe runs (three states; the popup and two viewers playing video; light and dark) on 2 cores:
  // 35-38 s on a quiet day, 62 s in a clean-clone run beside other jobs (2026-12-07), past the
  // default 60 s. The budget follows the work; a hang still fails it.
  it('live, paused and ended: the popup and the viewer (English and Korean)', { timeout: 150_000 }, async () => {
    const { link, viewer } = await rig.watched();
    const ko = await openViewer(rig.browser, withLanguage(link, 'ko'));
    await waitForViewerState(ko, 'live');
    const viewers = { en: viewer, ko };
    const popup = await popupTab(rig, 'live');
    const found = await auditThemes(popup, 'popup live', 'en');
    found.push(...(await auditViewers(viewers, 'live')));

    await popup.click('[data-testid="pause"]');
    await Promise.all(Object.values(viewers).map((page) => waitForViewerState(page, 'live', { paused: true })));
    await popup.waitForSelector('[data-testid="paused-note"]');
    found.push(...(await auditThemes(popup, 'popup paused', 'en')));
    found.push(...(await auditViewers(viewers, 'paused')));

    await popup.click('[data-testid="stop"]');
    await Promise.all(Object.values(viewers).map((page) => waitForViewerState(page, 'ended')));
    found.push(...(await auditViewers(viewers, 'ended')));
    expectNone(found);
  });

  it('in Korean: the popup idle, live and after a failed share; the settings page fresh, after a failed Save and saved', async () => {
    expect(koreanUi.toLowerCase().split(/[-_]/)[0], NO_KOREAN_UI(koreanUi)).toBe('ko');
    const ko = korean!;
    const found: string[] = [];
    const idle = await popupTab(ko, 'idle');
    found.push(...(await auditThemes(idle, 'popup idle (ko)', 'ko')));
    await idle.close();
    const error = await popupInError(ko);
    found.push(...(await auditThemes(error, 'popup error (ko)', 'ko')));
    await error.click('[data-testid="dismiss"]');
    await waitForSession(ko.worker, (s) => s.state === 'idle');

    const settings = await extensionPage(ko, 'src/options/index.html', 'input[name="maxViewers"]');
    found.push(...(await auditThemes(settings, 'settings (ko)', 'ko')));
    found.push(...(await failedSave(settings)));
    found.push(...(await auditThemes(settings, 'settings after a failed Save (ko)', 'ko')));
    await fixAndSave(ko, settings);
    found.push(...(await auditThemes(settings, 'settings saved (ko)', 'ko')));
    await settings.close();

    await ko.watched();
    const popup = await popupTab(ko, 'live');
    found.push(...(await auditThemes(popup, 'popup live (ko)', 'ko')));
    expectNone(found);
  });
});

/** One element, named for a report: its test id, name, label or text. */
interface Walked {
  key: string;
  /** A focus ring shows: an outline or a box shadow, while it matches :focus-visible. */
  ring: boolean;
}

/**
 * Tab from the top of the page until focus leaves it or comes round again. Returns the controls
 * that can take focus (visible, enabled, not tabindex=-1) and those Tab reached, each with whether
 * its focus ring showed.
 */
async function tabWalk(page: Page): Promise<{ focusable: string[]; reached: Walked[] }> {
  const focusable = await page.evaluate(() => {
    const candidates = document.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex], [contenteditable="true"]',
    );
    let n = 0;
    const keys: string[] = [];
    for (const el of candidates) {
      const disabled = (el as HTMLButtonElement).disabled === true;
      const visible =
        el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true }) && el.getClientRects().length > 0;
      if (disabled || !visible || el.tabIndex < 0) continue;
      const name = el.dataset.testid ?? el.getAttribute('name') ?? el.id ?? '';
      const key = `${n++} ${el.tagName.toLowerCase()}${name ? `[${name}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
      el.dataset.walk = key;
      keys.push(key);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    return keys;
  });
  const reached: Walked[] = [];
  for (let i = 0; i < focusable.length + 3; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow !== 'none';
      return {
        key: el.dataset.walk ?? `(unlisted) ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`,
        ring: el.matches(':focus-visible') && (outline || shadow),
      };
    });
    if (!at || reached.some((r) => r.key === at.key)) break;
    reached.push(at);
  }
  return { focusable, reached };
}

function expectWalked(where: string, { focusable, reached }: { focusable: string[]; reached: Walked[] }) {
  console.log(`${where}: Tab reached ${reached.length} of ${focusable.length} controls`);
  expect(focusable.length, `${where}: nothing to focus?`).toBeGreaterThan(3);
  expect(
    reached.map((r) => r.key),
    `${where}: the order Tab took`,
  ).toEqual(focusable);
  expect(
    reached.filter((r) => !r.ring).map((r) => r.key),
    `${where}: controls without a visible focus ring`,
  ).toEqual([]);
}

describe('the keyboard alone', () => {
  it('from the top of the popup (live, one viewer) and of the viewer (live), Tab reaches every control, each with a focus ring', async () => {
    const { viewer, popup } = await rig.watched();
    expectWalked('popup', await tabWalk(popup));
    await viewer.bringToFront();
    expectWalked('viewer', await tabWalk(viewer));
  });
});
