import { afterEach, describe, expect, it, vi } from 'vitest';
import { importSecret, sign, type Transcript } from '../../src/shared/proof';
import { START_BITRATE_KBPS } from '../../src/shared/sdp';
import { buildShareLink } from '../../src/shared/share-link';
import { HEARTBEAT_TIMEOUT_MS, WIRE_VERSION, type PointerMessage } from '../../src/shared/wire';
import type { FeedOptions, ServerFeed } from '../../src/viewer/server-feed';
import { NOT_FOUND_MEANS_ENDED, RETRY_BACKOFF_MS, STEP_TIMEOUT_MS, watchShare, type ViewState, type WatchOptions } from '../../src/viewer/watch';
import { deriveShareKey } from '../../src/shared/e2ee/frame-crypto';
import { ATTACKER_FP, FakeConnection, FakePeer, HOST_FP, VIEWER_FP } from './fakes/peer';

const peerId = 'h'.repeat(26);
const secret = 'k'.repeat(26);
const hash = new URL(buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [] })).hash;
const certificate = { getFingerprints: () => [{ algorithm: 'sha-256', value: VIEWER_FP.toLowerCase() }] } as unknown as RTCCertificate;
const fakeStream = { id: 's', getAudioTracks: () => [] } as unknown as MediaStream;
const otherStream = { id: 'o', getAudioTracks: () => [] } as unknown as MediaStream;
const CODE = expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/);

function watch(h = hash, remoteFingerprint = HOST_FP, extra: Partial<WatchOptions> = {}) {
  let peer: FakePeer | undefined;
  const states: ViewState[] = [];
  const streams: (MediaStream | null)[] = [];
  const certificates = { made: 0 };
  const watching = watchShare({
    hash: h,
    createPeer: (options) => {
      peer = new FakePeer('viewer', options);
      peer.remoteFingerprint = remoteFingerprint;
      return peer.asPeer();
    },
    createCertificate: async () => {
      certificates.made++;
      return certificate;
    },
    onState: (s) => states.push(s),
    onStream: (s) => streams.push(s),
    ...extra,
  });
  const last = () => states.at(-1);
  const ready = async () => {
    await vi.waitFor(() => expect(peer).toBeDefined());
    return peer!;
  };
  /** Broker open → data connection open → hello; returns the connection the host side sees. */
  const connect = async () => {
    const p = await ready();
    p.emit('open', 'viewer');
    const conn = p.connections[0]!;
    conn.open = true;
    conn.emit('open');
    return conn;
  };
  /** The real host's challenge, computed over the fingerprints the host sees. */
  const challenge = async (conn: FakeConnection, { withSecret = secret, viewerFingerprint = VIEWER_FP } = {}) => {
    const hello = conn.sent[0] as { nonce: string };
    const transcript: Transcript = { hostFingerprint: HOST_FP, viewerFingerprint, hostNonce: 'c'.repeat(22), viewerNonce: hello.nonce };
    const key = await importSecret(withSecret);
    conn.emit('data', { t: 'challenge', nonce: transcript.hostNonce, key: await sign(key, 'key', transcript), mac: await sign(key, 'host', transcript) });
    return { transcript, key };
  };
  /** The host's challenge, and the viewer's proof once it has checked it. */
  const prove = async (conn: FakeConnection) => {
    const { transcript, key } = await challenge(conn);
    await vi.waitFor(() => expect(conn.sent.at(-1)).toEqual({ t: 'proof', mac: expect.any(String) }));
    expect(conn.sent.at(-1)).toEqual({ t: 'proof', mac: await sign(key, 'viewer', transcript) });
  };
  /** A full honest handshake up to the host's welcome; returns the data connection. */
  const throughProof = async () => {
    const conn = await connect();
    await prove(conn);
    conn.emit('data', { t: 'welcome', code: 'x' });
    return conn;
  };
  const call = (from = peerId, fingerprint = HOST_FP) => {
    const media = new FakeConnection(from, fingerprint);
    peer!.emit('call', media);
    return media;
  };
  return { peer: () => peer, ready, states, streams, last, connect, challenge, prove, throughProof, call, watching, certificates };
}

