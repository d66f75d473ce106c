// The viewer's side of a share (src/viewer/watch) driven through fake PeerJS peers: a real
// host's proof over the fingerprints the fakes report, and helpers for each step of a handshake.
import { expect, vi } from 'vitest';
import { importSecret, sign, type Transcript } from '../../../src/shared/proof';
import { buildShareLink } from '../../../src/shared/share-link';
import { HEARTBEAT_TIMEOUT_MS, type PointerMessage } from '../../../src/shared/wire';
import { RETRY_BACKOFF_MS, watchShare, type ViewState, type WatchOptions } from '../../../src/viewer/watch';
import { FakeConnection, FakePeer, HOST_FP, VIEWER_FP } from '../fakes/peer';

export const peerId = 'h'.repeat(26);
export const secret = 'k'.repeat(26);
export const hash = new URL(buildShareLink('https://w.example/', { peerId, secret, broker: null, iceServers: [] }))
  .hash;
export const certificate = {
  getFingerprints: () => [{ algorithm: 'sha-256', value: VIEWER_FP.toLowerCase() }],
} as unknown as RTCCertificate;
export const fakeStream = { id: 's', getAudioTracks: () => [] } as unknown as MediaStream;
export const otherStream = { id: 'o', getAudioTracks: () => [] } as unknown as MediaStream;
export const CODE = expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/);
/** A live state as a watch reports it: the host's defaults (nothing said yet) unless given. */
export const LIVE = {
  kind: 'live',
  code: CODE,
  paused: false,
  pointing: 'off',
  via: 'direct',
  control: 'page',
} as const;

export function watch(h = hash, remoteFingerprint = HOST_FP, extra: Partial<WatchOptions> = {}) {
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
    const transcript: Transcript = {
      hostFingerprint: HOST_FP,
      viewerFingerprint,
      hostNonce: 'c'.repeat(22),
      viewerNonce: hello.nonce,
    };
    const key = await importSecret(withSecret);
    conn.emit('data', {
      t: 'challenge',
      nonce: transcript.hostNonce,
      key: await sign(key, 'key', transcript),
      mac: await sign(key, 'host', transcript),
    });
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
  return {
    peer: () => peer,
    ready,
    states,
    streams,
    last,
    connect,
    challenge,
    prove,
    throughProof,
    call,
    watching,
    certificates,
  };
}

/** Timers and Date under the test's control, for heartbeats and backoffs. */
export const fakeClock = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

/** A viewer through the handshake and showing the host's picture; `conn` is its data connection. */
export async function watchingLive() {
  const v = watch();
  const conn = await v.throughProof();
  v.call().emit('stream', fakeStream);
  return { v, conn };
}

export const prefers = (conn: FakeConnection) => conn.sent.filter((m) => (m as { t: string }).t === 'prefer');
export const POINTER_TYPES = ['point', 'tap', 'ink'];
export const marks = (conn: FakeConnection) => conn.sent.filter((m) => POINTER_TYPES.includes((m as { t: string }).t));
export const dot: PointerMessage = { t: 'point', at: [0.25, 0.5] };

/** The host goes silent; the viewer starts over on a new peer. Returns the new data connection, proven, before the call. */
export async function reconnect(v: ReturnType<typeof watch>) {
  const first = v.peer()!;
  await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
  expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
  await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
  await vi.waitFor(() => expect(v.peer()).not.toBe(first));
  return v.throughProof();
}
