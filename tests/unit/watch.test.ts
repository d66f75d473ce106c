import { afterEach, describe, expect, it, vi } from 'vitest';
import { importSecret, sign, type Transcript } from '../../src/shared/proof';
import { buildShareLink } from '../../src/shared/share-link';
import { HEARTBEAT_TIMEOUT_MS } from '../../src/shared/wire';
import { NOT_FOUND_MEANS_ENDED, RETRY_BACKOFF_MS, STEP_TIMEOUT_MS, watchShare, type ViewState } from '../../src/viewer/watch';
import { ATTACKER_FP, FakeConnection, FakePeer, HOST_FP, VIEWER_FP } from './fakes/peer';

const peerId = 'h'.repeat(26);
const secret = 'k'.repeat(26);
const hash = new URL(buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [] })).hash;
const certificate = { getFingerprints: () => [{ algorithm: 'sha-256', value: VIEWER_FP.toLowerCase() }] } as unknown as RTCCertificate;
const fakeStream = { id: 's', getAudioTracks: () => [] } as unknown as MediaStream;

function watch(h = hash, remoteFingerprint = HOST_FP) {
  let peer: FakePeer | undefined;
  const states: ViewState[] = [];
  const streams: (MediaStream | null)[] = [];
  const watching = watchShare({
    hash: h,
    createPeer: (options) => {
      peer = new FakePeer('viewer', options);
      peer.remoteFingerprint = remoteFingerprint;
      return peer.asPeer();
    },
    createCertificate: async () => certificate,
    onState: (s) => states.push(s),
    onStream: (s) => streams.push(s),
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
  /** A full honest handshake up to the host's call; returns the media connection. */
  const throughProof = async () => {
    const conn = await connect();
    const { transcript, key } = await challenge(conn);
    await vi.waitFor(() => expect(conn.sent.at(-1)).toEqual({ t: 'proof', mac: expect.any(String) }));
    expect(conn.sent.at(-1)).toEqual({ t: 'proof', mac: await sign(key, 'viewer', transcript) });
    conn.emit('data', { t: 'welcome', code: 'x' });
    return conn;
  };
  const call = (from = peerId, fingerprint = HOST_FP) => {
    const media = new FakeConnection(from, fingerprint);
    peer!.emit('call', media);
    return media;
  };
  return { peer: () => peer, ready, states, streams, last, connect, challenge, throughProof, call, watching };
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
    expect(v.last()).toEqual({ kind: 'live', code: expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/), paused: false });
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
    await v.challenge(conn, { withSecret: 'z'.repeat(26) });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'denied' }));
    expect(conn.sent).toHaveLength(1); // hello only: no proof for an unproven host
  });

  it('a man in the middle (right secret, other fingerprints) raises the security warning', async () => {
    const v = watch(hash, ATTACKER_FP);
    const conn = await v.connect();
    await v.challenge(conn, { viewerFingerprint: ATTACKER_FP });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'security' }));
    expect(conn.sent).toHaveLength(1);
  });

  it('refuses a call before the proof, from anyone but the host, or with another certificate', async () => {
    const early = watch();
    await early.connect();
    const tooSoon = early.call();
    expect(tooSoon.answered).toBe(false);
    expect(tooSoon.closed).toBe(true);

    const v = watch();
    await v.throughProof();
    const impostor = v.call('x'.repeat(26));
    expect(impostor.answered).toBe(false);
    const swapped = v.call(peerId, ATTACKER_FP);
    swapped.emit('stream', fakeStream);
    expect(v.last()).toEqual({ kind: 'error', problem: 'security' });
    expect(v.streams).toEqual([null]);
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
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code: expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/) }));
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'connecting', step: 'media' }));
    v.call().emit('stream', fakeStream);
    conn.emit('data', { t: 'paused', paused: true });
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live', paused: true }));
  });

  it('never waits forever: each step has a deadline with its own message', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const broker = watch();
    await broker.ready();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(broker.last()).toMatchObject({ kind: 'error', problem: 'broker-unreachable', broker: expect.stringContaining('PeerJS public broker') });
    const media = watch();
    await media.throughProof();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(media.last()).toEqual({ kind: 'error', problem: 'connection-failed' });
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
