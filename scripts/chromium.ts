// Launching Chromium with the built extension: shared by `npm start`, the e2e tests and the benchmark.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type WebWorker } from 'puppeteer-core';

export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../dist/extension');
export const VIEWER_DIR = path.resolve(import.meta.dirname, '../dist/viewer');
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../tests/fixtures');

export function chromiumPath(): string {
  const candidates = [
    process.env.CHROME_PATH,
    process.env.PUPPETEER_EXECUTABLE_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error(
      'No Chromium found. Set CHROME_PATH (or PUPPETEER_EXECUTABLE_PATH), or install it: apt-get install -y chromium',
    );
  return found;
}

export interface LaunchOptions {
  headless?: boolean;
  extraArgs?: string[];
  /** An X display (startXvfb) for headed runs. */
  display?: string;
  /**
   * The page size every tab really gets, with no emulated viewport. Headless Chromium keeps
   * WINDOW_FRAME_HEIGHT px of a window's height for its frame, so the window is sized to fit.
   * Without it: a 1280×800 window (a 1280×713 page) with a 1280×720 viewport emulated on top,
   * which tab capture ignores.
   */
  pageSize?: { width: number; height: number };
  /** A command Chromium runs under: `['ip', 'netns', 'exec', ns]` (strict-network.ts), `['nice', '-n', '19']`. */
  runUnder?: string[];
}

/** Height new headless Chromium keeps for a window's frame: --window-size=1280,807 gives a 1280×720 page. */
export const WINDOW_FRAME_HEIGHT = 87;

const ARGS = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--no-first-run',
  // Without these Chromium keeps trying hosts it cannot reach on this offline machine.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // No test or benchmark reaches the internet: no name resolves in the browser but loopback's and
  // mDNS's (.local, how WebRTC hides host addresses), so not even a DNS query leaves for PeerJS's
  // default STUN/TURN names or Chromium's own services (bench/offline-check.ts reads the net log).
  // The rules map address literals too: the benchmarking range 198.18.0.0/15 (RFC 2544, never
  // routed), where test networks such as strict-network.ts live, stays reachable.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE *.local, EXCLUDE 198.18.*, EXCLUDE 198.19.*',
];

/** Chromium with nothing loaded: a viewer's browser. */
export function launchChromium(
  { headless = true, extraArgs = [], display, pageSize, runUnder }: LaunchOptions = {},
  enableExtensions = false,
): Promise<Browser> {
  const window = pageSize
    ? `--window-size=${pageSize.width},${pageSize.height + WINDOW_FRAME_HEIGHT}`
    : '--window-size=1280,800';
  return puppeteer.launch({
    executablePath: runUnder ? wrapper(runUnder) : chromiumPath(),
    headless,
    pipe: true,
    enableExtensions,
    // Puppeteer adds --mute-audio, which silences tab audio at the source, so tab capture gets none.
    ignoreDefaultArgs: ['--mute-audio'],
    defaultViewport: pageSize ? null : { width: 1280, height: 720 },
    args: [...ARGS, window, ...extraArgs],
    env: display ? { ...process.env, DISPLAY: display } : process.env,
  });
}

/** An executable that runs Chromium under `command` (puppeteer takes a path, not a command line). */
function wrapper(command: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-chromium-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'chromium');
  const line = [...command, chromiumPath()].map((word) => JSON.stringify(word)).join(' ');
  writeFileSync(file, `#!/bin/sh\nexec ${line} "$@"\n`, { mode: 0o755 });
  return file;
}

/** Chromium with an unpacked extension (TabBeam's build by default) and its service worker ready. */
export async function launchWithExtension(options: LaunchOptions & { extensionDir?: string } = {}) {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json')))
    throw new Error(`No built extension in ${extensionDir}: run npm run build first.`);
  const browser = await launchChromium(options, true);
  const extensionId = await browser.installExtension(extensionDir);
  const worker = await serviceWorker(browser, extensionId);
  return { browser, extensionId, worker };
}

export async function serviceWorker(browser: Browser, extensionId: string): Promise<WebWorker> {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
  );
  const worker = await target.worker();
  if (!worker) throw new Error('The extension service worker did not start.');
  // The target appears before Chrome has installed the extension APIs in the worker.
  for (let i = 0; i < 100; i++) {
    if (await worker.evaluate(() => typeof chrome !== 'undefined' && !!chrome.storage).catch(() => false))
      return worker;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('The extension service worker has no chrome.* APIs.');
}

/** Preset settings the way a deployment or test would, without the options page (README "Settings"). */
export async function presetSettings(worker: WebWorker, settings: Record<string, unknown>): Promise<void> {
  await worker.evaluate((s) => chrome.storage.sync.set(s), settings);
}
