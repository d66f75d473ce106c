// What the person sharing sees when sharing cannot start, and the settings page.
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { presetSettings } from '../../scripts/chromium';
import {
  clickToolbar,
  offscreenDocuments,
  openViewer,
  popupState,
  readSession,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { brokerLabel } from '../../src/shared/peer-options';
import { startRig, type Rig } from './fixture';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

/** The popup's button to the settings page opens it (and the popup closes, as it does when a tab opens). */
async function settingsButtonOpensSettings(popup: Page): Promise<Page> {
  const opened = rig.browser.waitForTarget(
    (t) => t.url() === `chrome-extension://${rig.extensionId}/src/options/index.html`,
    { timeout: 10_000 },
  );
  await popup.click('[data-testid="error-settings"]');
  return (await opened).asPage();
}

/** A click that fails opens the popup with the reason (or, without a window to anchor it, the next click does). */
async function popupAfterFailedClick(page: Page, click = true): Promise<Page> {
  const isPopup = (url: string) => url.startsWith(`chrome-extension://${rig.extensionId}/`) && url.includes('popup');
  if (click) await clickToolbar(rig.browser, rig.extensionId, page);
  await waitForSession(rig.worker, (s) => s.state === 'error');
  const target =
    (await rig.browser.waitForTarget((t) => isPopup(t.url()), { timeout: 3000 }).catch(() => null)) ??
    (
      await Promise.all([
        rig.browser.waitForTarget((t) => isPopup(t.url())),
        clickToolbar(rig.browser, rig.extensionId, page),
      ])
    )[0];
  const popup = await target.asPage();
  await popup.waitForSelector('[data-testid="status"]');
  return popup;
}

describe('when sharing cannot start', () => {
  it('a page Chrome refuses to capture gets a clear message, and Dismiss clears it', async () => {
    // Chrome 156 captures even chrome:// pages after a toolbar click, so make it refuse the way it
    // does for protected pages: ask for a tab the user never clicked TabBeam on.
    const page = await rig.openSource();
    const options = await rig.browser.newPage();
    await options.goto(`chrome-extension://${rig.extensionId}/src/options/index.html`);
    const tabId = await rig.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, rig.sourceUrl);
    await options.evaluate(
      (id) =>
        chrome.runtime.sendMessage({ to: 'background', type: 'share/source', payload: { kind: 'tab', tab: { id } } }),
      tabId,
    );
    await options.close();
    const popup = await popupAfterFailedClick(page, false);
    expect(await popupState(popup)).toMatchObject({ state: 'error', code: 'not-capturable' });
    expect(await popup.$('[data-testid="error-settings"]')).toBeNull(); // nothing to fix in the settings
    expect(await rig.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
    await popup.locator('[data-testid="dismiss"]').click();
    await waitForSession(rig.worker, (s) => s.state === 'idle');
    expect(await rig.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    expect(await offscreenDocuments(rig.worker)).toBe(0);
  });

  it('an unreachable broker is named in the popup, without PeerJS\'s words, with a way to Settings; never a stuck "starting"', async () => {
    const unreachable = { ...rig.broker.settings, port: 9 };
    await presetSettings(rig.worker, { broker: unreachable });
    const page = await rig.openSource();
    const popup = await popupAfterFailedClick(page);
    // Which broker, and what to do; not the library's "(http://…: Lost connection to server.)".
    const status = await popupState(popup);
    expect(status).toMatchObject({ state: 'error', code: 'broker-unreachable' });
    expect(status.text).toContain(brokerLabel(unreachable));
    expect(status.text).not.toContain('Lost connection'); // PeerJS's words are English whatever the browser's language
    expect(await offscreenDocuments(rig.worker)).toBe(0);
    expect(await popup.$('[data-testid="error-settings"]')).not.toBeNull();

    // Fix the setting and try again from the same popup: the share starts.
    await presetSettings(rig.worker, { broker: rig.broker.settings });
    await popup.locator('[data-testid="try-again"]').click();
    const session = await waitForSession(rig.worker, (s) => s.state === 'live');
    if (session.state !== 'live') throw new Error();
    const viewer = await openViewer(rig.browser, session.link);
    await waitForViewerState(viewer, 'live');
  });

  it('invalid stored settings are reported as such before anything is captured', async () => {
    const iceServers = [{ urls: ['http://not-ice'] }];
    await presetSettings(rig.worker, { iceServers });
    const page = await rig.openSource();
    const popup = await popupAfterFailedClick(page);
    // Which setting is wrong, in the settings page's own words, and the way there.
    const status = await popupState(popup);
    expect(status).toMatchObject({ state: 'error', code: 'bad-settings' });
    const settings = await settingsButtonOpensSettings(popup);
    const fieldError = await (await settings.waitForSelector('[data-field="iceServers"]'))!.evaluate((el) =>
      el.textContent!.trim(),
    );
    expect(fieldError).toContain('http://not-ice');
    expect(status.text).toContain(fieldError);
    await settings.close();
  });
});

describe('settings page', () => {
  async function openOptions(): Promise<Page> {
    const page = await rig.browser.newPage();
    await page.goto(`chrome-extension://${rig.extensionId}/src/options/index.html`);
    await page.waitForSelector('input[name="viewerUrl"]');
    await page.click('[data-testid="advanced"] > summary'); // the viewer page, broker and ICE servers are under Advanced
    return page;
  }

  it('shows the stored settings, explains bad input, and saves under the documented keys', async () => {
    const page = await openOptions();
    expect(await page.$eval('input[name="port"]', (el) => (el as HTMLInputElement).value)).toBe(
      String(rig.broker.port),
    );

    await page.locator('input[name="port"]').fill('99999');
    await page.locator('textarea[name="ice"]').fill('turn:turn.example.com:3478');
    await page.locator('input[name="maxFramerate"]').fill('0');
    await page.click('button[type="submit"]');
    // An error under exactly the three fields typed wrong, each naming what it accepts where that is a number.
    // (The TURN line is a valid URL: the only thing it can lack is a username and credential.)
    const errors = await page.$$eval('[data-field]', (els) =>
      els.map((el) => ({
        field: el.getAttribute('data-field') ?? '',
        text: el.textContent ?? '',
        role: el.getAttribute('role'),
      })),
    );
    expect(errors.map((e) => e.field).sort()).toEqual(['broker', 'iceServers', 'maxFramerate']);
    for (const { role } of errors) expect(role).toBe('alert');
    const said = (field: string) => errors.find((e) => e.field === field)!.text;
    expect(said('maxFramerate')).toMatch(/\b1\b.*\b60\b/);
    expect(said('broker')).toMatch(/65[,.\s\u202f]?535/); // the port's limit, however the language writes the figure
    expect(await rig.worker.evaluate(() => chrome.storage.sync.get('broker'))).toMatchObject({
      broker: { port: rig.broker.port },
    });

    await page.locator('input[name="port"]').fill('9443');
    await page.locator('textarea[name="ice"]').fill('stun:127.0.0.1:3478\nturn:127.0.0.1:3478 ann pw');
    await page.$eval('input[name="maxFramerate"]', (el) => {
      (el as HTMLInputElement).value = '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.locator('input[name="maxHeight"]').fill('720');
    await page.select('select[name="quality"]', 'text');
    expect(await page.$eval('input[name="liveText"]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await page.click('input[name="liveText"]');
    expect(await page.$eval('input[name="controlYieldsToSharer"]', (el) => (el as HTMLInputElement).checked)).toBe(
      true,
    );
    await page.click('input[name="controlYieldsToSharer"]');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.saved');
    expect(await rig.worker.evaluate(() => chrome.storage.sync.get(null))).toEqual({
      viewerUrl: rig.site.url,
      broker: { ...rig.broker.settings, port: 9443 },
      iceServers: [
        { urls: ['stun:127.0.0.1:3478'] },
        { urls: ['turn:127.0.0.1:3478'], username: 'ann', credential: 'pw' },
      ],
      askToJoin: false,
      liveText: false,
      controlYieldsToSharer: false,
      maxViewers: 10,
      expiryMinutes: null,
      quality: 'text',
      maxHeight: 720,
      maxFramerate: null,
      maxBitrateKbps: null,
      mediaServer: null,
    });
    await page.close();
  });

  it('a media server: a bad address is explained at its field, which gets focus (Advanced opening itself); a good one is stored as { url, apiSecret, threshold }', async () => {
    const page = await openOptions();
    try {
      expect(await page.$('[data-testid="media-server-url"]')).toBeNull(); // off: only its switch shows
      await page.click('[data-testid="media-server-on"]');
      expect(await page.$eval('[data-testid="media-server-threshold"]', (el) => (el as HTMLInputElement).value)).toBe(
        '3',
      );
      expect(await page.$eval('[data-testid="media-server-secret"]', (el) => (el as HTMLInputElement).type)).toBe(
        'password',
      );
      await page.locator('[data-testid="media-server-url"]').fill('ws://janus.example.com:8188/');
      await page.locator('[data-testid="media-server-secret"]').fill('s3cret');
      await page.click('[data-testid="advanced"] > summary'); // closed: a wrong field in it must open it
      await page.click('button[type="submit"]');
      const error = await page.waitForSelector('[data-field="mediaServer"]');
      expect(await error!.evaluate((el) => el.getAttribute('role'))).toBe('alert');
      expect(await error!.evaluate((el) => el.textContent)).toContain('wss://');
      expect(await page.$eval('[data-testid="advanced"]', (el) => (el as HTMLDetailsElement).open)).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('media-server-url');
      expect(
        await page.$eval('[data-testid="media-server-url"]', (el) => [
          el.getAttribute('aria-invalid'),
          el.getAttribute('aria-describedby'),
        ]),
      ).toEqual(['true', 'mediaServerUrl-help error-mediaServer']);
      expect((await rig.worker.evaluate(() => chrome.storage.sync.get('mediaServer'))).mediaServer ?? null).toBeNull();

      await page.locator('[data-testid="media-server-url"]').fill('wss://janus.example.com');
      await page.locator('[data-testid="media-server-threshold"]').fill('0');
      await page.click('button[type="submit"]');
      await page.waitForSelector('.saved');
      expect(await page.$('[data-field]')).toBeNull();
      expect(await rig.worker.evaluate(() => chrome.storage.sync.get('mediaServer'))).toEqual({
        mediaServer: { url: 'wss://janus.example.com/', apiSecret: 's3cret', threshold: 0 },
      });
    } finally {
      await rig.worker.evaluate(() => chrome.storage.sync.remove('mediaServer')); // the other tests share peer to peer
      await page.close();
    }
  });

  it('a share made with a self-hosted broker carries it and the ICE servers in the link', async () => {
    const { link } = await rig.share();
    const config = JSON.parse(atob(new URL(link).hash.split('&c=')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(config).toEqual({ b: rig.broker.settings, i: [] });
    expect((await readSession(rig.worker)).state).toBe('live');
  });
});
