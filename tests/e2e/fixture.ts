// One running TabBeam for a test file: Chromium with the built extension, a local PeerServer,
// the viewer site, settings preset through chrome.storage.sync as a deployment would.
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import path from 'node:path';
import { FIXTURES_DIR, launchWithExtension, presetSettings, VIEWER_DIR } from '../../scripts/chromium';
import { openPopup, openViewer, startShare, waitForSession, waitForViewerState } from '../../scripts/drive';
import {
  startBroker,
  startStaticServer,
  type Broker,
  type LocalServer,
  type ServeOptions,
} from '../../scripts/local-servers';

const PEERJS_DIST = path.resolve(import.meta.dirname, '../../node_modules/peerjs/dist');

/**
 * Settings every e2e test starts from: the local broker, no STUN/TURN, no admission rules, and
 * Motion, the preset for the animated demo page (Auto would take two seconds to conclude that).
 */
export function baseSettings(rig: Pick<Rig, 'site' | 'broker'>) {
  return {
    viewerUrl: rig.site.url,
    broker: rig.broker.settings,
    iceServers: [],
    askToJoin: false,
    maxViewers: 10,
    expiryMinutes: null,
    quality: 'motion',
    maxHeight: null,
    maxFramerate: null,
    maxBitrateKbps: null,
    mediaServer: null,
  };
}

export interface Rig {
  browser: Browser;
  extensionId: string;
  /** Replaced by restartWorker(): Chrome may stop a service worker at any time. */
  worker: WebWorker;
  /** Replaced by a test that restarts the broker. */
  broker: Broker;
  site: LocalServer;
  sourceUrl: string;
  /** A new tab on the animated, tone-playing demo page. */
  openSource(): Promise<Page>;
  /** Toolbar click on a fresh source tab → live; the link and the source tab. */
  share(): Promise<{ link: string; source: Page }>;
  /** The same on a page of tests/fixtures (`page`: its file name and query), once its overlay is in. */
  shareDemo(page: string): Promise<{ link: string; source: Page }>;
  /** A share with one viewer watching (live, and counted), and the popup open over the shared tab. */
  watched(): Promise<{ link: string; source: Page; viewer: Page; popup: Page }>;
  /** Ends any share left by a test, closes viewer contexts, and restores baseSettings. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A rig whose Chromium runs in Korean, and what chrome.i18n.getUILanguage() says there ('ko' only
 * when Chromium's Korean locale pack is installed). Chromium reads LANGUAGE when it starts, and only then.
 */
export async function startKoreanRig(): Promise<{ rig: Rig; uiLanguage: string }> {
  const saved = process.env.LANGUAGE;
  process.env.LANGUAGE = 'ko';
  let rig: Rig;
  try {
    rig = await startRig({ extraArgs: ['--lang=ko', '--accept-lang=ko'] });
  } finally {
    if (saved === undefined) delete process.env.LANGUAGE;
    else process.env.LANGUAGE = saved;
  }
  return { rig, uiLanguage: await rig.worker.evaluate(() => chrome.i18n.getUILanguage()) };
}

/**
 * `extraArgs`: more Chromium flags, e.g. fake camera and microphone; `display`: run headed there;
 * `serve`: where the broker and the site listen (a strict network's server address, over HTTPS).
 */
export async function startRig({
  extraArgs = [] as string[],
  display,
  serve,
}: { extraArgs?: string[]; display?: string; serve?: ServeOptions } = {}): Promise<Rig> {
  const broker = await startBroker(0, serve);
  // /vendor/peerjs/ lets test pages play a hostile peer with the real PeerJS client.
  const mounts = {
    '/': VIEWER_DIR,
    '/demo/': FIXTURES_DIR,
    '/vendor/peerjs/': PEERJS_DIST,
    // React for the remote-control page's controlled input (tests/fixtures/control.html).
    '/vendor/react/': path.resolve(import.meta.dirname, '../../node_modules/react/umd'),
    '/vendor/react-dom/': path.resolve(import.meta.dirname, '../../node_modules/react-dom/umd'),
  };
  const site = await startStaticServer(mounts, 0, serve);
  const { browser, extensionId, worker } = await launchWithExtension({ extraArgs, display, headless: !display });
  // Loopback needs no STUN/TURN; tests must not reach public servers.
  await presetSettings(worker, baseSettings({ site, broker }));
  const sourceUrl = `${site.url}demo/source.html`;

  const rig: Rig = {
    browser,
    extensionId,
    worker,
    broker,
    site,
    sourceUrl,
    async openSource() {
      const page = await browser.newPage();
      await page.goto(sourceUrl);
      await page.bringToFront();
      return page;
    },
    async share() {
      const source = await rig.openSource();
      const { link } = await startShare(browser, extensionId, rig.worker, source);
      return { link, source };
    },
    async shareDemo(file) {
      const source = await browser.newPage();
      await source.goto(`${site.url}demo/${file}`);
      await source.bringToFront();
      const { link } = await startShare(browser, extensionId, rig.worker, source);
      await waitForSession(rig.worker, (s) => s.state === 'live' && s.overlay === 'on');
      return { link, source };
    },
    async watched() {
      const { link, source } = await rig.share();
      const viewer = await openViewer(browser, link);
      await waitForViewerState(viewer, 'live');
      await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 1);
      const popup = await openPopup(browser, extensionId, source);
      return { link, source, viewer, popup };
    },
    async reset() {
      // Cleared first: presetSettings() adds to what is stored, and a setting a test changed must not outlive it.
      await rig.worker.evaluate(() => chrome.storage.sync.clear());
      await presetSettings(rig.worker, baseSettings(rig));
      for (const context of browser.browserContexts())
        if (context !== browser.defaultBrowserContext()) await context.close();
      // Closing the shared tab is a user's way to end a share, so it also cleans up after a test.
      const old = await browser.pages();
      await browser.newPage();
      for (const page of old) await page.close();
      const session = await waitForSession(rig.worker, (s) => s.state === 'idle' || s.state === 'error');
      if (session.state === 'error') {
        const popup = await browser.newPage();
        await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
        await popup.locator('[data-testid="dismiss"]').click();
        await waitForSession(rig.worker, (s) => s.state === 'idle');
        if (!popup.isClosed()) await popup.close();
      }
    },
    async close() {
      await browser.close();
      await Promise.all([rig.broker.close(), site.close()]);
    },
  };
  return rig;
}
