import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildShareLink } from '../../src/shared/share-link';
import { HEARTBEAT_TIMEOUT_MS } from '../../src/shared/wire';
import { STEP_TIMEOUT_MS, watchShare, type ViewState } from '../../src/viewer/watch';
import { FakeConnection, FakePeer } from './fakes/peer';

const peerId = 'h'.repeat(26);
const secret = 'k'.repeat(26);
const hash = new URL(buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [] })).hash;

function watch(h = hash) {
  let peer!: FakePeer;
  const states: ViewState[] = [];
  const streams: (MediaStream | null)[] = [];
  const stop = watchShare({
    hash: h,
    createPeer: (options) => {
      peer = new FakePeer('viewer', options);
      return peer.asPeer();
    },
    onState: (s) => states.push(s),
    onStream: (s) => streams.push(s),
  });
  const last = () => states.at(-1);
  /** Broker open → data connection open → welcome. */
  const connect = () => {
    peer.emit('open', 'viewer');
    const conn = peer.connections[0]!;
    conn.open = true;
    conn.emit('open');
    conn.emit('data', { t: 'welcome' });
    return conn;
  };
  const call = (from = peerId) => {
    const media = new FakeConnection(from);
    peer.emit('call', media);
    return media;
  };
  return { peer: () => peer, states, streams, last, connect, call, stop };
}

describe('viewer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('walks broker → host → media → live and proves the secret on the way', () => {
    const v = watch();
    expect(v.last()).toEqual({ kind: 'connecting', step: 'broker' });
    expect(v.peer().options).toMatchObject({ config: { iceServers: [] } });
    const conn = v.connect();
    expect(conn.peer).toBe(peerId);
    expect(conn.sent).toEqual([{ t: 'hello', v: 1, secret }]);
    expect(v.last()).toEqual({ kind: 'connecting', step: 'media' });
    const media = v.call();
    expect(media.answered).toBe(true);
    const stream = { id: 's', getAudioTracks: () => [] } as unknown as MediaStream;
    media.emit('stream', stream);
    expect(v.last()).toEqual({ kind: 'live' });
    expect(v.streams).toEqual([stream]);
  });

  it('a malformed link never touches the network', () => {
    const v = watch('#id=nope');
    expect(v.last()).toEqual({ kind: 'error', problem: 'bad-link' });
    expect(v.peer()).toBeUndefined();
  });

  it('refuses a call from anyone but the host of the link', () => {
    const v = watch();
    v.connect();
    const impostor = v.call('x'.repeat(26));
    expect(impostor.answered).toBe(false);
    expect(impostor.closed).toBe(true);
  });

  it.each([
    ['peer-unavailable', 'not-found'],
    ['network', 'broker-unreachable'],
    ['server-error', 'broker-unreachable'],
    ['webrtc', 'connection-failed'],
  ])('names PeerJS error %s as %s', (type, problem) => {
    const v = watch();
    v.peer().fail(type);
    expect(v.last()).toMatchObject({ kind: 'error', problem });
    expect(v.peer().destroyed).toBe(true);
  });

  it('shows ended when the host says so, and denied on a refused secret', () => {
    const ended = watch();
    ended.connect().emit('data', { t: 'end', reason: 'stopped' });
    expect(ended.last()).toEqual({ kind: 'ended' });
    const denied = watch();
    const conn = denied.connect();
    conn.emit('data', { t: 'denied', reason: 'bad-secret' });
    expect(denied.last()).toEqual({ kind: 'error', problem: 'denied' });
    // Nothing after the end changes the state.
    conn.emit('data', { t: 'end', reason: 'stopped' });
    expect(denied.last()).toEqual({ kind: 'error', problem: 'denied' });
  });

  it('never waits forever: each step has a deadline with its own message', async () => {
    const broker = watch();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(broker.last()).toMatchObject({ kind: 'error', problem: 'broker-unreachable', broker: expect.stringContaining('PeerJS public broker') });
    const media = watch();
    media.connect();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(media.last()).toEqual({ kind: 'error', problem: 'connection-failed' });
  });

  it('notices a host that went silent while live', async () => {
    const v = watch();
    v.connect();
    v.call().emit('stream', { getAudioTracks: () => [] });
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
    expect(v.last()).toEqual({ kind: 'error', problem: 'lost' });
    expect(v.streams.at(-1)).toBeNull();
  });
});
