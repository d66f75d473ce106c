// The Janus client (src/shared/janus) against a real, private Janus 1.1.2 (scripts/janus-server.ts),
// over both transports: sessions, the room's life (create, PIN change, kick, destroy), how each
// failure is reported, keepalives; then a real publish → subscribe between two Chromium pages.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { launchChromium } from '../../scripts/chromium';
import { freePort, startJanus, type RunningJanus } from '../../scripts/janus-server';
import {
  connectJanus,
  JanusError,
  type JanusDeps,
  type JanusEvent,
  type JanusHandle,
  type JanusSession,
} from '../../src/shared/janus/client';
import type * as videoroom from '../../src/shared/janus/videoroom';
import {
  changePin,
  createRoom,
  destroyRoom,
  kick,
  listParticipants,
  newRoomConfig,
  roomExists,
  VIDEOROOM,
  VideoRoomError,
} from '../../src/shared/janus/videoroom';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function failure(promise: Promise<unknown>): Promise<JanusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JanusError) return error;
    throw error;
  }
  throw new Error('expected a JanusError');
}

function until<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value !== undefined) resolve(value);
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

/** A TCP server that accepts and never says a word: a hung Janus. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
}

describe.each(['ws', 'http'] as const)('Janus client over %s', (transport) => {
  const deps: JanusDeps = transport === 'ws' ? { WebSocket } : {};
  const urlFor = (port: number) => (transport === 'ws' ? `ws://127.0.0.1:${port}/` : `http://127.0.0.1:${port}/janus`);
  let janus: RunningJanus;
  const sessions: JanusSession[] = [];
  const connect = async (options: JanusDeps = {}, server: RunningJanus = janus) => {
    const session = await connectJanus({ url: server.url, apiSecret: server.apiSecret }, { ...deps, ...options });
    sessions.push(session);
    return session;
  };

  beforeAll(async () => {
    janus = await startJanus({ transport });
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.destroy()));
    await janus?.stop();
  });

  it('runs a room: create, exists, PIN change, join, kick, destroy', async () => {
    const session = await connect();
    const admin = await session.attach(VIDEOROOM);
    const config = newRoomConfig(1_500_000);
    expect(Number.isSafeInteger(config.room) && config.room > 0).toBe(true);
    expect(config.pin.length).toBeGreaterThanOrEqual(22);
    expect(config.secret.length).toBeGreaterThanOrEqual(22);

    await createRoom(admin, config);
    expect(await roomExists(admin, config.room)).toBe(true);
    expect(await roomExists(admin, config.room + 1)).toBe(false);
    const twice = await failure(createRoom(admin, config));
    expect([twice.problem, twice.code]).toEqual(['failed', VideoRoomError.ROOM_EXISTS]);

    const oldPin = config.pin;
    const wrongSecret = await failure(changePin(admin, { ...config, secret: 'nope' }, 'x'));
    expect([wrongSecret.problem, wrongSecret.code]).toEqual(['failed', VideoRoomError.UNAUTHORIZED]);
    await changePin(admin, config, newRoomConfig(0).pin);
    expect(config.pin).not.toBe(oldPin);

    const guest = await session.attach(VIDEOROOM);
    const guestEvents: JanusEvent[] = [];
    guest.onEvent((e) => guestEvents.push(e));
    const refused = await failure(
      guest.message({ request: 'join', ptype: 'publisher', room: config.room, pin: oldPin, display: 'guest' }),
    );
    expect([refused.problem, refused.code]).toEqual(['failed', VideoRoomError.UNAUTHORIZED]);
    expect(refused.message).toMatch(/pin/i);
    // The refused join left the handle free to try again.
    const joined = await guest.message({
      request: 'join',
      ptype: 'publisher',
      room: config.room,
      pin: config.pin,
      display: 'guest',
    });
    expect(joined.data.videoroom).toBe('joined');
    const guestId = joined.data.id as number;
    expect(await listParticipants(admin, config.room)).toEqual([{ id: guestId, display: 'guest', publisher: false }]);

    await kick(admin, config, guestId);
    const kicked = await until('the kicked event', () => guestEvents.find((e) => e.data?.leaving === 'ok'));
    expect(kicked.data?.reason).toBe('kicked');
    expect(await listParticipants(admin, config.room)).toEqual([]);
    const again = await failure(
      guest.message({ request: 'join', ptype: 'publisher', room: config.room, pin: config.pin }),
    );
    expect(again.code).toBe(VideoRoomError.ALREADY_JOINED); // a kicked handle stays spent

    await guest.detach();
    await destroyRoom(admin, config);
    expect(await roomExists(admin, config.room)).toBe(false);
    await destroyRoom(admin, config); // gone already: fine
    await admin.detach();
    await session.destroy();
  });

  it("says 'rejected' for a wrong API secret", async () => {
    const error = await failure(connectJanus({ url: janus.url, apiSecret: 'wrong' }, deps));
    expect([error.problem, error.code]).toEqual(['rejected', 403]);
  });

  it("says 'unreachable' for a closed port at once, and for a mute one within the timeout", async () => {
    let started = Date.now();
    const refused = await failure(
      connectJanus({ url: urlFor(await freePort()), apiSecret: 'x' }, { ...deps, timeoutMs: 1000 }),
    );
    expect(refused.problem).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(1000);

    const hole = await blackHole();
    try {
      started = Date.now();
      const mute = await failure(
        connectJanus({ url: urlFor(hole.port), apiSecret: 'x' }, { ...deps, timeoutMs: 1000 }),
      );
      expect(mute.problem).toBe('unreachable');
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await hole.close();
    }
  });

  it('calls onLost when Janus dies mid-session, and later requests fail as lost', async () => {
    const doomed = await startJanus({ transport });
    try {
      const session = await connect({}, doomed);
      const handle = await session.attach(VIDEOROOM);
      let lostAt = 0;
      let calls = 0;
      session.onLost(() => {
        lostAt = Date.now();
        calls++;
      });
      const killedAt = Date.now();
      process.kill(doomed.pid, 'SIGKILL');
      await until('onLost', () => (lostAt ? true : undefined), 5000);
      console.log(`[${transport}] onLost ${lostAt - killedAt} ms after SIGKILL`);
      const after = await failure(roomExists(handle, 1));
      expect(after.problem).toBe('lost');
      await sleep(100);
      expect(calls).toBe(1);
      await session.destroy(); // harmless now
    } finally {
      await doomed.stop();
    }
  });

  it("keeps a session past Janus's session_timeout with keepalives; without them Janus drops it", async () => {
    const short = await startJanus({ transport, sessionTimeout: 2 });
    try {
      const kept = await connect({ keepaliveMs: 500 }, short);
      const neglected = await connect({ keepaliveMs: 60_000 }, short);
      let keptLost = false;
      let neglectedLostAt = 0;
      kept.onLost(() => (keptLost = true));
      neglected.onLost(() => (neglectedLostAt = Date.now()));
      const started = Date.now();
      await until('the neglected session to time out', () => (neglectedLostAt ? true : undefined), 8000);
      console.log(`[${transport}] session_timeout 2 s: dropped after ${neglectedLostAt - started} ms`);
      await sleep(1000);
      expect(keptLost).toBe(false);
      const handle = await kept.attach(VIDEOROOM);
      expect(await roomExists(handle, 1)).toBe(false);
      await kept.destroy();
    } finally {
      await short.stop();
    }
  });

  it('does not call onLost after destroy()', async () => {
    const session = await connect();
    let lost = false;
    session.onLost(() => (lost = true));
    await session.destroy();
    await sleep(300);
    expect(lost).toBe(false);
    const error = await failure(session.attach(VIDEOROOM));
    expect(error.problem).toBe('lost');
  });
});

// ---- Real media: a canvas published from one Chromium page, received in another. ----

/** What the page bundle puts on window.janusTest. */
type PageApi = typeof videoroom & { connectJanus: typeof connectJanus };

