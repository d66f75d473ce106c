import { beforeEach, describe, expect, it } from 'vitest';
import { createShareController, isCapturable, type ShareDeps } from '../../src/background/share-controller';
import { AppError } from '../../src/shared/errors';
import type { HostStart } from '../../src/shared/protocol';
import { IDLE, type EndReason, type Session } from '../../src/shared/session';
import type { Settings } from '../../src/shared/settings';

const settings: Settings = { viewerUrl: 'https://watch.example/', broker: null, iceServers: [], askToJoin: true, maxViewers: 3, expiryMinutes: 30 };

/** In-memory platform: the session store, a host that records calls, a clipboard. */
function fakes(overrides: Partial<ShareDeps> = {}) {
  let stored: Session = IDLE;
  const log = { shown: [] as string[], started: [] as HostStart[], stopped: [] as EndReason[], copied: [] as string[], commands: [] as string[] };
  let n = 0;
  const deps: ShareDeps = {
    session: { get: async () => stored, set: async (s) => void (stored = structuredClone(s)) },
    loadSettings: async () => settings,
    streamIdFor: async (tabId) => `stream-${tabId}`,
    host: {
      start: async (req) => void log.started.push(req),
      stop: async (reason) => void log.stopped.push(reason),
      lock: async (locked) => void log.commands.push(`lock:${locked}`),
      pause: async (paused) => void log.commands.push(`pause:${paused}`),
      admit: async (id, allow) => void log.commands.push(`admit:${id}:${allow}`),
      kick: async (id) => void log.commands.push(`kick:${id}`),
    },
    copyToClipboard: async (text) => void log.copied.push(text),
    show: async (s) => void log.shown.push(s.state),
    randomToken: () => String(++n).padStart(26, 'a'),
    now: () => 1000,
    ...overrides,
  };
  return { deps, log, session: () => stored };
}

describe('share controller', () => {
  let f: ReturnType<typeof fakes>;
  beforeEach(() => {
    f = fakes();
  });

  it('a click goes live: stream ID, host started, link built and copied', async () => {
    const controller = createShareController(f.deps);
    await controller.start({ id: 7, url: 'https://example.com/', width: 1280, height: 720 });
    const session = f.session();
    expect(session).toMatchObject({ state: 'live', tabId: 7, startedAt: 1000, viewers: [], locked: false, paused: false, expiresAt: 1000 + 30 * 60_000 });
    if (session.state !== 'live') throw new Error();
    expect(f.log.started).toEqual([
      { streamId: 'stream-7', size: { width: 1280, height: 720 }, peerId: session.peerId, secret: expect.any(String), broker: null, iceServers: [], askToJoin: true, maxViewers: 3, expiresAt: 1000 + 30 * 60_000 },
    ]);
    expect(session.link).toBe(`https://watch.example/#id=${session.peerId}&k=${f.log.started[0]!.secret}&c=${session.link.split('&c=')[1]}`);
    expect(f.log.copied).toEqual([session.link]);
    expect(f.log.shown).toEqual(['starting', 'live']);
  });

  it('two quick clicks start one share', async () => {
    const controller = createShareController(f.deps);
    await Promise.all([controller.start({ id: 7 }), controller.start({ id: 7 })]);
    expect(f.log.started).toHaveLength(1);
  });

  it('refuses the Web Store with a clear error and never opens a host', async () => {
    const controller = createShareController(f.deps);
    await controller.start({ id: 1, url: 'https://chromewebstore.google.com/detail/x' });
    expect(f.session()).toEqual({ state: 'error', error: { code: 'not-capturable' } });
    expect(f.log.started).toEqual([]);
  });

  it("passes on Chrome's refusal to capture as a clear error", async () => {
    f = fakes({
      streamIdFor: async () => {
        throw new AppError('not-capturable');
      },
    });
    await createShareController(f.deps).start({ id: 1 });
    expect(f.session()).toEqual({ state: 'error', error: { code: 'not-capturable' } });
    expect(f.log.started).toEqual([]);
  });

  it('a failing broker ends in an error naming it, with the host torn down', async () => {
    f = fakes({
      host: {
        start: async () => {
          throw new AppError('broker-unreachable', 'http://127.0.0.1:9/');
        },
        stop: async (reason) => void f.log.stopped.push(reason),
        lock: async () => undefined,
        pause: async () => undefined,
        admit: async () => undefined,
        kick: async () => undefined,
      },
    });
    const controller = createShareController(f.deps);
    await controller.start({ id: 1, url: 'https://example.com/' });
    expect(f.session()).toEqual({ state: 'error', error: { code: 'broker-unreachable', detail: 'http://127.0.0.1:9/' } });
    expect(f.log.stopped).toEqual(['stopped']);
    await controller.dismiss();
    expect(f.session()).toEqual(IDLE);
  });

  it('bad settings are reported before anything is captured', async () => {
    let captured = false;
    f = fakes({
      loadSettings: async () => {
        throw new AppError('bad-settings', 'Broker port must be a whole number from 1 to 65535.');
      },
      streamIdFor: async () => {
        captured = true;
        return 's';
      },
    });
    await createShareController(f.deps).start({ id: 1 });
    expect(f.session()).toMatchObject({ state: 'error', error: { code: 'bad-settings' } });
    expect(captured).toBe(false);
  });

  it('tracks viewers while live, and Stop ends the share once', async () => {
    const controller = createShareController(f.deps);
    await controller.start({ id: 7 });
    await controller.viewersChanged([{ id: 'v1', joinedAt: 5, code: '🍎', state: 'watching' }]);
    expect(f.session()).toMatchObject({ state: 'live', viewers: [{ id: 'v1' }] });
    await Promise.all([controller.stop(), controller.stop()]);
    expect(f.session()).toEqual(IDLE);
    expect(f.log.stopped).toEqual(['stopped']);
  });

  it('passes lock, pause, admit and kick to the host only while live, and records lock and pause', async () => {
    const controller = createShareController(f.deps);
    await controller.lock(true);
    expect(f.log.commands).toEqual([]);
    await controller.start({ id: 7 });
    await controller.lock(true);
    await controller.pause(true);
    await controller.admit('v1', false);
    await controller.kick('v2');
    expect(f.log.commands).toEqual(['lock:true', 'pause:true', 'admit:v1:false', 'kick:v2']);
    expect(f.session()).toMatchObject({ state: 'live', locked: true, paused: true });
  });

  it('closing the shared tab ends the share; closing another tab does not', async () => {
    const controller = createShareController(f.deps);
    await controller.start({ id: 7 });
    await controller.tabClosed(8);
    expect(f.session().state).toBe('live');
    await controller.tabClosed(7);
    expect(f.session()).toEqual(IDLE);
    expect(f.log.stopped).toEqual(['tab-closed']);
  });

  it('survives a restart: a new controller on the same store can stop the share', async () => {
    await createShareController(f.deps).start({ id: 7 });
    await createShareController(f.deps).stop();
    expect(f.session()).toEqual(IDLE);
    expect(f.log.stopped).toEqual(['stopped']);
  });

  it('knows which pages Chrome cannot capture', () => {
    expect(isCapturable('https://example.com/')).toBe(true);
    expect(isCapturable(undefined)).toBe(true);
    expect(isCapturable('https://chrome.google.com/webstore/detail/x')).toBe(false);
    expect(isCapturable('https://chromewebstore.google.com/')).toBe(false);
  });
});
