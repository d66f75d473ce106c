import { describe, expect, it, vi } from 'vitest';
import { CONTROL_GAP_MS, type HostOptions, type ToOverlay } from '../../../src/offscreen/host';
import { CLICK_RATE, CONTROL_ASK_COOLDOWN_MS, KEY_RATE, type RemoteInput } from '../../../src/shared/remote-control';
import type { HostMessage } from '../../../src/shared/wire';
import type { FakeConnection } from '../fakes/peer';
import { host, useFakeMedia, watching } from './harness';

const controlSent = (conn: FakeConnection) =>
  (conn.sent as HostMessage[]).flatMap((m) => (m.t === 'control' ? [m.state] : []));
const CLICK: RemoteInput = { k: 'click', at: [0.5, 0.5], n: 1 };
const KEY: RemoteInput = { k: 'key', key: 'a', mods: 0 };

describe('share host: remote control', () => {
  useFakeMedia();

  /** A host on a tab whose overlay records what it is told, on a clock the test moves. */
  async function controlHost(overrides: Partial<HostOptions> = {}) {
    let clock = 1_000_000;
    const told: ToOverlay[] = [];
    const made = await host({ now: () => clock, ...overrides });
    const overlay = (m: ToOverlay) => void told.push(m);
    made.share.setOverlay('tab', overlay, 'https://example.com');
    const inputs = () => told.flatMap((m) => (m.t === 'input' ? [m.input] : []));
    const latest = <T extends ToOverlay['t']>(t: T) =>
      told.filter((m) => m.t === t).at(-1) as Extract<ToOverlay, { t: T }>;
    return { ...made, told, overlay, inputs, latest, tick: (ms: number) => (clock += ms) };
  }

  /** Two viewers watching; `a` asked and the sharer let it control. */
  async function granted(overrides: Partial<HostOptions> = {}) {
    const made = await controlHost(overrides);
    const a = await watching(made.peer, 'a');
    const b = await watching(made.peer, 'b');
    a.conn.emit('data', { t: 'ask-control' });
    made.share.grantControl('a', true);
    return { ...made, a: a.conn, b: b.conn };
  }

  it('asks the sharer in the popup and the tab, lets the one it allows control, and tells every viewer', async () => {
    const { share, peer, updates, latest } = await controlHost();
    const a = await watching(peer, 'a');
    const b = await watching(peer, 'b');
    expect(controlSent(a.conn)).toEqual(['idle']);
    a.conn.emit('data', { t: 'ask-control' });
    expect(controlSent(a.conn)).toEqual(['idle', 'asking']);
    expect(updates.at(-1)).toMatchObject([
      { id: 'a', control: 'asking' },
      { id: 'b', control: null },
    ]);
    const code = updates.at(-1)![0]!.code;
    expect(latest('control-asks').asks).toEqual([{ viewer: 'a', words: code }]);
    share.grantControl('a', true);
    expect(controlSent(a.conn).at(-1)).toBe('granted');
    expect(controlSent(b.conn).at(-1)).toBe('busy');
    expect(updates.at(-1)).toMatchObject([
      { id: 'a', control: 'controlling' },
      { id: 'b', control: null },
    ]);
    expect(latest('controller')).toEqual({ t: 'controller', words: code, yields: true });
    expect(latest('control-asks').asks).toEqual([]);
  });

  it("passes only the controlling viewer's input, within its rates; anything else is dropped and counted", async () => {
    const { share, a, b, inputs, tick } = await granted();
    a.emit('data', { t: 'input', input: CLICK });
    b.emit('data', { t: 'input', input: CLICK }); // not granted
    b.emit('data', { t: 'input', input: { k: 'click', at: [2, 0.5], n: 1 } }); // no such point: closes b
    expect(inputs()).toEqual([CLICK]);
    // Under the host's flood limit for any connection (admission.ts MESSAGE_RATE), over these.
    for (let i = 0; i < 30; i++) a.emit('data', { t: 'input', input: CLICK });
    for (let i = 0; i < 70; i++) a.emit('data', { t: 'input', input: KEY });
    expect(inputs().filter((input) => input.k === 'click')).toHaveLength(CLICK_RATE);
    expect(inputs().filter((input) => input.k === 'key')).toHaveLength(KEY_RATE);
    expect(share.controlDropped()).toBe(1 + (31 - CLICK_RATE) + (70 - KEY_RATE));
    tick(1000);
    a.emit('data', { t: 'input', input: KEY });
    expect(inputs().at(-1)).toEqual(KEY);
  });

  it('ends control when the sharer takes it back, in the popup or the tab, and when the viewer gives it back', async () => {
    const { share, a, inputs, latest } = await granted();
    share.takeBackControl();
    expect(controlSent(a).at(-1)).toBe('idle');
    expect(latest('controller').words).toBeNull();
    a.emit('data', { t: 'input', input: CLICK });
    expect(inputs()).toEqual([]);
    a.emit('data', { t: 'ask-control' });
    share.grantControl('a', true);
    share.overlayReport({ t: 'take-back' }); // the banner, Esc twice, or the sharer's own input
    expect(controlSent(a).at(-1)).toBe('idle');
    a.emit('data', { t: 'ask-control' });
    share.overlayReport({ t: 'control-answer', viewer: 'a', allow: true }); // the in-tab prompt
    expect(controlSent(a).at(-1)).toBe('granted');
    a.emit('data', { t: 'release-control' });
    expect(controlSent(a).at(-1)).toBe('idle');
  });

  it('ends control on pause, another source, the viewer leaving, and a page of another origin', async () => {
    const run = async (end: (made: Awaited<ReturnType<typeof granted>>) => void) => {
      const made = await granted();
      end(made);
      expect(made.latest('controller').words).toBeNull();
      if (made.a.open) expect(controlSent(made.a).at(-1)).not.toBe('granted');
      made.a.emit('data', { t: 'input', input: CLICK });
      expect(made.inputs()).toEqual([]);
      return made;
    };
    const paused = await run(({ share }) => share.pause(true));
    paused.a.emit('data', { t: 'ask-control' }); // nobody asks while paused
    expect(paused.updates.at(-1)).toMatchObject([{ id: 'a', control: null }, { id: 'b' }]);
    await run(({ share, video }) => share.setVideo(video.asTrack()));
    await run(({ a }) => a.emit('close'));
    await run(({ share, overlay }) => {
      share.setOverlay('tab', null); // the page navigates…
      share.setOverlay('tab', overlay, 'https://elsewhere.example'); // …to another origin
    });
  });

  it('keeps control across a page of the same origin, and ends it when no page comes back in time', async () => {
    const { share, a, overlay, inputs } = await granted();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      share.setOverlay('tab', null);
      a.emit('data', { t: 'input', input: CLICK }); // no page to act on: dropped
      share.setOverlay('tab', overlay, 'https://example.com');
      vi.advanceTimersByTime(CONTROL_GAP_MS);
      expect(controlSent(a).at(-1)).toBe('granted');
      a.emit('data', { t: 'input', input: CLICK });
      expect(inputs()).toEqual([CLICK]);
      share.setOverlay('tab', null); // a browser page, say: no overlay comes
      vi.advanceTimersByTime(CONTROL_GAP_MS);
      expect(controlSent(a).at(-1)).toBe('page');
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a denied viewer ask again only after the cool-down, and a controller cannot answer for itself', async () => {
    const { share, peer, tick } = await controlHost();
    const { conn } = await watching(peer, 'a');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      conn.emit('data', { t: 'ask-control' });
      share.grantControl('a', false);
      expect(controlSent(conn).at(-1)).toBe('denied');
      conn.emit('data', { t: 'ask-control' });
      expect(controlSent(conn).at(-1)).toBe('denied');
      tick(CONTROL_ASK_COOLDOWN_MS);
      vi.advanceTimersByTime(CONTROL_ASK_COOLDOWN_MS);
      expect(controlSent(conn).at(-1)).toBe('idle');
      conn.emit('data', { t: 'ask-control' });
      expect(controlSent(conn).at(-1)).toBe('asking');
      // Nothing on the wire answers a request or grants control: only the sharer's popup, notification or tab.
      conn.emit('data', { t: 'control-answer', viewer: 'a', allow: true });
      conn.emit('data', { t: 'control', state: 'granted' });
      expect(conn.open).toBe(false);
      expect(controlSent(conn).at(-1)).toBe('asking');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says why control cannot be asked for: no page yet, or a source that is not a tab', async () => {
    const { share, peer } = await host();
    const { conn } = await watching(peer, 'a');
    expect(controlSent(conn)).toEqual(['source']);
    share.setOverlay('tab', null);
    share.setOverlay('tab', () => undefined, 'https://example.com');
    conn.emit('data', { t: 'ask-control' });
    expect(controlSent(conn)).toEqual(['source', 'page', 'idle', 'asking']);
  });
});