const PAGE_ENTRY = `
import { connectJanus } from './client';
import * as videoroom from './videoroom';
window.janusTest = { connectJanus, ...videoroom };
`;

/** Runs in the page (publisher): an animated canvas, published to a new room. */
async function publishCanvas(server: { url: string; apiSecret: string }) {
  const t = (window as unknown as { janusTest: PageApi }).janusTest;
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  setInterval(() => {
    n++;
    ctx.fillStyle = `hsl(${(n * 7) % 360} 80% 50%)`;
    ctx.fillRect(0, 0, 640, 360);
    ctx.fillStyle = '#fff';
    ctx.fillRect((n * 8) % 600, 100, 40, 160);
  }, 33);
  const stream = canvas.captureStream(30);
  const pc = new RTCPeerConnection({ iceServers: [] });
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  const session = await t.connectJanus(server);
  const handle = await session.attach('janus.plugin.videoroom');
  const events: unknown[] = [];
  handle.onEvent((e) => events.push(e));
  const config = t.newRoomConfig(1_000_000);
  await t.createRoom(handle, config);
  const started = performance.now();
  const feed = await t.publish(handle, config, pc, 'tab');
  const publishMs = performance.now() - started;
  await new Promise<void>((resolve) => {
    const check = () => (pc.connectionState === 'connected' ? resolve() : setTimeout(check, 20));
    check();
  });
  Object.assign(window, { pub: { session, handle, config, pc, events } });
  return {
    room: config.room,
    pin: config.pin,
    secret: config.secret,
    feed,
    publishMs,
    connectedMs: performance.now() - started,
  };
}

