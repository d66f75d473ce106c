// Drives the host (src/offscreen/host) as its viewers would: the proof, the call, the answer.
// Shared by the tests in this folder; each file covers one of the host's jobs.
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { openHost, type HostOptions } from '../../../src/offscreen/host';
import { importSecret, sign, type Transcript } from '../../../src/shared/proof';
import { NO_LIMITS, videoSending } from '../../../src/shared/quality';
import type { Viewer } from '../../../src/shared/session';
import { WIRE_VERSION, type HostMessage } from '../../../src/shared/wire';
import { audioTrack, FakeMediaStream, videoTrack, type FakeTrack } from '../fakes/media';
import type { FakeConnection, FakePeerConnection } from '../fakes/peer';
import { FakePeer, HOST_FP, VIEWER_FP } from '../fakes/peer';

export const secret = 's'.repeat(26);
export const VIEWER_NONCE = 'n'.repeat(22);

export async function host(overrides: Partial<HostOptions> = {}) {
  let peer!: FakePeer;
  const updates: Viewer[][] = [];
  const broker: boolean[] = [];
  const video = videoTrack('v', 1080);
  const audio = audioTrack('a');
  const opening = openHost({
    peerId: 'p'.repeat(26),
    secret,
    video: video.asTrack(),
    audio: audio.asTrack(),
    quality: 'auto',
    limits: NO_LIMITS,
    peerOptions: {},
    fingerprint: HOST_FP,
    askToJoin: false,
    maxViewers: 10,
    pointing: true,
    copying: true,
    controlYieldsToSharer: true,
    mediaServer: null,
    brokerLabel: 'test broker',
    createPeer: (id, options) => {
      peer = new FakePeer(id, options);
      queueMicrotask(() => peer.emit('open', peer.id));
      return peer.asPeer();
    },
    onViewers: (v) => updates.push(v),
    onBroker: (online) => broker.push(online),
    ...overrides,
  });
  const share = await opening;
  return { share, peer, updates, broker, video, audio };
}

/** What the host says about pointing, the page's text and control: tested on their own. */
const ASIDE: HostMessage['t'][] = ['pointing', 'text-state', 'text', 'control'];
/** The host's last message to a viewer, leaving out what it says about pointing and the page's text. */
export const last = (conn: FakeConnection) => (conn.sent as HostMessage[]).filter((m) => !ASIDE.includes(m.t)).at(-1);
export const pointingSent = (conn: FakeConnection) =>
  (conn.sent as HostMessage[]).flatMap((m) => (m.t === 'pointing' ? [m.state] : []));
export const WELCOME = { t: 'welcome', code: expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/) };

/** The viewer's hello; resolves with the host's challenge once sent (the host called when the viewer connected). */
export async function hello(conn: FakeConnection) {
  conn.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE });
  await vi.waitFor(() => expect(last(conn)?.t).toBe('challenge'));
  return last(conn) as Extract<HostMessage, { t: 'challenge' }>;
}

/** The viewer's answer to `challenge`, made with `withSecret`, seeing `hostFingerprint` as the host. */
export async function answerChallenge(
  conn: FakeConnection,
  challenge: Extract<HostMessage, { t: 'challenge' }>,
  { withSecret = secret, hostFingerprint = HOST_FP, viewerFingerprint = VIEWER_FP } = {},
) {
  const transcript: Transcript = {
    hostFingerprint,
    viewerFingerprint,
    hostNonce: challenge.nonce,
    viewerNonce: VIEWER_NONCE,
  };
  const key = await importSecret(withSecret);
  conn.emit('data', { t: 'proof', mac: await sign(key, 'viewer', transcript) });
  return { challenge, transcript, key };
}

/** Plays the viewer's side of the proof: hello, then the proof over what the viewer sees. */
export async function prove(conn: FakeConnection, seen: Parameters<typeof answerChallenge>[2] = {}) {
  return answerChallenge(conn, await hello(conn), seen);
}

/** The media call the host placed to viewer `id`. */
export function callTo(peer: FakePeer, id: string): FakeConnection {
  const placed = peer.calls.filter((c) => c.to === id);
  expect(placed).toHaveLength(1);
  return placed[0]!.call;
}

/** A viewer that proved the secret and was let in (welcome); the host's call to it is not answered yet. */
export async function proven(peer: FakePeer, id: string) {
  const conn = peer.incoming(id);
  await prove(conn);
  await vi.waitFor(() => expect(conn.sent).toContainEqual(WELCOME));
  const call = callTo(peer, id);
  return { conn, call, pc: call.peerConnection };
}

export const settle = () => new Promise((r) => setTimeout(r, 20));

/** A viewer that proved the secret, was let in, and answered the call with the proven certificate. */
export async function watching(peer: FakePeer, id: string) {
  const { conn, call, pc } = await proven(peer, id);
  pc.answerWith(VIEWER_FP);
  await settle();
  return { conn, call, pc, sender: pc.videoSender };
}

/** How a viewer's video is encoded: its sender's parameters and its track's content hint. */
export function tuning(pc: FakePeerConnection) {
  const { encoding, degradationPreference } = pc.videoSender;
  return {
    maxBitrate: encoding.maxBitrate,
    maxFramerate: encoding.maxFramerate,
    scaleResolutionDownBy: encoding.scaleResolutionDownBy,
    degradationPreference,
    contentHint: (pc.videoSender.track as FakeTrack).contentHint,
  };
}
// What each look sends for a 1080-line source: the values themselves are quality.ts's (tests/unit/quality.test.ts);
// these tests check that the host applies them, to the right viewer, at the right time.
export const TEXT = videoSending('text', 1080);
export const MOTION = videoSending('motion', 1080);

/** The host calls each viewer with new MediaStream(tracks): a fake one in node. */
export function useFakeMedia(): void {
  beforeAll(() => {
    vi.stubGlobal('MediaStream', FakeMediaStream);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

export const mediaServer = { url: 'ws://127.0.0.1:8188/', apiSecret: 'api-secret', threshold: 2 };
export const relayTo = (conn: FakeConnection) => (conn.sent as HostMessage[]).find((m) => m.t === 'relay');
