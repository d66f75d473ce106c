import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createShareController, isCapturable, type ShareDeps } from '../../src/background/share-controller';
import { AppError } from '../../src/shared/errors';
import type { HostStart, SourceChoice, SourceRequest, TabInfo } from '../../src/shared/protocol';
import { IDLE, type EndReason, type Session } from '../../src/shared/session';
import type { Settings } from '../../src/shared/settings';
import { fromBase64Url } from '../../src/shared/base64url';
import { listedViewer } from './fakes/viewers';

const settings: Settings = {
  viewerUrl: 'https://watch.example/',
  broker: null,
  iceServers: [],
  askToJoin: true,
  liveText: true,
  controlYieldsToSharer: true,
  maxViewers: 3,
  expiryMinutes: 30,
  quality: 'motion',
  maxHeight: 720,
  maxFramerate: null,
  maxBitrateKbps: 1500,
  mediaServer: null,
};

const tab = (id: number, more: Omit<TabInfo, 'id'> = {}): SourceChoice => ({ kind: 'tab', tab: { id, ...more } });

/** In-memory platform: the session store, a host that records calls, a clipboard. */
function fakes(overrides: Partial<ShareDeps> = {}) {
  let stored: Session = IDLE;
  const log = {
    shown: [] as string[],
    started: [] as HostStart[],
    sources: [] as SourceRequest[],
    stopped: [] as EndReason[],
    copied: [] as string[],
    commands: [] as string[],
    crashChecks: [] as number[],
    injected: [] as number[],
  };
  /** Tabs whose page Chrome does not let TabBeam draw on. */
  const blocked = new Set<number>();
  /** Tabs whose renderer has crashed. */
  const crashed = new Set<number>();
  let n = 0;
  const deps: ShareDeps = {
    session: { get: async () => stored, set: async (s) => void (stored = structuredClone(s)) },
    loadSettings: async () => settings,
    streamIdFor: async (tabId) => `stream-${tabId}`,
    tabCrashed: async (tabId) => {
      log.crashChecks.push(tabId);
      return crashed.has(tabId);
    },
    host: {
      start: async (req) => void log.started.push(req),
      stop: async (reason) => void log.stopped.push(reason),
      source: async (req) => void log.sources.push(req),
      mic: async (on) => void log.commands.push(`mic:${on}`),
      muteForMe: async (muted) => void log.commands.push(`mute-for-me:${muted}`),
      quality: async (preset) => void log.commands.push(`quality:${preset}`),
      lock: async (locked) => void log.commands.push(`lock:${locked}`),
      pause: async (paused) => void log.commands.push(`pause:${paused}`),
      admit: async (id, allow) => void log.commands.push(`admit:${id}:${allow}`),
      kick: async (id) => void log.commands.push(`kick:${id}`),
      pointing: async (allowed) => void log.commands.push(`pointing:${allowed}`),
      copying: async (allowed) => void log.commands.push(`copying:${allowed}`),
      grantControl: async (id, allow) => void log.commands.push(`grantControl:${id}:${allow}`),
      takeBackControl: async () => void log.commands.push('takeBackControl'),
      viewerPointing: async (id, allowed) => void log.commands.push(`viewer-pointing:${id}:${allowed}`),
    },
    injectOverlay: async (tabId) => {
      log.injected.push(tabId);
      return !blocked.has(tabId);
    },
    copyToClipboard: async (text) => void log.copied.push(text),
    show: async (s) => void log.shown.push(s.state),
    randomToken: () => String(++n).padStart(26, 'a'),
    now: () => 1000,
    ...overrides,
  };
  return { deps, log, crashed, blocked, session: () => stored };
}

/** Fakes whose offscreen host throws `error` from `method`. */
function hostFailing(method: keyof ShareDeps['host'], error: AppError) {
  const f = fakes();
  f.deps.host[method] = async () => {
    throw error;
  };
  return f;
}