/** Runs in the page (viewer): subscribes to the feed and counts decoded frames. */
async function subscribeAndCount(
  server: { url: string; apiSecret: string },
  room: { room: number; pin: string },
  feed: number,
) {
  const t = (window as unknown as { janusTest: PageApi }).janusTest;
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  const pc = new RTCPeerConnection({ iceServers: [] });
  let frames = 0;
  let firstFrameMs = 0;
  const started = performance.now();
  pc.addEventListener('track', (e) => {
    if (e.track.kind !== 'video') return;
    video.srcObject = new MediaStream([e.track]);
    const count = () => {
      if (!frames) firstFrameMs = performance.now() - started;
      frames++;
      video.requestVideoFrameCallback(count);
    };
    video.requestVideoFrameCallback(count);
  });
  const session = await t.connectJanus(server);
  const handle = await session.attach('janus.plugin.videoroom');
  const events: unknown[] = [];
  handle.onEvent((e) => events.push(e));
  let offerE2ee: unknown;
  const message = handle.message.bind(handle);
  handle.message = async (body, jsep) => {
    const reply = await message(body, jsep);
    if (body.ptype === 'subscriber') offerE2ee = reply.jsep?.e2ee;
    return reply;
  };
  await t.subscribe(handle, room, feed, pc);
  await new Promise((r) => setTimeout(r, 2000));
  const countedFrom = frames;
  await new Promise((r) => setTimeout(r, 1000));
  Object.assign(window, { sub: { session, handle, pc, events } });
  return {
    frames,
    fps: frames - countedFrom,
    firstFrameMs,
    width: video.videoWidth,
    height: video.videoHeight,
    offerE2ee: offerE2ee ?? null,
  };
}

