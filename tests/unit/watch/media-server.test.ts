// A viewer moved to the media server's room and back.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deriveShareKey } from '../../../src/shared/e2ee/frame-crypto';
import { buildShareLink } from '../../../src/shared/share-link';
import type { FeedOptions, ServerFeed } from '../../../src/viewer/watch/server-feed';
import { audioTrack, streamOf, videoTrack, type FakeTrack } from '../fakes/media';
import { HOST_FP } from '../fakes/peer';
import { hash, peerId, secret, watch } from './harness';

describe('viewer with a media server', () => {
  const server = { url: 'wss://janus.example/', apiSecret: 'api-secret' };
  const serverHash = new URL(
    buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [], mediaServer: server }),
  ).hash;
  // The host's picture and the room's, each with its own tracks: the hand-off swaps tracks in the
  // stream the page plays, so the player never restarts.
  let fakeStream = streamOf(videoTrack('host-v'), audioTrack('host-a'));
  const hostTracks = fakeStream.getTracks();
  const feedStream = streamOf(videoTrack('room-v'), audioTrack('room-a'));
  beforeEach(() => {
    fakeStream = streamOf(...(hostTracks as unknown as FakeTrack[]));
  });

  /** A subscription that records what it was given; the test plays its first frame and its loss. */
  /** `failures`: how many subscriptions are refused before one succeeds. */
  function fakeFeeds(failures = 0) {
    const feeds: { options: FeedOptions; keys: number[]; closed: boolean }[] = [];
    const attempts = { count: 0 };
    const subscribeFeed = async (options: FeedOptions): Promise<ServerFeed> => {
      if (attempts.count++ < failures) throw new Error('428 No such feed');
      const record = { options, keys: [...options.keys.keys()], closed: false };
      feeds.push(record);
      return {
        stream: feedStream,
        setKey: (id) => void record.keys.push(id),
        stats: async () => new Map() as unknown as RTCStatsReport,
        close: () => void (record.closed = true),
      };
    };
    return { feeds, subscribeFeed, attempts };
  }

  async function liveWith(subscribe: ReturnType<typeof fakeFeeds>, h = serverHash) {
    const v = watch(h, HOST_FP, { subscribeFeed: subscribe.subscribeFeed });
    const conn = await v.throughProof();
    v.call().emit('stream', fakeStream);
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live', via: 'direct' }));
    return { v, conn };
  }

  it('subscribes where the host says, with the key from the link, and swaps the picture at the first frame', async () => {
    const subscribe = fakeFeeds();
    const { v, conn } = await liveWith(subscribe);
    conn.emit('data', { t: 'relay', room: 1234, pin: 'pin-pin-pin', feed: 99 });
    await vi.waitFor(() => expect(subscribe.feeds).toHaveLength(1));
    const feed = subscribe.feeds[0]!;
    expect(feed.options).toMatchObject({ server, room: 1234, pin: 'pin-pin-pin', feed: 99 });
    // Key 0 is the one the host derives from the same secret and share ID.
    const expected = await deriveShareKey(secret, peerId);
    expect(feed.options.keys.get(0)?.algorithm).toEqual(expected.algorithm);
    // The host's picture stays until the room's first frame.
    expect(v.streams.at(-1)).toBe(fakeStream);
    expect(conn.sent).not.toContainEqual({ t: 'via', route: 'server' });
    feed.options.onFirstFrame();
    // The room's picture plays in the same stream, in place of the host's.
    expect(v.streams.at(-1)).toBe(fakeStream);
    expect(fakeStream.getTracks()).toEqual(feedStream.getTracks());
    expect(v.last()).toMatchObject({ kind: 'live', via: 'server' });
    expect(conn.sent).toContainEqual({ t: 'via', route: 'server' });
    // A new key after someone was removed reaches the subscription.
    conn.emit('data', { t: 'key', id: 1, k: 'A'.repeat(22) });
    await vi.waitFor(() => expect(feed.keys).toEqual([0, 1]));
    // The host says the server is gone: back to its own connection.
    conn.emit('data', { t: 'direct' });
    expect(feed.closed).toBe(true);
    expect(v.streams.at(-1)).toBe(fakeStream);
    expect(fakeStream.getTracks()).toEqual(hostTracks);
    expect(v.last()).toMatchObject({ kind: 'live', via: 'direct' });
  });

  it('a refused subscription is tried once more', async () => {
    const subscribe = fakeFeeds(1);
    const { conn } = await liveWith(subscribe);
    conn.emit('data', { t: 'relay', room: 1234, pin: 'pin-pin-pin', feed: 99 });
    await vi.waitFor(() => expect(subscribe.feeds).toHaveLength(1), { timeout: 3000 });
    subscribe.feeds[0]!.options.onFirstFrame();
    expect(conn.sent).toContainEqual({ t: 'via', route: 'server' });
    expect(conn.sent).not.toContainEqual({ t: 'via', route: 'direct' });
  });

  it("a feed that fails goes back to the host's picture and tells the host", async () => {
    const subscribe = fakeFeeds();
    const { v, conn } = await liveWith(subscribe);
    conn.emit('data', { t: 'relay', room: 1234, pin: 'pin-pin-pin', feed: 99 });
    await vi.waitFor(() => expect(subscribe.feeds).toHaveLength(1));
    subscribe.feeds[0]!.options.onFirstFrame();
    subscribe.feeds[0]!.options.onLost();
    expect(v.streams.at(-1)).toBe(fakeStream);
    expect(fakeStream.getTracks()).toEqual(hostTracks);
    expect(conn.sent.at(-1)).toEqual({ t: 'via', route: 'direct' });
    expect(v.last()).toMatchObject({ kind: 'live', via: 'direct' });
  });

  it("stays on the host's connection when it cannot subscribe, or its link names no media server", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = fakeFeeds(Infinity);
    const { conn } = await liveWith(failing);
    conn.emit('data', { t: 'relay', room: 1234, pin: 'pin-pin-pin', feed: 99 });
    await vi.waitFor(() => expect(conn.sent.at(-1)).toEqual({ t: 'via', route: 'direct' }), { timeout: 3000 });
    expect(failing.attempts.count).toBe(2); // once more after SUBSCRIBE_RETRY_MS, then no more
    const none = fakeFeeds();
    const plain = await liveWith(none, hash);
    plain.conn.emit('data', { t: 'relay', room: 1234, pin: 'pin-pin-pin', feed: 99 });
    await vi.waitFor(() => expect(plain.conn.sent.at(-1)).toEqual({ t: 'via', route: 'direct' }));
    expect(none.feeds).toHaveLength(0);
    warn.mockRestore();
  });
});