describe('share controller', () => {
  let f: ReturnType<typeof fakes>;
  beforeEach(() => {
    f = fakes();
  });

  it('a click goes live: stream ID, host started with the quality settings, link built and copied', async () => {
    const controller = createShareController(f.deps);
    await controller.share(tab(7, { url: 'https://example.com/', width: 1280, height: 720 }));
    const session = f.session();
    expect(session).toMatchObject({
      state: 'live',
      source: { kind: 'tab', tabId: 7 },
      startedAt: 1000,
      viewers: [],
      locked: false,
      paused: false,
      mic: false,
      mutedForMe: false,
      quality: 'motion',
      expiresAt: 1000 + 30 * 60_000,
    });
    if (session.state !== 'live') throw new Error();
    expect(f.log.started).toEqual([
      {
        source: { kind: 'tab', tabId: 7, streamId: 'stream-7', size: { width: 1280, height: 720 } },
        peerId: session.peerId,
        secret: expect.any(String),
        broker: null,
        iceServers: [],
        mediaServer: null,
        askToJoin: true,
        maxViewers: 3,
        expiresAt: 1000 + 30 * 60_000,
        quality: 'motion',
        limits: { maxHeight: 720, maxFramerate: null, maxBitrateKbps: 1500 },
        pointing: true,
        copying: true,
        controlYieldsToSharer: true,
      },
    ]);
    expect(session.link).toBe(
      `https://watch.example/#id=${session.peerId}&k=${f.log.started[0]!.secret}&c=${session.link.split('&c=')[1]}`,
    );
    expect(f.log.copied).toEqual([session.link]);
    expect(f.log.shown).toEqual(['starting', 'live', 'live']); // live, then with the overlay in
  });

  it('a media server goes to the host whole, and into the link as its address and secret only', async () => {
    const mediaServer = { url: 'wss://janus.example.com/', apiSecret: 's3cret', threshold: 5 };
    const g = fakes({ loadSettings: async () => ({ ...settings, mediaServer }) });
    await createShareController(g.deps).share(tab(7));
    expect(g.log.started).toMatchObject([{ mediaServer, broker: null, iceServers: [] }]);
    const session = g.session();
    if (session.state !== 'live') throw new Error();
    // The threshold is the host's business: the link's config has the address and secret, nothing more.
    const config = JSON.parse(
      new TextDecoder().decode(fromBase64Url(new URLSearchParams(new URL(session.link).hash.slice(1)).get('c')!)),
    );
    expect(config).toEqual({ i: [], m: { u: mediaServer.url, s: mediaServer.apiSecret } });
  });

  it('a TURN server with a shared secret: host and link get credentials that expire with the share, never the secret', async () => {
    const turn = { urls: ['turns:turn.example.com:443?transport=tcp'], secret: 'stays-in-the-extension' };
    const g = fakes({ loadSettings: async () => ({ ...settings, iceServers: [{ urls: ['stun:s.example'] }, turn] }) });
    await createShareController(g.deps).share(tab(7));
    const session = g.session();
    if (session.state !== 'live') throw new Error();
    // The share started at 1000 and stops itself after 30 minutes; the credentials then (+5 minutes' margin).
    const username = `${Math.ceil((1000 + 35 * 60_000) / 1000)}:tabbeam`;
    const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
    const minted = [{ urls: ['stun:s.example'] }, { urls: turn.urls, username, credential }];
    expect(g.log.started[0]!.iceServers).toEqual(minted);
    const config = new TextDecoder().decode(
      fromBase64Url(new URLSearchParams(new URL(session.link).hash.slice(1)).get('c')!),
    );
    expect(JSON.parse(config)).toEqual({ i: minted });
    expect(config + JSON.stringify(g.log.started)).not.toContain(turn.secret);
  });

  it('two quick clicks start one share', async () => {
    const controller = createShareController(f.deps);
    await Promise.all([controller.share(tab(7)), controller.share(tab(7))]);
    expect(f.log.started).toHaveLength(1);
    expect(f.log.sources).toEqual([]);
  });

  it('refuses the Web Store with a clear error and never opens a host', async () => {
    const controller = createShareController(f.deps);
    await controller.share(tab(1, { url: 'https://chromewebstore.google.com/detail/x' }));
    expect(f.session()).toEqual({ state: 'error', error: { code: 'not-capturable' } });
    expect(f.log.started).toEqual([]);
  });

  it("passes on Chrome's refusal to capture as a clear error", async () => {
    f = fakes({
      streamIdFor: async () => {
        throw new AppError('not-capturable');
      },
    });
    await createShareController(f.deps).share(tab(1));
    expect(f.session()).toEqual({ state: 'error', error: { code: 'not-capturable' } });
    expect(f.log.started).toEqual([]);
  });

  it('a failing broker ends in an error naming it, with the host torn down', async () => {
    f = hostFailing('start', new AppError('broker-unreachable', 'http://127.0.0.1:9/'));
    const controller = createShareController(f.deps);
    await controller.share(tab(1, { url: 'https://example.com/' }));
    expect(f.session()).toEqual({
      state: 'error',
      error: { code: 'broker-unreachable', detail: 'http://127.0.0.1:9/' },
    });
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
    await createShareController(f.deps).share(tab(1));
    expect(f.session()).toMatchObject({ state: 'error', error: { code: 'bad-settings' } });
    expect(captured).toBe(false);
  });

  it('tracks viewers while live, and Stop ends the share once', async () => {
    const controller = createShareController(f.deps);
    await controller.share(tab(7));
    await controller.viewersChanged([listedViewer({ id: 'v1', joinedAt: 5 })]);
    expect(f.session()).toMatchObject({ state: 'live', viewers: [{ id: 'v1' }], left: [] });
    const gone = { id: 'w', code: '🍐', at: 6 };
    await controller.viewersChanged([listedViewer({ id: 'v1', joinedAt: 5 })], [gone]);
    expect(f.session()).toMatchObject({ state: 'live', viewers: [{ id: 'v1' }], left: [gone] });
    await Promise.all([controller.stop(), controller.stop()]);
    expect(f.session()).toEqual(IDLE);
    expect(f.log.stopped).toEqual(['stopped']);
  });

  it('passes the controls to the host only while live, and records them in the session', async () => {
    const controller = createShareController(f.deps);
    await controller.lock(true);
    await controller.mic(true);
    await controller.quality('text');
    expect(f.log.commands).toEqual([]);
    await controller.share(tab(7));
    await controller.lock(true);
    await controller.pause(true);
    await controller.mic(true);
    await controller.muteForMe(true);
    await controller.quality('text');
    await controller.admit('v1', false);
    await controller.kick('v2');
    expect(f.log.commands).toEqual([
      'lock:true',
      'pause:true',
      'mic:true',
      'mute-for-me:true',
      'quality:text',
      'admit:v1:false',
      'kick:v2',
    ]);
    expect(f.session()).toMatchObject({
      state: 'live',
      locked: true,
      paused: true,
      mic: true,
      mutedForMe: true,
      quality: 'text',
    });
    await controller.mic(false);
    await controller.muteForMe(false);
    expect(f.session()).toMatchObject({ mic: false, mutedForMe: false });
  });

  it('a refused microphone is reported to the caller and leaves the mic off', async () => {
    f = hostFailing('mic', new AppError('mic-denied'));
    const controller = createShareController(f.deps);
    await controller.share(tab(7));
    await expect(controller.mic(true)).rejects.toMatchObject({ code: 'mic-denied' });
    expect(f.session()).toMatchObject({ state: 'live', mic: false });
    await controller.lock(true); // the queue carries on
    expect(f.session()).toMatchObject({ locked: true });
  });

  it('closing the shared tab ends the share; closing another tab does not', async () => {
    const controller = createShareController(f.deps);
    await controller.share(tab(7));
    await controller.tabClosed(8);
    expect(f.session().state).toBe('live');
    await controller.tabClosed(7);
    expect(f.session()).toEqual(IDLE);
    expect(f.log.stopped).toEqual(['tab-closed']);
  });

  it('survives a restart: a new controller on the same store can stop the share', async () => {
    await createShareController(f.deps).share(tab(7));
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

  describe('pointing', () => {
    it('puts the overlay into the shared tab once live, and says where Chrome refuses it', async () => {
      const f = fakes();
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      expect(f.log.injected).toEqual([7]);
      expect(f.session()).toMatchObject({ state: 'live', pointing: true, overlay: 'on' });
      // The tab moves to a page Chrome does not let TabBeam draw on: the popup says so.
      f.blocked.add(7);
      await controller.tabLoaded(7);
      expect(f.session()).toMatchObject({ overlay: 'blocked' });
      // Another tab loading changes nothing.
      await controller.tabLoaded(99);
      expect(f.log.injected).toEqual([7, 7]);
    });

    it('has no overlay for a picked source or the camera, and injects again when a tab is shown', async () => {
      const f = fakes();
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      await controller.share({ kind: 'camera' });
      expect(f.session()).toMatchObject({ source: { kind: 'camera' }, overlay: 'none' });
      await controller.tabLoaded(7); // the old tab is not shown any more
      expect(f.log.injected).toEqual([7]);
      await controller.share(tab(8));
      expect(f.log.injected).toEqual([7, 8]);
      expect(f.session()).toMatchObject({ overlay: 'on' });
    });

    it("passes the sharer's switches to the host", async () => {
      const f = fakes();
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      await controller.pointing(false);
      await controller.viewerPointing('v1', false);
      expect(f.log.commands).toEqual(['pointing:false', 'viewer-pointing:v1:false']);
      expect(f.session()).toMatchObject({ pointing: false });
    });
  });

  describe('sources', () => {
    it("asks the offscreen host to show Chrome's picker, without a tab grant", async () => {
      let captured = false;
      f = fakes({
        streamIdFor: async () => {
          captured = true;
          return 's';
        },
      });
      await createShareController(f.deps).share({ kind: 'picked' });
      expect(f.log.started).toMatchObject([{ source: { kind: 'picked' } }]);
      expect(f.session()).toMatchObject({ state: 'live', source: { kind: 'picked' } });
      expect(captured).toBe(false);
    });

    it('shares the camera', async () => {
      await createShareController(f.deps).share({ kind: 'camera' });
      expect(f.log.started).toMatchObject([{ source: { kind: 'camera' } }]);
      expect(f.session()).toMatchObject({ state: 'live', source: { kind: 'camera' } });
    });

    it('closing the picker while idle goes back to idle without an error, host torn down', async () => {
      f = hostFailing('start', new AppError('cancelled'));
      await createShareController(f.deps).share({ kind: 'picked' });
      expect(f.session()).toEqual(IDLE);
      expect(f.log.stopped).toEqual(['stopped']);
      expect(f.log.shown).toEqual(['starting', 'idle']);
    });

    it('closing the picker while live keeps showing the old source', async () => {
      f = hostFailing('source', new AppError('cancelled'));
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      const live = f.session();
      await expect(controller.share({ kind: 'picked' })).rejects.toMatchObject({ code: 'cancelled' });
      expect(f.session()).toEqual(live);
      expect(f.log.stopped).toEqual([]);
    });

    it('sharing another tab while live switches the source on the running host', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      const before = f.session();
      await controller.share(tab(8, { url: 'https://example.org/', width: 800, height: 600 }));
      expect(f.log.sources).toEqual([
        { kind: 'tab', tabId: 8, streamId: 'stream-8', size: { width: 800, height: 600 } },
      ]);
      expect(f.log.started).toHaveLength(1);
      expect(f.session()).toEqual({ ...before, source: { kind: 'tab', tabId: 8 } }); // same link, same viewers
    });

    it('keeps both the switch and the viewers the host reports while it switches', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));

      // The offscreen host publishes its list as it takes the new source (remote control ends there).
      f.deps.host.source = async () => {
        void controller.viewersChanged([listedViewer()]);
      };
      // A store that takes a moment to read, as chrome.storage does: writes beside each other would race.
      const get = f.deps.session.get;
      f.deps.session.get = async () => {
        const read = await get();
        await new Promise((r) => setTimeout(r, 5));
        return read;
      };
      await controller.share(tab(8));
      await controller.dismiss(); // runs once the queue before it has drained
      expect(f.session()).toMatchObject({ source: { kind: 'tab', tabId: 8 }, viewers: [{ id: 'v' }] });
    });

    it('sharing the tab already shown changes nothing', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      const shown = f.log.shown.length;
      await controller.share(tab(7));
      expect(f.log.sources).toEqual([]);
      expect(f.log.shown).toHaveLength(shown);
    });

    it('switches from a tab to the camera, and a refused tab leaves the source as it was', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      await controller.share({ kind: 'camera' });
      expect(f.log.sources).toEqual([{ kind: 'camera' }]);
      expect(f.session()).toMatchObject({ state: 'live', source: { kind: 'camera' } });
      await expect(controller.share(tab(9, { url: 'https://chromewebstore.google.com/' }))).rejects.toMatchObject({
        code: 'not-capturable',
      });
      expect(f.session()).toMatchObject({ state: 'live', source: { kind: 'camera' } });
    });

    it('after a switch, closing the old tab keeps the share; closing the new one ends it', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      await controller.share(tab(8));
      await controller.tabClosed(7);
      expect(f.session().state).toBe('live');
      await controller.tabClosed(8);
      expect(f.session()).toEqual(IDLE);
      expect(f.log.stopped).toEqual(['tab-closed']);
    });
  });

  describe("while Chrome's picker is open", () => {
    /** A host whose start or switch waits until the test answers the picker. */
    function pending() {
      let answer!: (result: 'picked' | 'closed') => void;
      const picked = new Promise<'picked' | 'closed'>((resolve) => (answer = resolve));
      const wait = async () => {
        if ((await picked) === 'closed') throw new AppError('internal', 'message port closed');
      };
      return { answer, wait };
    }

    it('Cancel ends a starting share at once, without waiting for the picker', async () => {
      const picker = pending();
      f.deps.host.start = picker.wait;
      let closed = false;
      f.deps.host.stop = async (reason) => {
        f.log.stopped.push(reason);
        if (closed) return;
        closed = true;
        picker.answer('closed'); // closing the offscreen document fails the pending start…
        await new Promise((r) => setTimeout(r, 10)); // …before the close itself has finished
      };
      const controller = createShareController(f.deps);
      const starting = controller.share({ kind: 'picked' });
      await vi.waitFor(() => expect(f.session().state).toBe('starting'));
      await controller.stop();
      expect(f.session()).toEqual(IDLE);
      await starting;
      expect(f.session()).toEqual(IDLE); // the failed start does not turn into an error
    });

    it('a live share keeps answering Stop and viewers while a switch waits on the picker', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      const picker = pending();
      f.deps.host.source = picker.wait;
      const switching = controller.share({ kind: 'picked' }).catch((e: unknown) => e);
      await controller.viewersChanged([listedViewer({ joinedAt: 1, code: 'c' })]);
      expect(f.session()).toMatchObject({ state: 'live', viewers: [{ id: 'v' }] });
      await controller.stop();
      expect(f.session()).toEqual(IDLE);
      picker.answer('closed');
      expect(await switching).toMatchObject({ code: 'internal' });
      expect(f.session()).toEqual(IDLE);
    });

    it('a new service worker ends a start the old one left half done', async () => {
      const picker = pending();
      f.deps.host.start = picker.wait;
      void createShareController(f.deps).share({ kind: 'picked' });
      await vi.waitFor(() => expect(f.session().state).toBe('starting'));
      await createShareController(f.deps).recover();
      expect(f.session()).toEqual(IDLE);
      expect(f.log.stopped).toEqual(['stopped']);
    });
  });

  describe('a still source', () => {
    it('ends the share when the shared tab crashed, not when its page is merely still', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      await controller.sourceStill();
      expect(f.session().state).toBe('live');
      f.crashed.add(7);
      await controller.sourceStill();
      expect(f.session()).toEqual(IDLE);
      expect(f.log.stopped).toEqual(['tab-crashed']);
      expect(f.log.crashChecks).toEqual([7, 7]);
    });

    it('checks the tab shown now, and never a tab when the source is not one', async () => {
      const controller = createShareController(f.deps);
      await controller.share(tab(7));
      await controller.share(tab(8));
      f.crashed.add(7); // the old tab
      await controller.sourceStill();
      expect(f.session().state).toBe('live');
      expect(f.log.crashChecks).toEqual([8]);
      f.crashed.add(8);
      await controller.share({ kind: 'picked' });
      await controller.sourceStill();
      await controller.share({ kind: 'camera' });
      await controller.sourceStill();
      expect(f.session().state).toBe('live');
      expect(f.log.stopped).toEqual([]);
      expect(f.log.crashChecks).toEqual([8]);
    });
  });
});
