import { describe, expect, it, vi } from 'vitest';
import { KEY_SWITCH_MS } from '../../../src/offscreen/host/media-server';
import type { HostMessage } from '../../../src/shared/wire';
import { fakeRoom } from '../fakes/server-room';
import { host, last, mediaServer, MOTION, relayTo, settle, TEXT, useFakeMedia, watching } from './harness';

describe('share host with a media server', () => {
  useFakeMedia();

  it('stays peer to peer up to the threshold, then publishes once and tells every viewer where to subscribe', async () => {
    const room = fakeRoom();
    const states: string[] = [];
    const { share, peer, updates } = await host({
      mediaServer,
      openServerRoom: room.open,
      onServer: (s) => states.push(s),
    });
    const a = await watching(peer, 'a');
    const b = await watching(peer, 'b');
    expect(room.made).toHaveLength(0);
    expect(a.pc.sending()[1]).not.toBeNull(); // peer to peer, as before
    const c = await watching(peer, 'c');
    await vi.waitFor(() => expect(room.made).toHaveLength(1));
    // The room's key is derived from the link secret and the share ID; its bitrate has no cap of its
    // own; it is tuned for the share's look from its first frame, not retuned once running.
    expect(room.made[0]!.options).toMatchObject({
      server: { url: mediaServer.url, apiSecret: 'api-secret' },
      keyId: 0,
      bitrate: 0,
      sending: TEXT,
    });
    for (const v of [a, b, c])
      await vi.waitFor(() =>
        expect(relayTo(v.conn)).toEqual({ t: 'relay', room: 1234, pin: 'pin-number-0', feed: 99 }),
      );
    expect(states).toEqual(['on']);
    // The viewer that took the share over the threshold waited for the room: no encoder of its own.
    expect(c.pc.sending()).toEqual([null, null]);
    // Still sending peer to peer until each viewer says the room's picture is up.
    expect(a.pc.sending()[1]).not.toBeNull();
    a.conn.emit('data', { t: 'via', route: 'server' });
    await settle();
    expect(a.pc.sending()).toEqual([null, null]);
    expect(b.pc.sending()[1]).not.toBeNull();
    expect(updates.at(-1)!.find((v) => v.id === 'a')!.via).toBe('server');
    // Fewer viewers later: the share stays on the room.
    b.conn.emit('close');
    c.conn.emit('close');
    await settle();
    expect(room.made[0]!.closed).toBe(false);
    await share.end('stopped');
    expect(room.made[0]!.closed).toBe(true);
  });

  it('sends a viewer who joins later straight to the room, and back to its own connection if it cannot watch there', async () => {
    const room = fakeRoom();
    const { peer } = await host({ mediaServer: { ...mediaServer, threshold: 0 }, openServerRoom: room.open });
    const first = await watching(peer, 'first');
    await vi.waitFor(() => expect(relayTo(first.conn)).toBeDefined());
    const late = await watching(peer, 'late');
    expect(relayTo(late.conn)).toBeDefined();
    expect(late.pc.sending()).toEqual([null, null]); // no encoder started for it
    late.conn.emit('data', { t: 'via', route: 'direct' });
    await settle();
    expect(late.pc.sending()[1]).not.toBeNull();
  });

  it('stays peer to peer when the server cannot be reached, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const room = fakeRoom(true);
    const states: string[] = [];
    const { peer } = await host({
      mediaServer: { ...mediaServer, threshold: 0 },
      openServerRoom: room.open,
      onServer: (s) => states.push(s),
    });
    const a = await watching(peer, 'a');
    await vi.waitFor(() => expect(states).toEqual(['unreachable']));
    expect(relayTo(a.conn)).toBeUndefined();
    expect(a.pc.sending()[1]).not.toBeNull();
    // A "via server" without a room is ignored.
    a.conn.emit('data', { t: 'via', route: 'server' });
    await settle();
    expect(a.pc.sending()[1]).not.toBeNull();
    warn.mockRestore();
  });

  it('brings everyone back peer to peer when the server is lost', async () => {
    const room = fakeRoom();
    const states: string[] = [];
    const { peer } = await host({
      mediaServer: { ...mediaServer, threshold: 0 },
      openServerRoom: room.open,
      onServer: (s) => states.push(s),
    });
    const a = await watching(peer, 'a');
    await vi.waitFor(() => expect(relayTo(a.conn)).toBeDefined());
    a.conn.emit('data', { t: 'via', route: 'server' });
    await settle();
    expect(a.pc.sending()).toEqual([null, null]);
    room.made[0]!.options.onLost();
    await settle();
    expect(last(a.conn)).toEqual({ t: 'direct' });
    expect(a.pc.sending()[1]).not.toBeNull();
    expect(states).toEqual(['on', 'lost']);
    expect(room.made[0]!.closed).toBe(true);
  });

  it('Remove hands everyone else a new key before frames use it, and changes the PIN', async () => {
    const room = fakeRoom();
    const { share, peer } = await host({ mediaServer: { ...mediaServer, threshold: 0 }, openServerRoom: room.open });
    const stay = await watching(peer, 'stay');
    const go = await watching(peer, 'go');
    await vi.waitFor(() => expect(relayTo(go.conn)).toBeDefined());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    share.kick('go');
    await vi.waitFor(() =>
      expect(last(stay.conn)).toEqual({ t: 'key', id: 1, k: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) }),
    );
    expect((go.conn.sent as HostMessage[]).some((m) => m.t === 'key')).toBe(false);
    expect(room.made[0]!.keys).toEqual([0]); // not yet: the key is on its way
    await vi.advanceTimersByTimeAsync(KEY_SWITCH_MS + 10);
    expect(room.made[0]!.keys).toEqual([0, 1]);
    expect(room.made[0]!.pins).toBe(1);
    // A viewer let in later gets the current key with the room.
    vi.useRealTimers();
    const next = await watching(peer, 'next');
    const sent = next.conn.sent as HostMessage[];
    expect(sent.findIndex((m) => m.t === 'key')).toBeLessThan(sent.findIndex((m) => m.t === 'relay'));
    expect(relayTo(next.conn)).toMatchObject({ pin: 'pin-number-1' });
  });

  it('pauses the room with the share, and applies Sharper/Smoother from a viewer on it room-wide', async () => {
    const room = fakeRoom();
    const { share, peer } = await host({ mediaServer: { ...mediaServer, threshold: 0 }, openServerRoom: room.open });
    const a = await watching(peer, 'a');
    await vi.waitFor(() => expect(room.made).toHaveLength(1));
    a.conn.emit('data', { t: 'via', route: 'server' });
    share.pause(true);
    expect(room.made[0]!.tracks.at(-1)).toEqual([null, null]);
    share.pause(false);
    expect(room.made[0]!.tracks.at(-1)![0]).not.toBeNull();
    a.conn.emit('data', { t: 'prefer', want: 'smoother' });
    await vi.waitFor(() => expect(room.made[0]!.tunes.at(-1)).toEqual(MOTION));
  });
});
