// Many viewers through a real Janus (Debian's janus, started here on 127.0.0.1 with its own
// config): the hand-off from peer to peer, end-to-end encryption proved by subscribers that hold
// the room's PIN but not the link, Remove, Janus lost mid-share, and Stop destroying the room.
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { presetSettings } from '../../scripts/chromium';
import {
  hostMarks,
  hostStats,
  measureAudio,
  measureFrames,
  openPopup,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { startJanus, type RunningJanus } from '../../scripts/janus-server';
import { connectJanus, type WebSocketClass } from '../../src/shared/janus/client';
import { roomExists, VIDEOROOM } from '../../src/shared/janus/videoroom';
import { parseShareLink } from '../../src/shared/share-link';
import { baseSettings, startRig, type Rig } from './fixture';

let rig: Rig;
let janus: RunningJanus;
/** A page script: window.keyless(...) subscribes to a room with its PIN but without the link's key. */
let keylessScript: string;

beforeAll(async () => {
  const [server, bundle] = await Promise.all([
    startJanus({ transport: 'ws' }),
    build({
      stdin: {
        contents: KEYLESS_ENTRY,
        resolveDir: path.resolve(import.meta.dirname, '../../src/shared/janus'),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      target: 'chrome120',
      write: false,
    }),
  ]);
  janus = server;
  keylessScript = bundle.outputFiles[0]!.text;
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => {
  await rig?.close();
  await janus?.stop();
});

/** Settings with the media server, used above `threshold` viewers. */
async function useMediaServer(threshold: number, url = janus.url): Promise<void> {
  await presetSettings(rig.worker, {
    ...baseSettings(rig),
    mediaServer: { url, apiSecret: janus.apiSecret, threshold },
  });
}

// Records what the viewer page asks Janus when it joins a room, the way someone reading the
// page's traffic could: the room, its PIN and the feed. Only test code reads it.
const SPY_ON_JOINS = `(() => {
  const send = WebSocket.prototype.send;
  window.__joins = [];
  WebSocket.prototype.send = function (data) {
    try {
      const m = JSON.parse(data);
      if (m.body && m.body.request === 'join' && m.body.ptype === 'subscriber') window.__joins.push({ room: m.body.room, pin: m.body.pin, feed: m.body.streams[0].feed });
    } catch {}
    return send.call(this, data);
  };
})()`;

// Compositing a 720p <video> in software costs a share of these 2 cores that a viewer's own device
// would pay: viewers whose presented frames are not measured do not show theirs.
const HIDE_VIDEO = `(() => {
  const style = document.createElement('style');
  style.textContent = '[data-testid="remote-video"] { visibility: hidden; }';
  document.head.append(style);
})()`;

/** The time between frames the <video> presents, from now on, across any change of its stream. */
const WATCH_GAPS = `(() => {
  const video = document.querySelector('[data-testid="remote-video"]');
  const gaps = (window.__gaps = { last: 0, max: 0, frames: 0, endEpoch: 0 });
  const tick = () => {
    const now = performance.now();
    if (gaps.last && now - gaps.last > gaps.max) [gaps.max, gaps.endEpoch] = [now - gaps.last, performance.timeOrigin + now];
    gaps.last = now;
    gaps.frames++;
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
})()`;

interface Join {
  room: number;
  pin: string;
  feed: number;
}

/** `hidden`: its <video> is never shown (it stands for another device; frames are read from the track). */
async function openViewer(link: string, { hidden = false } = {}): Promise<Page> {
  const context = await rig.browser.createBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(SPY_ON_JOINS);
  if (hidden) await page.evaluateOnNewDocument(`document.addEventListener('DOMContentLoaded', () => ${HIDE_VIDEO})`);
  await page.goto(link);
  return page;
}

const via = (page: Page) => page.$eval('[data-testid="status"]', (el) => el.getAttribute('data-via'));
async function waitForVia(page: Page, route: 'direct' | 'server', timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    (route) => document.querySelector('[data-testid="status"]')?.getAttribute('data-via') === route,
    { timeout, polling: 50 },
    route,
  );
}
const joins = (page: Page) => page.evaluate(() => (window as unknown as { __joins: Join[] }).__joins);

/**
 * Real frames of the source page: the demo's clock blocks decode from them (glass-to-glass samples).
 * A sanity bound on the rate: six viewers, the host and Janus share 2 cores here (8–15 fps each),
 * over 3 s. Twice in about 30 runs one viewer on the room showed 0–1 frames in a 2 s window (an
 * open finding in bench/analysis.md): the message names the viewer, so the next one says which.
 */
async function expectPicture(page: Page, who = 'the viewer'): Promise<void> {
  const report = await measureFrames(page, 3000);
  const seen = `${who}: ${report.frames} frames in 3 s, longest gap ${Math.round(report.maxGapMs)} ms`;
  expect(report.frames, seen).toBeGreaterThan(6);
  expect(report.latencies.length, `${seen}; frames that carry the source page's clock`).toBeGreaterThan(4);
  expect(report.width).toBeGreaterThan(0);
}

async function keyless(join: Join): Promise<Page> {
  const context = await rig.browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${rig.site.url}demo/attacker.html`);
  await page.addScriptTag({ content: keylessScript });
  await page.evaluate(
    (server, join) => (window as unknown as KeylessWindow).keyless(server, join),
    { url: janus.url, apiSecret: janus.apiSecret },
    join,
  );
  return page;
}
const keylessReport = (page: Page) => page.evaluate(() => (window as unknown as KeylessWindow).report());

async function janusSession() {
  return connectJanus(
    { url: janus.url, apiSecret: janus.apiSecret },
    { WebSocket: WebSocket as unknown as WebSocketClass },
  );
}

describe('many viewers through a media server', () => {
  it('six viewers with the threshold at 3: the first three watch on through the hand-off, all six see the share, the host sends once', async () => {
    await useMediaServer(3);
    const { link, source } = await rig.share();
    const parsed = parseShareLink(new URL(link).hash);
    expect(parsed.ok && parsed.target.mediaServer).toEqual({ url: janus.url, apiSecret: janus.apiSecret });

    const first = await Promise.all([0, 1, 2].map(() => openViewer(link)));
    for (const viewer of first) await waitForViewerState(viewer, 'live');
    for (const viewer of first) expect(await via(viewer)).toBe('direct');
    for (const viewer of first) await viewer.evaluate(WATCH_GAPS);
    expect(await hostStats(rig.worker)).toHaveLength(3); // three encoders, peer to peer

    // The fourth viewer takes the share over the threshold: the first three move to the room
    // while it joins. (Three newcomers at once, loading in this one browser on 2 cores, stalled
    // every viewer's picture together for 0.5–1.3 s, often before the room had even opened.)
    const opened = Date.now();
    const fourth = await openViewer(link, { hidden: true });
    for (const viewer of [...first, fourth]) await waitForVia(viewer, 'server');
    await new Promise((r) => setTimeout(r, 1500));
    const roomOn = (await hostMarks(rig.browser, opened)).find(([name]) => name === 'host:room-on')?.[1] ?? NaN;
    const at = (epoch: number) => Math.round(epoch - opened);
    for (const viewer of first) {
      const gaps = await viewer.evaluate(
        () => (window as unknown as { __gaps: { max: number; frames: number; endEpoch: number } }).__gaps,
      );
      console.log(
        `hand-off: ${gaps.frames} frames, longest gap ${Math.round(gaps.max)} ms ending ${at(gaps.endEpoch)} ms after the fourth viewer's link opened (room on at ${at(roomOn)} ms)`,
      );
      expect(gaps.frames, 'frames shown through the hand-off').toBeGreaterThan(20);
      expect(gaps.max, 'longest time without a new frame during the hand-off (ms)').toBeLessThan(1000);
    }
    // Measured: from now on the first three need not show their frames either.
    for (const viewer of first) await viewer.evaluate(HIDE_VIDEO);
    // The fifth and sixth go straight to the open room.
    const all = [...first, fourth, ...(await Promise.all([0, 1].map(() => openViewer(link, { hidden: true }))))];
    for (const viewer of all) await waitForVia(viewer, 'server');
    for (const [i, viewer] of all.entries()) await expectPicture(viewer, `viewer ${i + 1}`);
    expect(await measureAudio(all[5]!, 1500), "the tab's sound, through the room").toBeGreaterThan(0.05);
    // Every viewer subscribed to the same room and feed with the same PIN.
    const seen = await Promise.all(all.map(joins));
    for (const list of seen) expect(list).toEqual([seen[0]![0]]);

    // One encoder and one upload: the room's. The viewers' own connections send nothing.
    const stats = await hostStats(rig.worker);
    expect(stats.map((s) => s.viewerId)).toEqual(['media-server']);
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    await popup.waitForFunction(
      () => document.querySelector('[data-testid="media-server"]')?.getAttribute('data-count') === '6',
      { timeout: 10_000 },
    );
    expect(await popup.$$eval('[data-testid="viewer-via-server"]', (els) => els.length)).toBe(6);
  });

  it('a subscriber with the room and PIN but not the link decodes nothing; Remove changes the key and the PIN', async () => {
    await useMediaServer(0);
    const { link, source } = await rig.share();
    const stay = await openViewer(link);
    const removed = await openViewer(link);
    for (const viewer of [stay, removed]) await waitForVia(viewer, 'server');
    const [join] = await joins(stay);

    // Someone who learnt the room and its PIN, but not the link's secret: ciphertext only.
    const outsider = await keyless(join!);
    await new Promise((r) => setTimeout(r, 3000));
    const before = await keylessReport(outsider);
    expect(before.joined).toBe(true);
    expect(before.bytesReceived, 'encrypted media reaches the outsider').toBeGreaterThan(20_000);
    expect(before.framesDecoded, 'frames the outsider could decode').toBe(0);
    expect(before.keyIds).toEqual([0]);
    await expectPicture(stay);

    // Remove one viewer: the others get a new key, the frames switch to it, and the PIN changes.
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    const code = await removed.$eval('[data-testid="verification-code"]', (el) => el.textContent ?? '');
    await popup.waitForFunction(() => document.querySelectorAll('[data-testid="viewer"]').length === 2);
    const rows = await popup.$$('[data-testid="viewer"]');
    const row = await Promise.all(
      rows.map((r) => r.evaluate((el, code) => (el.textContent ?? '').includes(code), code)),
    ).then((hit) => rows[hit.indexOf(true)]);
    await (await row!.$('[data-testid="kick"]'))!.click();
    await waitForViewerState(removed, 'error', { problem: 'kicked' });
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 1);
    await outsider.waitForFunction(() => (window as unknown as KeylessWindow).latestKeyId() === 1, {
      timeout: 5000,
      polling: 100,
    });
    await expectPicture(stay); // no gap for the viewer that stays
    expect((await keylessReport(outsider)).framesDecoded).toBe(0);
    // The old PIN no longer lets anyone in.
    const late = await keyless(join!);
    expect((await keylessReport(late)).joined).toBe(false);
  });

  it('Janus stopped mid-share: viewers are back on a picture within 5 s, and the popup says why', async () => {
    await useMediaServer(0);
    const { link, source } = await rig.share();
    const viewers = await Promise.all([openViewer(link), openViewer(link)]);
    for (const viewer of viewers) await waitForVia(viewer, 'server');
    await janus.stop();
    try {
      const stoppedAt = Date.now();
      for (const viewer of viewers) await waitForVia(viewer, 'direct', 5000);
      for (const viewer of viewers) await expectPicture(viewer);
      console.log(`Janus stopped → both viewers back peer to peer with frames after ${Date.now() - stoppedAt} ms`);
      const popup = await openPopup(rig.browser, rig.extensionId, source);
      await popup.waitForSelector('[data-testid="media-server-warning"][data-state="lost"]', { timeout: 5000 });
    } finally {
      janus = await startJanus({ transport: 'ws' }); // for the tests after this one
    }
  });

  it('Stop destroys the room; an unreachable server leaves the share peer to peer, and the popup says so', async () => {
    await useMediaServer(0);
    const { link, source } = await rig.share();
    const viewer = await openViewer(link);
    await waitForVia(viewer, 'server');
    const [join] = await joins(viewer);
    const session = await janusSession();
    const handle = await session.attach(VIDEOROOM);
    expect(await roomExists(handle, join!.room)).toBe(true);
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    await popup.locator('[data-testid="stop"]').click();
    await waitForViewerState(viewer, 'ended');
    await waitForSession(rig.worker, (s) => s.state === 'idle');
    await expect.poll(() => roomExists(handle, join!.room), { timeout: 5000 }).toBe(false);
    await session.destroy();

    // A media server nobody answers at: the viewer watches peer to peer as before.
    await useMediaServer(0, 'ws://127.0.0.1:9/');
    const next = await rig.share();
    const direct = await openViewer(next.link);
    await waitForViewerState(direct, 'live');
    const warned = await openPopup(rig.browser, rig.extensionId, next.source);
    await warned.waitForSelector('[data-testid="media-server-warning"][data-state="unreachable"]', { timeout: 15_000 });
    expect(await via(direct)).toBe('direct');
    await expectPicture(direct);
  });
});