/** Timers and Date under the test's control, for heartbeats and backoffs. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

/** A viewer through the handshake and showing the host's picture; `conn` is its data connection. */
async function watchingLive() {
  const v = watch();
  const conn = await v.throughProof();
  v.call().emit('stream', fakeStream);
  return { v, conn };
}

const prefers = (conn: FakeConnection) => conn.sent.filter((m) => (m as { t: string }).t === 'prefer');
const POINTER_TYPES = ['point', 'tap', 'ink'];
const marks = (conn: FakeConnection) => conn.sent.filter((m) => POINTER_TYPES.includes((m as { t: string }).t));
const dot: PointerMessage = { t: 'point', at: [0.25, 0.5] };

/** The host goes silent; the viewer starts over on a new peer. Returns the new data connection, proven, before the call. */
async function reconnect(v: ReturnType<typeof watch>) {
  const first = v.peer()!;
  await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
  expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
  await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
  await vi.waitFor(() => expect(v.peer()).not.toBe(first));
  return v.throughProof();
}

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
    expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: 'off', via: 'direct' });
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
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: 'off', via: 'direct' }));
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
  ] as const)('a media connection with another certificate than the proven host raises the security warning (stream %s)', async (_, when) => {
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
  });

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
    expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: true, pointing: 'off', via: 'direct' });
    conn.emit('data', { t: 'paused', paused: false });
    expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: 'off', via: 'direct' });
    // A resume before the picture counts as much as a pause.
    const w = watch();
    const wConn = await w.throughProof();
    wConn.emit('data', { t: 'paused', paused: true });
    wConn.emit('data', { t: 'paused', paused: false });
    w.call().emit('stream', fakeStream);
    expect(w.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: 'off', via: 'direct' });
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
    [{ t: 'denied', reason: 'full' }, { kind: 'error', problem: 'full' }],
    [{ t: 'denied', reason: 'locked' }, { kind: 'error', problem: 'locked' }],
    [{ t: 'denied', reason: 'rejected' }, { kind: 'error', problem: 'rejected' }],
    [{ t: 'kicked' }, { kind: 'error', problem: 'kicked' }],
    // A version denial names the side to update: a newer host (this page reloads), or an older one.
    [{ t: 'denied', reason: 'version', v: WIRE_VERSION + 1 }, { kind: 'error', problem: 'version' }],
    [{ t: 'denied', reason: 'version', v: WIRE_VERSION - 1 }, { kind: 'error', problem: 'host-outdated' }],
    [{ t: 'denied', reason: 'version' }, { kind: 'error', problem: 'host-outdated' }],
  ])('host says %j → %j', async (message, state) => {
    const v = watch();
    const conn = await v.throughProof();
    conn.emit('data', message);
    await vi.waitFor(() => expect(v.last()).toEqual(state));
  });

  it('waits for the host to let it in, and shows a pause', async () => {
    const v = watch();
    const conn = await v.connect();
    await v.challenge(conn);
    await vi.waitFor(() => expect(conn.sent).toHaveLength(2));
    conn.emit('data', { t: 'waiting' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code: CODE }));
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'connecting', step: 'media' }));
    v.call().emit('stream', fakeStream);
    conn.emit('data', { t: 'paused', paused: true });
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live', paused: true }));
  });

  it('never waits forever: each step has a deadline with its own message', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    // A self-hosted broker, named by its address in the message (tests name no public server).
    const local = { host: '127.0.0.1', port: 9000, path: '/', secure: false, key: 'peerjs' } as const;
    const broker = watch(new URL(buildShareLink('https://w.example/', { peerId, secret, broker: local, iceServers: [] })).hash);
    await broker.ready();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(broker.last()).toMatchObject({ kind: 'error', problem: 'broker-unreachable', broker: 'http://127.0.0.1:9000/' });
    const media = watch();
    await media.throughProof();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(media.last()).toEqual({ kind: 'error', problem: 'connection-failed' });
  });

  it('a slow answer to the hello is judged by the step deadline, not the heartbeat', async () => {
    // Before the proof the host sends no pings: a host (or a relay in between) that takes longer
    // than the heartbeat to answer must still get its answer checked (a broker in the middle is
    // then caught as 'security', not reported as a failed connection).
    fakeClock();
    const v = watch();
    const conn = await v.connect();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 2000);
    expect(v.last()).toEqual({ kind: 'connecting', step: 'proof' });
    await v.challenge(conn, { viewerFingerprint: ATTACKER_FP });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'security' }));
  });

  it('a viewer that was watching reconnects with a fresh proof when the host goes silent', async () => {
    fakeClock();
    const { v } = await watchingLive();
    const first = v.peer()!;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    expect(v.streams.at(-1)).toBeNull();
    expect(first.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
    await vi.waitFor(() => expect(v.peer()).not.toBe(first));
    // A whole new handshake on the new peer, and the picture is back.
    await v.throughProof();
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    v.call().emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    expect(v.streams.at(-1)).toBe(fakeStream);
  });

  it('a viewer waiting to be let in that loses the connection gets back in line: new peer, fresh proof, same certificate', async () => {
    fakeClock();
    const v = watch();
    const conn = await v.connect();
    await v.prove(conn);
    conn.emit('data', { t: 'waiting' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code: CODE }));
    const code = (v.last() as { code: string }).code;
    const first = v.peer()!;

    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500); // the page stalled, or the host dropped it
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    expect(first.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
    await vi.waitFor(() => expect(v.peer()).not.toBe(first));
    const again = await v.connect();
    expect((again.sent[0] as { nonce: string }).nonce).not.toBe((conn.sent[0] as { nonce: string }).nonce);
    await v.prove(again);
    again.emit('data', { t: 'waiting' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code }));
    expect(v.certificates.made).toBe(1); // one per page: the host sees the same code again
    expect(v.peer()!.options).toMatchObject({ config: { certificates: [certificate] } });

    // In line again, it can drop out again (the retries start over), and be let in at last.
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
    const third = await v.throughProof();
    expect(third).not.toBe(again);
    v.call().emit('stream', fakeStream);
    expect(v.last()).toEqual({ kind: 'live', code, paused: false, pointing: 'off', via: 'direct' });
  });

  it('a viewer that never got in line does not retry: the first failure is final', async () => {
    fakeClock();
    const v = watch();
    const conn = await v.connect();
    await v.prove(conn);
    conn.close(); // before the host said "waiting" or "welcome"
    expect(v.last()).toEqual({ kind: 'error', problem: 'connection-failed' });
  });

  it('concludes the share has ended when the host is gone from the broker on several attempts', async () => {
    fakeClock();
    const { v } = await watchingLive();
    for (let i = 0; i < NOT_FOUND_MEANS_ENDED; i++) {
      const before = v.peer();
      before?.fail('peer-unavailable');
      if (v.last()?.kind === 'ended') break;
      await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[i]! + 10); // the backoff, not the attempt's deadline
      await vi.waitFor(() => expect(v.peer()).not.toBe(before));
    }
    expect(v.last()).toEqual({ kind: 'ended' });
  });

  it('gives up with a clear message when reconnecting keeps failing', async () => {
    fakeClock();
    const v = watch();
    await v.throughProof();
    const media = v.call();
    media.emit('stream', fakeStream);
    media.close(); // the connection dies; every attempt after it fails to reach the broker
    for (let i = 0; i <= RETRY_BACKOFF_MS.length; i++) {
      const before = v.peer();
      if (i > 0) before?.fail('network');
      if (v.last()?.kind === 'error') break;
      await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[i]! + 10);
      await vi.waitFor(() => expect(v.peer()).not.toBe(before));
    }
    expect(v.last()).toEqual({ kind: 'error', problem: 'lost' });
  });

  it('does not retry what the host decided: a viewer removed while watching stays out', async () => {
    const { v, conn } = await watchingLive();
    conn.emit('data', { t: 'kicked' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'kicked' }));
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
    expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: 'on', via: 'direct' });
    const seen = v.states.length;
    conn.emit('data', { t: 'pointing', state: 'on' }); // no change, no new state
    expect(v.states).toHaveLength(seen);
    for (const state of ['page', 'source', 'off', 'on'] as const) {
      conn.emit('data', { t: 'pointing', state });
      expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: state, via: 'direct' });
    }
    conn.emit('data', { t: 'paused', paused: true });
    expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: true, pointing: 'on', via: 'direct' });
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
    const messages: PointerMessage[] = [dot, { t: 'point', at: null }, { t: 'tap', at: [1, 0] }, { t: 'ink', stroke: 3, points: [[0, 0], [0.5, 0.5]] }];
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
    expect(v.last()).toEqual({ kind: 'live', code: CODE, paused: false, pointing: 'off', via: 'direct' });
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

