// The page's network changes under a live picture: the viewer gets back at once (a new attempt,
// no backoff) once the events settle and the picture's connection has gone quiet; a change that
// leaves the connection receiving, or only Chrome's speed estimate moving, changes nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  NETWORK_SETTLE_MS,
  RECEIVING_CHECK_MS,
  transportBytes,
  watchNetwork,
  type NetworkSignals,
} from '../../../src/viewer/watch/network-change';
import { fakeStream, watch } from './harness';

type NetworkEvent = 'online' | 'offline' | 'change';

/** A page's network under the test's control: online or not, its kind, and the events it fires. */
function fakeNetwork(type: string | null = null) {
  const listeners = new Set<(event: NetworkEvent) => void>();
  const state = { onLine: true, type };
  const signals: NetworkSignals = {
    online: () => state.onLine,
    type: () => state.type,
    listen(on) {
      listeners.add(on);
      return () => listeners.delete(on);
    },
  };
  const fire = (event: NetworkEvent) => {
    if (event === 'online') state.onLine = true;
    if (event === 'offline') state.onLine = false;
    for (const on of listeners) on(event);
  };
  return {
    state,
    signals,
    fire,
    /** What a move from one network to another fires, within a few ms (seen in Chromium 156). */
    move() {
      for (const event of ['offline', 'change', 'change', 'online', 'change', 'change'] as const) fire(event);
    },
    listeners,
  };
}

/** A connection whose received bytes the test moves. */
function counter() {
  const c = { bytes: 1000 as number | null, flowing: false };
  return {
    c,
    bytesReceived: async () => {
      if (c.flowing && c.bytes !== null) c.bytes += 500;
      return c.bytes;
    },
  };
}

/** watchNetwork on fake timers, a fake network and a counted connection (flowing or not). */
function watched(type: string | null = null, flowing = false) {
  vi.useFakeTimers();
  const net = fakeNetwork(type);
  const { c, bytesReceived } = counter();
  c.flowing = flowing;
  const onChange = vi.fn();
  const stop = watchNetwork({ signals: net.signals, bytesReceived, onChange });
  return { net, c, onChange, stop };
}

const settleAndCheck = () => vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + RECEIVING_CHECK_MS + 10);

describe('network changes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a move from one network to another, with the connection gone quiet: one onChange, once settled and online', async () => {
    const { net, onChange } = watched();
    net.move();
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS - 10);
    expect(onChange).not.toHaveBeenCalled(); // still settling
    await settleAndCheck();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('a connection that still receives after the change is left alone', async () => {
    const { net, c, onChange } = watched(null, true);
    net.move();
    await settleAndCheck();
    expect(onChange).not.toHaveBeenCalled();
    // No connection to ask (no picture yet): it is taken as gone.
    c.bytes = null;
    net.move();
    await settleAndCheck();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it("Chrome's speed estimate moving is no change; a new kind of network is, without going offline", async () => {
    const { net, onChange } = watched('wifi');
    net.fire('change');
    await settleAndCheck();
    expect(onChange).not.toHaveBeenCalled();
    net.state.type = 'cellular';
    net.fire('change');
    await settleAndCheck();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('offline: nothing until the network is back, then no more waiting than the settling', async () => {
    const { net, onChange } = watched();
    net.fire('offline');
    await vi.advanceTimersByTimeAsync(5000);
    expect(onChange).not.toHaveBeenCalled();
    net.fire('online');
    // The bytes were counted when the network went: 5 s of nothing already says the connection is gone.
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + 5);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('a change during a check starts the wait over: one onChange for the lot', async () => {
    const { net, onChange } = watched();
    net.move();
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + 20); // checking, not yet decided
    expect(onChange).not.toHaveBeenCalled();
    net.fire('offline'); // gone again in the middle of the check
    net.fire('online');
    await settleAndCheck();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('stops listening when stopped, a check under way included', async () => {
    const { net, onChange, stop } = watched();
    net.move();
    await vi.advanceTimersByTimeAsync(NETWORK_SETTLE_MS + 10);
    stop();
    await settleAndCheck();
    expect(onChange).not.toHaveBeenCalled();
    expect(net.listeners.size).toBe(0);
  });

  it("counts the bytes of a stats report's transports", () => {
    const report = new Map<string, Record<string, unknown>>([
      ['T01', { type: 'transport', bytesReceived: 1200 }],
      ['T02', { type: 'transport', bytesReceived: 300 }],
      ['IT', { type: 'inbound-rtp', bytesReceived: 99 }],
    ]) as unknown as RTCStatsReport;
    expect(transportBytes(report)).toBe(1500);
    expect(transportBytes(new Map() as unknown as RTCStatsReport)).toBeNull();
    expect(transportBytes(null)).toBeNull();
  });
});

describe('a live viewer whose network changes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A viewer live on the host's picture, its network under the test's control. */
  async function live() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const net = fakeNetwork();
    const v = watch(undefined, undefined, { network: net.signals });
    await v.throughProof();
    const call = v.call();
    call.emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    return { v, net, call };
  }

  it('starts a new attempt at once, without the heartbeat or the backoff: new peer, fresh proof, picture back', async () => {
    const { v, net } = await live();
    const first = v.peer()!;
    net.move();
    await settleAndCheck(); // the fake call reports no transport: its connection counts as quiet
    expect(first.destroyed).toBe(true);
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    expect(v.streams.at(-1)).toBeNull();
    await vi.advanceTimersByTimeAsync(1); // no backoff
    await vi.waitFor(() => expect(v.peer()).not.toBe(first));
    await v.throughProof();
    v.call().emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    expect(v.streams.at(-1)).toBe(fakeStream);
  });

  it('keeps a connection that still receives, and stops watching the network once closed', async () => {
    const { v, net, call } = await live();
    const first = v.peer()!;
    let bytes = 0;
    call.peerConnection.getStats = async () =>
      new Map([['T01', { type: 'transport', bytesReceived: (bytes += 1000) }]]) as never;
    net.move();
    await settleAndCheck();
    expect(v.peer()).toBe(first);
    expect(v.last()).toMatchObject({ kind: 'live' });
    v.watching.close();
    expect(net.listeners.size).toBe(0);
  });
});