interface KeylessWindow {
  keyless(server: { url: string; apiSecret: string }, join: Join): Promise<void>;
  report(): Promise<{ joined: boolean; framesDecoded: number; bytesReceived: number; keyIds: number[] }>;
  latestKeyId(): number | null;
}

// Bundled for the outsider's page: a plain subscriber with no key. It passes every frame to the
// decoder unchanged, noting the key ID each carries (the last byte: src/shared/e2ee/frame-crypto.ts).
const KEYLESS_ENTRY = `
import { connectJanus } from './client';
import { subscribe, VIDEOROOM } from './videoroom';
const state = { joined: false, pc: null as RTCPeerConnection | null, keyIds: new Set<number>(), latest: null as number | null };
const w = window as any;
w.keyless = async (server: { url: string; apiSecret: string }, join: { room: number; pin: string; feed: number }) => {
  const session = await connectJanus(server);
  const handle = await session.attach(VIDEOROOM);
  const pc = new RTCPeerConnection({ iceServers: [], encodedInsertableStreams: true } as RTCConfiguration);
  pc.ontrack = (event) => {
    const { readable, writable } = (event.receiver as any).createEncodedStreams();
    if (event.track.kind !== 'video') return void readable.pipeTo(writable);
    readable.pipeThrough(new TransformStream({ transform(frame: { data: ArrayBuffer }, out) {
      const bytes = new Uint8Array(frame.data);
      if (bytes.length > 0) { state.keyIds.add(bytes[bytes.length - 1]!); state.latest = bytes[bytes.length - 1]!; }
      out.enqueue(frame);
    } })).pipeTo(writable);
  };
  try {
    await subscribe(handle, join, join.feed, pc);
    state.joined = true;
    state.pc = pc;
  } catch {
    pc.close();
    await session.destroy();
  }
};
w.latestKeyId = () => state.latest;
w.report = async () => {
  let framesDecoded = 0;
  let bytesReceived = 0;
  (await state.pc?.getStats())?.forEach((s: any) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') { framesDecoded += s.framesDecoded ?? 0; bytesReceived += s.bytesReceived ?? 0; }
  });
  return { joined: state.joined, framesDecoded, bytesReceived, keyIds: [...state.keyIds].sort() };
};
`;
