// Handshake: the proof, the host's call and what the host says, up to the picture.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { START_BITRATE_KBPS } from '../../../src/shared/sdp';
import { WIRE_VERSION } from '../../../src/shared/wire';
import { RETRY_BACKOFF_MS, STEP_TIMEOUT_MS } from '../../../src/viewer/watch';
import { ATTACKER_FP, HOST_FP } from '../fakes/peer';
import {
  CODE,
  certificate,
  fakeClock,
  fakeStream,
  hash,
  otherStream,
  peerId,
  reconnect,
  watch,
  watchingLive,
  LIVE,
} from './harness';

describe('viewer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('walks broker → host → proof → media → live, proving the secret on the way', async () => {
    const v = watch();
    expect(v.last()).toEqual({ kind: 'connecting', step: 'broker' });
    const peer = await v.ready();
    expect(peer.options).toMatchObject({ config: { iceServers: [], certificates: [certificate] } });
    await v.throughProof();
    expect(v.last()).toEqual({ kind: 'connecting', step: 'media' });
    const media = v.call();
    expect(media.answered).toBe(true);
    media.emit('stream', fakeStream);
    expect(v.last()).toEqual({ ...LIVE });
    expect(v.streams).toEqual([fakeStream]);
  });

  it('a malformed link never touches the network', () => {
    const v = watch('#id=nope');
    expect(v.last()).toEqual({ kind: 'error', problem: 'bad-link' });
    expect(v.peer()).toBeUndefined();
  });

  it('a wrong secret (the host cannot make the key MAC) says the link is not valid', async () => {
    const v = watch();
    const conn = await v.connect();
    const media = v.call(); // placed beside the proof
    media.emit('stream', fakeStream);
    await v.challenge(conn, { withSecret: 'z'.repeat(26) });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'denied' }));
    expect(conn.sent).toHaveLength(1); // hello only: no proof for an unproven host
    conn.emit('data', { t: 'welcome', code: 'x' });
    expect(v.streams).toEqual([null]);
    expect(v.peer()!.destroyed).toBe(true);
  });

  it('a man in the middle (right secret, other fingerprints) raises the security warning', async () => {
    const v = watch(hash, ATTACKER_FP);
    const conn = await v.connect();
    const media = v.call(peerId, ATTACKER_FP); // the relay's call, beside the proof
    media.emit('stream', fakeStream);
    await v.challenge(conn, { viewerFingerprint: ATTACKER_FP });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'security' }));
    expect(conn.sent).toHaveLength(1);
    conn.emit('data', { t: 'welcome', code: 'x' });
    expect(v.streams).toEqual([null]);
  });

  it('takes the call placed beside the proof, but shows the picture only once the host has proven itself and let it in', async () => {
    const v = watch();
    const conn = await v.connect();
    // The host calls right after the hello, before its challenge.
    const media = v.call();
    expect(media.answered).toBe(true);
    expect(media.closed).toBe(false);
    media.emit('stream', fakeStream);
    expect(v.streams).toEqual([]);
    expect(v.last()).toEqual({ kind: 'connecting', step: 'proof' });
    await v.prove(conn);
    // Proven, but not let in yet.
    expect(v.streams).toEqual([]);
    expect(v.last()).toEqual({ kind: 'connecting', step: 'proof' });
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toEqual({ ...LIVE }));
    expect(v.streams).toEqual([fakeStream]);
  });

  it('answers with a start bitrate and sends nothing back', async () => {
    const v = watch();
    await v.connect();
    const media = v.call();
    expect(media.answerStream).toBeUndefined();
    const transform = media.answerOptions?.sdpTransform;
    expect(transform).toBeTypeOf('function');
    const sdp = ['v=0', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000', ''].join('\r\n');
    expect(transform!(sdp).split('\r\n')).toContain(`a=fmtp:96 x-google-start-bitrate=${START_BITRATE_KBPS}`);
  });

  it('asks every receiver for the lowest latency once the stream arrives', async () => {
    const v = watch();
    await v.connect();
    const media = v.call();
    expect(media.peerConnection.getReceivers().map((r) => r.jitterBufferTarget)).toEqual([null, null]);
    media.emit('stream', fakeStream);
    expect(media.peerConnection.getReceivers().map((r) => r.jitterBufferTarget)).toEqual([0, 0]);
  });

  it('a welcome from a host that has not proven itself counts for nothing', async () => {
    const v = watch();
    const conn = await v.connect();
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'connecting', step: 'proof' }));
    // Once the host has proven itself, the picture still waits for a welcome that comes after.
    await v.prove(conn);
    const media = v.call();
    media.emit('stream', fakeStream);
    expect(v.streams).toEqual([]);
    expect(v.last()).toEqual({ kind: 'connecting', step: 'proof' });
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live' }));
    expect(v.streams).toEqual([fakeStream]);
  });

  it('shows nothing to a viewer waiting to be let in, whenever its stream arrives, until the welcome', async () => {
    for (const early of [true, false]) {
      const v = watch();
      const conn = await v.connect();
      const media = v.call();
      if (early) media.emit('stream', fakeStream);
      await v.prove(conn);
      conn.emit('data', { t: 'waiting' });
      await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code: CODE }));
      if (!early) media.emit('stream', fakeStream);
      expect(v.streams).toEqual([]);
      expect(v.last()).toEqual({ kind: 'waiting', code: CODE });
      conn.emit('data', { t: 'welcome', code: 'x' });
      await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live', paused: false }));
      expect(v.streams).toEqual([fakeStream]);
    }
  });

  it('refuses a call that comes before its connection to the host', async () => {
    const v = watch();
    await v.ready();
    const tooSoon = v.call(); // the broker is not even open
    expect(tooSoon.answered).toBe(false);
    expect(tooSoon.closed).toBe(true);
    // It took no place: the host's own call after the hello is taken.
    const conn = await v.connect();
    const media = v.call();
    expect(media.answered).toBe(true);
    media.emit('stream', fakeStream);
    await v.prove(conn);
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live' }));
  });

  it('refuses a call from anyone but the host', async () => {
    const v = watch();
    const conn = await v.connect();
    const impostor = v.call('x'.repeat(26), HOST_FP);
    expect(impostor.answered).toBe(false);
    expect(impostor.closed).toBe(true);
    impostor.emit('stream', otherStream);
    const media = v.call();
    expect(media.answered).toBe(true);
    media.emit('stream', fakeStream);
    await v.prove(conn);
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live' }));
    expect(v.streams).toEqual([fakeStream]);
  });

  it('takes one call per attempt: a second one is refused, before the picture and once it is up', async () => {
    const v = watch();
    const conn = await v.connect();
    const first = v.call();
    const second = v.call();
    expect(second.answered).toBe(false);
    expect(second.closed).toBe(true);
    second.emit('stream', otherStream);
    await v.prove(conn);
    conn.emit('data', { t: 'welcome', code: 'x' });
    expect(v.streams).toEqual([]);
    first.emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    const third = v.call();
    expect(third.answered).toBe(false);
    expect(third.closed).toBe(true);
    expect(first.closed).toBe(false);
    expect(v.streams).toEqual([fakeStream]);
  });

  it.each([
    ['before the proof', 'early'],
    ['after the welcome', 'late'],
  ] as const)(
    'a media connection with another certificate than the proven host raises the security warning (stream %s)',
    async (_, when) => {
      const v = watch();
      const conn = await v.connect();
      const swapped = v.call(peerId, ATTACKER_FP);
      expect(swapped.answered).toBe(true);
      if (when === 'early') swapped.emit('stream', fakeStream);
      await v.prove(conn);
      conn.emit('data', { t: 'welcome', code: 'x' });
      if (when === 'late') swapped.emit('stream', fakeStream);
      await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'security' }));
      expect(swapped.closed).toBe(true);
      expect(v.streams).toEqual([null]);
      expect(v.peer()!.destroyed).toBe(true);
    },
  );

  it('a media connection with another certificate on a reconnect is a security failure too, and the last attempt', async () => {
    fakeClock();
    const { v } = await watchingLive();
    const conn = await reconnect(v);
    const attempt = v.peer()!;
    const swapped = v.call(peerId, ATTACKER_FP);
    swapped.emit('stream', fakeStream);
    expect(v.last()).toEqual({ kind: 'error', problem: 'security' });
    expect(swapped.closed).toBe(true);
    expect(v.streams.at(-1)).toBeNull();
    expect(conn.closed || v.peer()!.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS.at(-1)! + STEP_TIMEOUT_MS);
    expect(v.peer()).toBe(attempt); // no new attempt
    expect(v.last()).toEqual({ kind: 'error', problem: 'security' });
  });

  it('a pause that comes before the picture: the picture starts paused', async () => {
    const v = watch();
    const conn = await v.throughProof();
    conn.emit('data', { t: 'paused', paused: true });
    const media = v.call();
    media.emit('stream', fakeStream);
    expect(v.last()).toEqual({ ...LIVE, paused: true });
    conn.emit('data', { t: 'paused', paused: false });
    expect(v.last()).toEqual({ ...LIVE });
    // A resume before the picture counts as much as a pause.
    const w = watch();
    const wConn = await w.throughProof();
    wConn.emit('data', { t: 'paused', paused: true });
    wConn.emit('data', { t: 'paused', paused: false });
    w.call().emit('stream', fakeStream);
    expect(w.last()).toEqual({ ...LIVE });
  });

  it.each([
    ['peer-unavailable', 'not-found'],
    ['network', 'broker-unreachable'],
    ['server-error', 'broker-unreachable'],
    ['webrtc', 'connection-failed'],
  ])('names PeerJS error %s as %s', async (type, problem) => {
    const v = watch();
    const peer = await v.ready();
    peer.fail(type);
    expect(v.last()).toMatchObject({ kind: 'error', problem });
    expect(peer.destroyed).toBe(true);
  });

  it.each([
    [{ t: 'end', reason: 'stopped' }, { kind: 'ended' }],
    [
      { t: 'denied', reason: 'full' },
      { kind: 'error', problem: 'full' },
    ],
    [
      { t: 'denied', reason: 'locked' },
      { kind: 'error', problem: 'locked' },
    ],
    [
      { t: 'denied', reason: 'rejected' },
      { kind: 'error', problem: 'rejected' },
    ],
    [{ t: 'kicked' }, { kind: 'error', problem: 'kicked' }],
    // A version denial names the side to update: a newer host (this page reloads), or an older one.
    [
      { t: 'denied', reason: 'version', v: WIRE_VERSION + 1 },
      { kind: 'error', problem: 'version' },
    ],
    [
      { t: 'denied', reason: 'version', v: WIRE_VERSION - 1 },
      { kind: 'error', problem: 'host-outdated' },
    ],
    [
      { t: 'denied', reason: 'version' },
      { kind: 'error', problem: 'host-outdated' },
    ],
  ])('host says %j → %j', async (message, state) => {
    const v = watch();
    const conn = await v.throughProof();
    conn.emit('data', message);
    await vi.waitFor(() => expect(v.last()).toEqual(state));
  });
});