describe.each(['ws', 'http'] as const)('publish and subscribe through Janus (%s) in Chromium', (transport) => {
  let janus: RunningJanus;
  let browser: Browser;
  let site: http.Server;
  let siteUrl: string;

  beforeAll(async () => {
    const [server, bundle] = await Promise.all([
      startJanus({ transport }),
      build({
        stdin: {
          contents: PAGE_ENTRY,
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
    const script = bundle.outputFiles[0]!.text;
    // Served from 127.0.0.1 like Janus, so the pages may talk to it (no public → local request).
    site = http.createServer((req, res) => {
      if (req.url === '/janus.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>janus</title><script src="/janus.js"></script>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://127.0.0.1:${(site.address() as net.AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await janus?.stop();
  });

  it('a viewer decodes the published canvas; kicking the publisher stops it (silently, for the viewer)', async () => {
    const server = { url: janus.url, apiSecret: janus.apiSecret };
    const host = await browser.newPage();
    const viewer = await browser.newPage();
    await Promise.all([host.goto(siteUrl), viewer.goto(siteUrl)]);

    const published = await host.evaluate(publishCanvas, server);
    console.log(
      `[${transport}] publish: answer after ${published.publishMs.toFixed(0)} ms, connected after ${published.connectedMs.toFixed(0)} ms`,
    );
    const seen = await viewer.evaluate(
      subscribeAndCount,
      server,
      { room: published.room, pin: published.pin },
      published.feed,
    );
    console.log(
      `[${transport}] subscribe: first frame ${seen.firstFrameMs.toFixed(0)} ms after asking, ${seen.fps} fps, ${seen.width}×${seen.height}; subscriber offer e2ee=${seen.offerE2ee}`,
    );
    expect(seen.frames).toBeGreaterThan(10);
    expect(seen.fps).toBeGreaterThan(5); // ~28 on a quiet machine; 2 busy cores halve it
    expect(seen.width).toBeGreaterThan(0);

    // Kick the publisher (the only participant: subscribers have no participant id).
    const session = await connectJanus(server, transport === 'ws' ? { WebSocket } : {});
    const admin: JanusHandle = await session.attach(VIDEOROOM);
    const config = { room: published.room, pin: published.pin, secret: published.secret, bitrate: 0 };
    expect((await listParticipants(admin, published.room)).map((p) => [p.id, p.publisher])).toEqual([
      [published.feed, true],
    ]);
    type Probe = { events: Array<{ janus: string; data?: Record<string, unknown> }>; pc: RTCPeerConnection };
    const viewerFrames = () =>
      viewer.evaluate(
        () => (document.querySelector('video') as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames,
      );
    await kick(admin, config, published.feed);
    await host.waitForFunction(
      () => (window as unknown as { pub: Probe }).pub.events.some((e) => e.janus === 'hangup'),
      { timeout: 5000, polling: 50 },
    );
    const hostEvents = await host.evaluate(() => (window as unknown as { pub: Probe }).pub.events);
    expect(hostEvents).toContainEqual(
      expect.objectContaining({ janus: 'event', data: expect.objectContaining({ leaving: 'ok', reason: 'kicked' }) }),
    );
    await sleep(500);
    const framesAfterKick = await viewerFrames();
    await sleep(1000);
    const framesLater = await viewerFrames();
    const viewerEventsAfterKick = await viewer.evaluate(() =>
      (window as unknown as { sub: Probe }).sub.events.map((e) => e.janus),
    );
    console.log(
      `[${transport}] after the kick: viewer decoded ${framesLater - framesAfterKick} frames in 1 s; viewer handle events ${JSON.stringify(viewerEventsAfterKick)}`,
    );
    expect(framesLater - framesAfterKick).toBeLessThan(3);
    expect(await listParticipants(admin, published.room)).toEqual([]);

    // Janus 1.1.2 tells the subscriber nothing when its publisher is kicked (nor when the room is
    // destroyed or the publisher sends 'leave'); only 'unpublish' or a detach of the publisher's
    // handle bring an 'updated' event with the stream inactive. Its PeerConnection stays connected.
    expect(viewerEventsAfterKick).toEqual(['webrtcup']);
    await destroyRoom(admin, config);
    await session.destroy();
  });
});
