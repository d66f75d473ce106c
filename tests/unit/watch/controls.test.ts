// What a live viewer sends (preferences, pointer marks), versions, and closing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_TIMEOUT_MS, WIRE_VERSION, type PointerMessage } from '../../../src/shared/wire';
import { RETRY_BACKOFF_MS } from '../../../src/viewer/watch';
import { dot, fakeClock, fakeStream, marks, prefers, reconnect, watch, watchingLive, LIVE } from './harness';

describe('viewer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks the host for a sharper or smoother picture once live, not before', async () => {
    const v = watch();
    const conn = await v.throughProof();
    v.watching.prefer('sharper');
    expect(prefers(conn)).toEqual([]);
    v.call().emit('stream', fakeStream);
    expect(prefers(conn)).toEqual([{ t: 'prefer', want: 'sharper' }]);
    v.watching.prefer('smoother');
    v.watching.prefer('auto');
    expect(prefers(conn)).toEqual([
      { t: 'prefer', want: 'sharper' },
      { t: 'prefer', want: 'smoother' },
      { t: 'prefer', want: 'auto' },
    ]);
  });

  it('asks again after a reconnect, once the picture is back', async () => {
    fakeClock();
    const { v, conn: first } = await watchingLive();
    v.watching.prefer('smoother');
    expect(prefers(first)).toEqual([{ t: 'prefer', want: 'smoother' }]);
    const second = await reconnect(v);
    expect(prefers(second)).toEqual([]);
    v.call().emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    expect(prefers(second)).toEqual([{ t: 'prefer', want: 'smoother' }]);
  });

  it('a viewer back on Auto asks for nothing after a reconnect', async () => {
    fakeClock();
    const { v } = await watchingLive();
    v.watching.prefer('sharper');
    v.watching.prefer('auto');
    const second = await reconnect(v);
    v.call().emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    expect(prefers(second)).toEqual([]);
  });

  it('a host of another wire version refuses right after the hello: the page says which side to update', async () => {
    for (const [denial, problem] of [
      [{ t: 'denied', reason: 'version' }, 'host-outdated'], // hosts before 5 send no version
      [{ t: 'denied', reason: 'version', v: 4 }, 'host-outdated'],
      [{ t: 'denied', reason: 'version', v: WIRE_VERSION + 3 }, 'version'],
    ] as const) {
      const v = watch();
      const conn = await v.connect();
      conn.emit('data', denial);
      await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem }));
      expect(v.peer()!.destroyed).toBe(true);
    }
  });

  it("keeps the host's pointing state: 'off' until it says, then each change, the one sent at the welcome included", async () => {
    const v = watch();
    const conn = await v.throughProof();
    conn.emit('data', { t: 'pointing', state: 'on' }); // with the welcome, before the picture
    expect(v.last()).toEqual({ kind: 'connecting', step: 'media' });
    v.call().emit('stream', fakeStream);
    expect(v.last()).toEqual({ ...LIVE, pointing: 'on' });
    const seen = v.states.length;
    conn.emit('data', { t: 'pointing', state: 'on' }); // no change, no new state
    expect(v.states).toHaveLength(seen);
    for (const state of ['page', 'source', 'off', 'on'] as const) {
      conn.emit('data', { t: 'pointing', state });
      expect(v.last()).toEqual({ ...LIVE, pointing: state });
    }
    conn.emit('data', { t: 'paused', paused: true });
    expect(v.last()).toEqual({ ...LIVE, paused: true, pointing: 'on' });
    conn.emit('data', { t: 'pointing', state: 'nonsense' }); // not a state: ignored
    expect(v.last()).toMatchObject({ pointing: 'on' });
  });

  it("sends pointer marks only while live, not paused and pointing is 'on'; drops them otherwise", async () => {
    const v = watch();
    const conn = await v.throughProof();
    conn.emit('data', { t: 'pointing', state: 'on' });
    v.watching.point(dot); // not live yet
    expect(marks(conn)).toEqual([]);
    v.call().emit('stream', fakeStream);
    const messages: PointerMessage[] = [
      dot,
      { t: 'point', at: null },
      { t: 'tap', at: [1, 0] },
      {
        t: 'ink',
        stroke: 3,
        points: [
          [0, 0],
          [0.5, 0.5],
        ],
      },
    ];
    messages.forEach((m) => v.watching.point(m));
    expect(marks(conn)).toEqual(messages);
    for (const state of ['off', 'source', 'page'] as const) {
      conn.emit('data', { t: 'pointing', state });
      v.watching.point(dot);
    }
    conn.emit('data', { t: 'pointing', state: 'on' });
    conn.emit('data', { t: 'paused', paused: true });
    v.watching.point(dot);
    expect(marks(conn)).toEqual(messages);
    conn.emit('data', { t: 'paused', paused: false });
    v.watching.point(dot);
    expect(marks(conn)).toEqual([...messages, dot]);
    conn.emit('data', { t: 'end', reason: 'stopped' });
    v.watching.point(dot);
    expect(marks(conn)).toHaveLength(messages.length + 1);
  });

  it("a bad link's viewer drops marks too", () => {
    const v = watch('#id=nope');
    expect(() => v.watching.point(dot)).not.toThrow();
  });

  it("after a reconnect, pointing is 'off' again until the host says, and marks go on the new connection", async () => {
    fakeClock();
    const { v, conn: first } = await watchingLive();
    first.emit('data', { t: 'pointing', state: 'on' });
    expect(v.last()).toMatchObject({ kind: 'live', pointing: 'on' });
    const second = await reconnect(v);
    v.watching.point(dot); // reconnecting: dropped
    v.call().emit('stream', fakeStream);
    expect(v.last()).toEqual({ ...LIVE });
    v.watching.point(dot);
    expect(marks(second)).toEqual([]);
    second.emit('data', { t: 'pointing', state: 'on' });
    v.watching.point(dot);
    expect(marks(second)).toEqual([dot]);
    expect(marks(first)).toEqual([]);
  });

  it('closing stops the viewer: no new attempt after the host goes silent', async () => {
    fakeClock();
    const { v } = await watchingLive();
    const peer = v.peer()!;
    v.watching.close();
    expect(peer.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + RETRY_BACKOFF_MS[0]! + 2000);
    expect(v.peer()).toBe(peer);
  });
});