describe('viewer with a media server', () => {
  const server = { url: 'wss://janus.example/', apiSecret: 'api-secret' };
  const serverHash = new URL(buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [], mediaServer: server })).hash;
  const feedStream = { id: 'feed', getAudioTracks: () => [] } as unknown as MediaStream;

  /** A subscription that records what it was given; the test plays its first frame and its loss. */
  /** `failures`: how many subscriptions are refused before one succeeds. */
  function fakeFeeds(failures = 0) {
    const feeds: { options: FeedOptions; keys: number[]; closed: boolean }[] = [];
    const attempts = { count: 0 };
    const subscribeFeed = async (options: FeedOptions): Promise<ServerFeed> => {
      if (attempts.count++ < failures) throw new Error('428 No such feed');
      const record = { options, keys: [...options.keys.keys()], closed: false };
      feeds.push(record);
      return { stream: feedStream, setKey: (id) => void record.keys.push(id), stats: async () => new Map() as unknown as RTCStatsReport, close: () => void (record.closed = true) };
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
    expect(v.streams.at(-1)).toBe(feedStream);
    expect(v.last()).toMatchObject({ kind: 'live', via: 'server' });
    expect(conn.sent).toContainEqual({ t: 'via', route: 'server' });
    // A new key after someone was removed reaches the subscription.
    conn.emit('data', { t: 'key', id: 1, k: 'A'.repeat(22) });
    await vi.waitFor(() => expect(feed.keys).toEqual([0, 1]));
    // The host says the server is gone: back to its own connection.
    conn.emit('data', { t: 'direct' });
    expect(feed.closed).toBe(true);
    expect(v.streams.at(-1)).toBe(fakeStream);
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

  it('a feed that fails goes back to the host\'s picture and tells the host', async () => {
    const subscribe = fakeFeeds();
    const { v, conn } = await liveWith(subscribe);
    conn.emit('data', { t: 'relay', room: 1234, pin: 'pin-pin-pin', feed: 99 });
    await vi.waitFor(() => expect(subscribe.feeds).toHaveLength(1));
    subscribe.feeds[0]!.options.onFirstFrame();
    subscribe.feeds[0]!.options.onLost();
    expect(v.streams.at(-1)).toBe(fakeStream);
    expect(conn.sent.at(-1)).toEqual({ t: 'via', route: 'direct' });
    expect(v.last()).toMatchObject({ kind: 'live', via: 'direct' });
  });

  it('stays on the host\'s connection when it cannot subscribe, or its link names no media server', async () => {
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
