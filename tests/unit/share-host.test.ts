import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerRoom, ServerRoomOptions } from '../../src/offscreen/server-room';
import { KEY_SWITCH_MS, MAX_PENDING, openHost, OPEN_TIMEOUT_MS, PREFER_INTERVAL_MS, PROOF_TIMEOUT_MS, type HostOptions } from '../../src/offscreen/share-host';
import { importSecret, sign, verify, type Transcript } from '../../src/shared/proof';
import { NO_LIMITS, videoSending, type VideoSending } from '../../src/shared/quality';
import { LEFT_NOTICE_MS, type Departure, type Viewer } from '../../src/shared/session';
import { INK_BATCH, INK_STROKE_POINTS, MARK_COLOURS, POINT_RATE, POINTING_RECENT_MS, type OverlayMessage } from '../../src/shared/pointing';
import { HEARTBEAT_TIMEOUT_MS, WIRE_VERSION, type HostMessage } from '../../src/shared/wire';
import { audioTrack, FakeMediaStream, videoTrack, type FakeTrack } from './fakes/media';
import type { FakeConnection, FakePeerConnection } from './fakes/peer';
import { ATTACKER_FP, FakePeer, HOST_FP, VIEWER_FP } from './fakes/peer';

const secret = 's'.repeat(26);
const VIEWER_NONCE = 'n'.repeat(22);

async function host(overrides: Partial<HostOptions> = {}) {
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

/** The host's last message to a viewer, leaving out what it says about pointing (tested on its own). */
const last = (conn: FakeConnection) => (conn.sent as HostMessage[]).filter((m) => m.t !== 'pointing').at(-1);
const pointingSent = (conn: FakeConnection) => (conn.sent as HostMessage[]).flatMap((m) => (m.t === 'pointing' ? [m.state] : []));
const WELCOME = { t: 'welcome', code: expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/) };

/** The viewer's hello; resolves with the host's challenge once sent (the host called when the viewer connected). */
async function hello(conn: FakeConnection) {
  conn.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE });
  await vi.waitFor(() => expect(last(conn)?.t).toBe('challenge'));
  return last(conn) as Extract<HostMessage, { t: 'challenge' }>;
}

/** The viewer's answer to `challenge`, made with `withSecret`, seeing `hostFingerprint` as the host. */
async function answerChallenge(conn: FakeConnection, challenge: Extract<HostMessage, { t: 'challenge' }>, { withSecret = secret, hostFingerprint = HOST_FP, viewerFingerprint = VIEWER_FP } = {}) {
  const transcript: Transcript = { hostFingerprint, viewerFingerprint, hostNonce: challenge.nonce, viewerNonce: VIEWER_NONCE };
  const key = await importSecret(withSecret);
  conn.emit('data', { t: 'proof', mac: await sign(key, 'viewer', transcript) });
  return { challenge, transcript, key };
}

/** Plays the viewer's side of the proof: hello, then the proof over what the viewer sees. */
async function prove(conn: FakeConnection, seen: Parameters<typeof answerChallenge>[2] = {}) {
  return answerChallenge(conn, await hello(conn), seen);
}

/** The media call the host placed to viewer `id`. */
function callTo(peer: FakePeer, id: string): FakeConnection {
  const placed = peer.calls.filter((c) => c.to === id);
  expect(placed).toHaveLength(1);
  return placed[0]!.call;
}

/** A viewer that proved the secret and was let in (welcome); the host's call to it is not answered yet. */
async function proven(peer: FakePeer, id: string) {
  const conn = peer.incoming(id);
  await prove(conn);
  await vi.waitFor(() => expect(conn.sent).toContainEqual(WELCOME));
  const call = callTo(peer, id);
  return { conn, call, pc: call.peerConnection };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** A viewer that proved the secret, was let in, and answered the call with the proven certificate. */
async function watching(peer: FakePeer, id: string) {
  const { conn, call, pc } = await proven(peer, id);
  pc.answerWith(VIEWER_FP);
  await settle();
  return { conn, call, pc, sender: pc.videoSender };
}

/** How a viewer's video is encoded: its sender's parameters and its track's content hint. */
function tuning(pc: FakePeerConnection) {
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
const TEXT = videoSending('text', 1080);
const MOTION = videoSending('motion', 1080);

describe('share host', () => {
  beforeAll(() => {
    vi.stubGlobal('MediaStream', FakeMediaStream); // the host calls each viewer with new MediaStream(tracks)
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls a viewer as soon as it connects and proves itself, but attaches nothing before checking its proof', async () => {
    const { peer, updates, video, audio } = await host();
    const conn = peer.incoming('viewer-1');
    // Media is negotiated beside the data connection and the proof: the call is placed at once...
    expect(peer.calls).toHaveLength(1);
    expect(peer.calls[0]!.to).toBe('viewer-1');
    expect((peer.calls[0]!.stream as FakeMediaStream).getTracks()).toEqual([video, audio]);
    // ...but the tracks PeerJS put on it are taken off at once, and an answer with the viewer's
    // own certificate attaches nothing either: the viewer has proven nothing yet.
    const pc = peer.calls[0]!.call.peerConnection;
    expect(pc.sending()).toEqual([null, null]);
    pc.answerWith(VIEWER_FP);
    await settle();
    const challenge = await hello(conn);
    await settle();
    expect(pc.everSent()).toEqual([]);
    expect(conn.sent).toEqual([challenge]); // no welcome before the proof
    expect(updates).toEqual([]);

    const { transcript, key } = await answerChallenge(conn, challenge);
    // The host's MACs verify against what an honest viewer sees.
    expect(await verify(key, 'key', transcript, challenge.key)).toBe(true);
    expect(await verify(key, 'host', transcript, challenge.mac)).toBe(true);
    await vi.waitFor(() => expect(last(conn)).toEqual(WELCOME));
    await settle();
    // Proven, let in, and its media verified: now the viewer's own clone of the video, and the audio.
    expect(video.clones).toHaveLength(1);
    expect(pc.sending()).toEqual([video.clones[0], audio]);
    expect(peer.calls).toHaveLength(1); // the same call: nobody is called twice
    expect(updates.at(-1)).toMatchObject([{ id: 'viewer-1', state: 'watching' }]);
  });

  it('refuses a viewer of another wire version and hangs up its call, which never carried a track', async () => {
    const { peer } = await host();
    const conn = peer.incoming('old');
    conn.emit('data', { t: 'hello', v: WIRE_VERSION - 1, nonce: VIEWER_NONCE });
    expect(last(conn)).toEqual({ t: 'denied', reason: 'version', v: WIRE_VERSION }); // the viewer can tell which side is older
    const call = callTo(peer, 'old');
    expect(call.closed).toBe(true);
    expect(call.peerConnection.everSent()).toEqual([]);
  });

  it('hangs up the call of a viewer that leaves before its challenge', async () => {
    const { peer } = await host();
    const conn = peer.incoming('gone');
    conn.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE });
    conn.close();
    await settle();
    expect(conn.sent).toEqual([]);
    expect(callTo(peer, 'gone').closed).toBe(true);
  });

  it('sends no track to a proven viewer until its media connection presents the proven fingerprint', async () => {
    const { peer, video, audio } = await host();
    const { conn, pc } = await proven(peer, 'viewer-1');
    await settle();
    expect(last(conn)).toEqual(WELCOME);
    expect(pc.sending()).toEqual([null, null]);
    expect(video.clones).toEqual([]);
    pc.answerWith(VIEWER_FP);
    await settle();
    // The viewer's own clone of the video (tuned for it alone), and the shared audio.
    expect(video.clones).toHaveLength(1);
    expect(pc.sending()).toEqual([video.clones[0], audio]);
  });

  it('drops a viewer whose media connection is answered by another certificate, before or after its proof', async () => {
    const { peer, updates } = await host();
    // Before the proof: dropped at once, never counted.
    const early = peer.incoming('early');
    await hello(early);
    const earlyCall = callTo(peer, 'early');
    earlyCall.peerConnection.answerWith(ATTACKER_FP);
    await settle();
    expect(early.closed).toBe(true);
    expect(earlyCall.closed).toBe(true);
    expect(earlyCall.peerConnection.everSent()).toEqual([]);
    expect(updates).toEqual([]);
    // After it was let in: dropped and no longer counted, and nothing was ever attached.
    const { conn, call, pc } = await proven(peer, 'late');
    expect(updates.at(-1)).toMatchObject([{ id: 'late' }]);
    pc.answerWith(ATTACKER_FP);
    await settle();
    expect(pc.everSent()).toEqual([]);
    expect(conn.closed).toBe(true);
    expect(call.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('denies a wrong secret: its call is closed, never carries a track, and it is not counted', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    const challenge = await hello(conn);
    const call = callTo(peer, 'viewer-1');
    call.peerConnection.answerWith(VIEWER_FP); // even over the certificate the host saw
    await answerChallenge(conn, challenge, { withSecret: 'x'.repeat(26) });
    await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'denied', reason: 'bad-secret' }));
    expect(call.closed).toBe(true);
    await vi.waitFor(() => expect(conn.closed).toBe(true));
    expect(call.peerConnection.everSent()).toEqual([]);
    expect(conn.sent).not.toContainEqual(expect.objectContaining({ t: 'welcome' }));
    expect(peer.calls).toHaveLength(1);
    expect(updates).toEqual([]);
  });

  it('denies a man in the middle: the proof was made over fingerprints the host never saw', async () => {
    const { peer, updates } = await host();
    // The host's connection is with the attacker; the real viewer saw the attacker as the host.
    const conn = peer.incoming('relay', ATTACKER_FP);
    const challenge = await hello(conn);
    // The relay answers the call with the very certificate the host sees on its data connection.
    const call = callTo(peer, 'relay');
    call.peerConnection.answerWith(ATTACKER_FP);
    await settle();
    expect(call.peerConnection.sending()).toEqual([null, null]);
    await answerChallenge(conn, challenge, { hostFingerprint: ATTACKER_FP, viewerFingerprint: VIEWER_FP });
    await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'denied', reason: 'bad-secret' }));
    expect(call.closed).toBe(true);
    expect(call.peerConnection.everSent()).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('closes connections that send junk, repeat a step, or never prove anything', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { peer } = await host();
    const junk = peer.incoming('a');
    junk.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE, evil: 1 });
    expect(junk.closed).toBe(true);
    const twice = peer.incoming('b');
    twice.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE });
    twice.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE });
    expect(twice.closed).toBe(true);
    const early = peer.incoming('c');
    early.emit('data', { t: 'proof', mac: 'm'.repeat(43) });
    expect(early.closed).toBe(true);
    const silent = peer.incoming('d');
    await vi.advanceTimersByTimeAsync(PROOF_TIMEOUT_MS + 10);
    expect(silent.closed).toBe(true);
    // Every one of them was called at once, and every call is hung up without ever a track.
    for (const { call } of peer.calls) {
      expect(call.closed).toBe(true);
      expect(call.peerConnection.everSent()).toEqual([]);
    }
  });

  it('a viewer that says hello but never proves: its call carries no track and closes when the proof timer drops it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { peer, updates } = await host();
    const conn = peer.incoming('mute');
    await hello(conn);
    const call = callTo(peer, 'mute');
    call.peerConnection.answerWith(VIEWER_FP);
    await vi.advanceTimersByTimeAsync(PROOF_TIMEOUT_MS / 2);
    expect(call.peerConnection.sending()).toEqual([null, null]);
    expect(conn.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(PROOF_TIMEOUT_MS);
    expect(conn.closed).toBe(true);
    expect(call.closed).toBe(true);
    expect(call.peerConnection.everSent()).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('a call that closes or fails before the proof drops the connection', async () => {
    const { peer, updates } = await host();
    const closing = peer.incoming('closing');
    await hello(closing);
    callTo(peer, 'closing').close();
    expect(closing.closed).toBe(true);
    const failing = peer.incoming('failing');
    await hello(failing);
    callTo(peer, 'failing').emit('error', new Error('ice failed'));
    expect(failing.closed).toBe(true);
    expect(updates).toEqual([]);
  });

  it('caps connections that have not proven the secret', async () => {
    const { peer } = await host();
    const pending = Array.from({ length: MAX_PENDING }, (_, i) => peer.incoming(`p${i}`));
    const extra = peer.incoming('one-too-many');
    expect(pending.some((c) => c.closed)).toBe(false);
    expect(extra.closed).toBe(true);
  });

  it('asks before letting a viewer in: its call carries nothing until admitted; denying or kicking it closes the call', async () => {
    const { share, peer, updates, video, audio } = await host({ askToJoin: true });
    const yes = peer.incoming('yes');
    await prove(yes);
    await vi.waitFor(() => expect(last(yes)).toEqual({ t: 'waiting' }));
    expect(updates.at(-1)).toMatchObject([{ id: 'yes', state: 'waiting' }]);
    // Called beside the proof and answered with the proven certificate, but nothing is attached yet.
    const yesPc = callTo(peer, 'yes').peerConnection;
    yesPc.answerWith(VIEWER_FP);
    await settle();
    expect(yesPc.everSent()).toEqual([]);
    expect(yes.sent).not.toContainEqual(WELCOME);
    share.admit('yes', true);
    expect(last(yes)).toEqual(WELCOME);
    await settle();
    expect(yesPc.sending()).toEqual([video.clones[0], audio]);
    expect(peer.calls).toHaveLength(1); // admitted on the call it already had
    expect(updates.at(-1)).toMatchObject([{ id: 'yes', state: 'watching' }]);

    const no = peer.incoming('no');
    await prove(no);
    await vi.waitFor(() => expect(last(no)).toEqual({ t: 'waiting' }));
    const noCall = callTo(peer, 'no');
    noCall.peerConnection.answerWith(VIEWER_FP);
    share.admit('no', false);
    expect(last(no)).toEqual({ t: 'denied', reason: 'rejected' });
    expect(noCall.closed).toBe(true);
    await settle();
    expect(noCall.peerConnection.everSent()).toEqual([]);
    expect(updates.at(-1)).toMatchObject([{ id: 'yes' }]);

    const kicked = peer.incoming('kicked');
    await prove(kicked);
    await vi.waitFor(() => expect(last(kicked)).toEqual({ t: 'waiting' }));
    const kickedCall = callTo(peer, 'kicked');
    kickedCall.peerConnection.answerWith(VIEWER_FP);
    share.kick('kicked');
    expect(last(kicked)).toEqual({ t: 'kicked' });
    expect(kickedCall.closed).toBe(true);
    expect(kickedCall.peerConnection.everSent()).toEqual([]);
    expect(updates.at(-1)).toMatchObject([{ id: 'yes' }]);
    // Admitting someone no longer waiting does nothing.
    share.admit('kicked', true);
    expect(kicked.sent).not.toContainEqual(WELCOME);
  });

  it('enforces the viewer limit and the lock: the one turned away never gets a track', async () => {
    const { share, peer } = await host({ maxViewers: 1 });
    await watching(peer, 'first');
    const second = peer.incoming('second');
    await prove(second);
    await vi.waitFor(() => expect(last(second)).toEqual({ t: 'denied', reason: 'full' }));
    expect(callTo(peer, 'second').closed).toBe(true);
    expect(callTo(peer, 'second').peerConnection.everSent()).toEqual([]);
    share.kick('first');
    share.lock(true);
    const third = peer.incoming('third');
    await prove(third);
    await vi.waitFor(() => expect(last(third)).toEqual({ t: 'denied', reason: 'locked' }));
    expect(callTo(peer, 'third').closed).toBe(true);
    expect(callTo(peer, 'third').peerConnection.everSent()).toEqual([]);
  });

  it('kicks a viewer: told, call closed, its track stopped, no longer counted', async () => {
    const { share, peer, updates, video } = await host();
    const { conn, call, pc } = await watching(peer, 'v');
    expect(pc.videoSender.track).toBe(video.clones[0]);
    share.kick('v');
    expect(last(conn)).toEqual({ t: 'kicked' });
    expect(call.closed).toBe(true);
    expect(video.clones[0]!.stopped).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('pausing detaches every track and tells viewers; resuming brings them back', async () => {
    const { share, peer, video } = await host();
    const { conn, pc } = await watching(peer, 'v');
    share.pause(true);
    await settle();
    expect(last(conn)).toEqual({ t: 'paused', paused: true });
    expect(pc.sending()).toEqual([null, null]);
    expect(video.clones[0]!.stopped).toBe(true);
    share.pause(false);
    await settle();
    expect(last(conn)).toEqual({ t: 'paused', paused: false });
    expect(pc.sending()).toHaveLength(2);
    expect(pc.sending()).not.toContain(null);
    expect(pc.videoSender.track).toBe(video.clones[1]);
  });

  it('a viewer let in while paused is told so and gets its tracks only on resume', async () => {
    const { share, peer, video, audio } = await host();
    share.pause(true);
    const { conn, pc } = await proven(peer, 'v');
    expect(conn.sent.slice(-3)).toEqual([WELCOME, { t: 'paused', paused: true }, { t: 'pointing', state: 'source' }]);
    pc.answerWith(VIEWER_FP);
    await settle();
    expect(pc.everSent()).toEqual([]);
    share.pause(false);
    await settle();
    expect(pc.sending()).toEqual([video.clones[0], audio]);
  });

  it('drops a viewer that goes silent, and one whose call closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { peer, updates } = await host();
    const { conn: quiet } = await proven(peer, 'quiet');
    const { conn: chatty, call } = await proven(peer, 'chatty');
    for (let t = 0; t < HEARTBEAT_TIMEOUT_MS + 2000; t += 1000) {
      chatty.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(quiet.closed).toBe(true);
    expect(callTo(peer, 'quiet').closed).toBe(true);
    expect(chatty.closed).toBe(false);
    expect(chatty.sent).toContainEqual({ t: 'ping' });
    expect(updates.at(-1)).toMatchObject([{ id: 'chatty' }]);
    call.close();
    expect(chatty.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('tells the host who left while waiting to be let in, for a few seconds; its own answers are not departures', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const reports: { viewers: Viewer[]; left: Departure[] }[] = [];
    const { share, peer } = await host({ askToJoin: true, onViewers: (viewers, left) => reports.push({ viewers, left }) });
    const leftIds = () => reports.at(-1)!.left.map((d) => d.id);
    /** A viewer with its own certificate (so its own code), proven and waiting. */
    const inLine = async (id: string, n: number) => {
      const fingerprint = `${n}${n}:`.repeat(31) + `${n}${n}`;
      const conn = peer.incoming(id, fingerprint);
      await prove(conn, { viewerFingerprint: fingerprint });
      await vi.waitFor(() => expect(conn.sent).toContainEqual({ t: 'waiting' })); // then pings: the clock moves
      return { conn, code: reports.at(-1)!.viewers.find((v) => v.id === id)!.code };
    };
    const quiet = await inLine('quiet', 1);
    const closing = await inLine('closing', 2);
    await inLine('denied', 3);
    await inLine('admitted', 4);
    await inLine('kicked', 5);
    share.admit('denied', false);
    share.admit('admitted', true);
    share.kick('kicked');
    expect(reports.at(-1)!.left).toEqual([]);

    closing.conn.close(); // the page was closed
    expect(reports.at(-1)!.left).toEqual([{ id: 'closing', code: closing.code, at: Date.now() }]);
    expect(reports.at(-1)!.viewers.map((v) => v.id)).toEqual(['quiet', 'admitted']);

    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500); // the page stalled: silent
    expect(quiet.conn.closed).toBe(true);
    expect(leftIds()).toEqual(['closing', 'quiet']); // not the denied, kicked or (silent too) admitted ones
    expect(reports.at(-1)!.left[1]!.code).toBe(quiet.code);

    // Back with the same certificate, so the same code, and waiting again: no longer gone.
    const again = await inLine('quiet-again', 1);
    expect(again.code).toBe(quiet.code);
    expect(leftIds()).toEqual(['closing']);

    // Each notice lasts LEFT_NOTICE_MS.
    for (let t = 0; t < LEFT_NOTICE_MS; t += 1000) {
      again.conn.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(reports.at(-1)).toEqual({ viewers: [expect.objectContaining({ id: 'quiet-again', state: 'waiting' })], left: [] });
  });

  it('reconnects to the broker with backoff and the same ID, and says when it is back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { peer, broker } = await host();
    peer.disconnected = true;
    peer.emit('disconnected', peer.id);
    expect(broker).toEqual([false]);
    await vi.advanceTimersByTimeAsync(300);
    expect(peer.reconnects).toBe(1);
    // Still down: the next attempt waits longer.
    peer.disconnected = true;
    peer.emit('disconnected', peer.id);
    await vi.advanceTimersByTimeAsync(300);
    expect(peer.reconnects).toBe(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(peer.reconnects).toBe(2);
    peer.emit('open', peer.id);
    expect(broker).toEqual([false, true]);
  });

  it('ending tells every viewer why, closes its call, then destroys the peer', async () => {
    const { share, peer } = await host();
    const { conn, call } = await watching(peer, 'v');
    const pending = peer.incoming('pending');
    await hello(pending);
    await share.end('tab-closed');
    expect(conn.sent).toContainEqual({ t: 'end', reason: 'tab-closed' });
    expect(conn.closed).toBe(true);
    expect(call.closed).toBe(true);
    expect(pending.closed).toBe(true);
    expect(callTo(peer, 'pending').closed).toBe(true);
    expect(peer.destroyed).toBe(true);
  });

  it('fails to open with a named broker when it refuses or never answers; PeerJS\'s own message goes to the console only', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let peer!: FakePeer;
    const tracks = { video: videoTrack().asTrack(), audio: null, quality: 'auto', limits: NO_LIMITS } as const;
    const options = { peerId: 'p', secret, ...tracks, peerOptions: {}, fingerprint: HOST_FP, askToJoin: false, maxViewers: 10, pointing: true, mediaServer: null, brokerLabel: 'http://127.0.0.1:9/', onViewers: () => undefined, onBroker: () => undefined };
    const refused = openHost({
      ...options,
      createPeer: (id) => {
        peer = new FakePeer(id, {});
        queueMicrotask(() => peer.fail('unavailable-id', 'ID is taken'));
        return peer.asPeer();
      },
    });
    await expect(refused).rejects.toEqual(expect.objectContaining({ code: 'broker-rejected', detail: 'http://127.0.0.1:9/' }));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ID is taken'));
    warn.mockRestore();
    expect(peer.destroyed).toBe(true);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const silent = openHost({ ...options, createPeer: (id) => new FakePeer(id, {}).asPeer() });
    const check = expect(silent).rejects.toMatchObject({ code: 'broker-unreachable', detail: 'http://127.0.0.1:9/' });
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT_MS + 1);
      await check;
    });
  });
  describe('sources and quality', () => {
    it("tunes each viewer for the share's preset once let in and verified, leaving the codec to the negotiation", async () => {
      const { peer } = await host({ quality: 'text' });
      const { pc } = await proven(peer, 'a');
      await settle();
      expect(pc.videoSender.setCalls).toEqual([]); // nothing to tune before the media is verified
      pc.answerWith(VIEWER_FP);
      await settle();
      expect(tuning(pc)).toEqual(TEXT);
      expect(pc.videoSender.setCalls).toHaveLength(1);
      // No encoding picks a codec: VP8, or whatever the connection negotiated.
      expect(pc.videoSender.setCalls.flatMap((p) => p.encodings).some((e) => 'codec' in e)).toBe(false);
      const m = await host({ quality: 'motion' });
      expect(tuning((await watching(m.peer, 'b')).pc)).toEqual(MOTION);
    });

    it('tunes a new clone before attaching it, so the encoder starts as it will stay', async () => {
      const { peer } = await host({ quality: 'text' });
      const { pc } = await proven(peer, 'a');
      const sender = pc.videoSender;
      const order: string[] = [];
      const set = sender.setParameters.bind(sender);
      const replace = sender.replaceTrack.bind(sender);
      sender.setParameters = async (params) => {
        order.push('tune');
        return set(params);
      };
      sender.replaceTrack = async (track) => {
        order.push(track ? `attach ${(track as FakeTrack).contentHint}` : 'detach');
        return replace(track);
      };
      pc.answerWith(VIEWER_FP);
      await settle();
      expect(order).toEqual(['tune', `attach ${TEXT.contentHint}`]);
    });

    it('sets every encoding in one setParameters call per tune', async () => {
      const { share, peer } = await host({ quality: 'text' });
      const { pc } = await proven(peer, 'a');
      const sender = pc.videoSender;
      sender.useEncodings([
        { rid: 'h', active: true },
        { rid: 'l', active: false },
      ]);
      pc.answerWith(VIEWER_FP);
      await settle();
      expect(sender.setCalls).toHaveLength(1);
      const text = { maxBitrate: TEXT.maxBitrate, maxFramerate: TEXT.maxFramerate, scaleResolutionDownBy: TEXT.scaleResolutionDownBy };
      expect(sender.encodings).toEqual([
        { rid: 'h', active: true, ...text },
        { rid: 'l', active: false, ...text },
      ]);
      share.quality('motion');
      await settle();
      expect(sender.setCalls).toHaveLength(2);
      const motion = { maxBitrate: MOTION.maxBitrate, maxFramerate: MOTION.maxFramerate, scaleResolutionDownBy: MOTION.scaleResolutionDownBy };
      expect(sender.encodings).toEqual([
        { rid: 'h', active: true, ...motion },
        { rid: 'l', active: false, ...motion },
      ]);
      expect(sender.degradationPreference).toBe(MOTION.degradationPreference);
    });

    it("applies the user's caps and never scales a small source up", async () => {
      const { peer } = await host({ quality: 'motion', video: videoTrack('small', 480).asTrack(), limits: { maxHeight: null, maxFramerate: 20, maxBitrateKbps: 1000 } });
      const a = await watching(peer, 'a');
      expect(tuning(a.pc)).toMatchObject({ maxBitrate: 1_000_000, maxFramerate: 20, scaleResolutionDownBy: 1 });
    });

    it('setAudio swaps the sound of every viewer watching, on its existing connection, and of nobody else', async () => {
      const { share, peer, audio } = await host();
      const a = await watching(peer, 'a');
      const unverified = await proven(peer, 'c'); // let in, its media not answered yet
      expect(a.pc.audioSender.track).toBe(audio);

      const mix = audioTrack('mix');
      share.setAudio(mix.asTrack());
      await settle();
      expect(a.pc.audioSender.track).toBe(mix);
      expect(a.sender.track).not.toBeNull(); // the picture stays
      expect(unverified.pc.everSent()).toEqual([]);
      expect(peer.calls).toHaveLength(2); // nobody was called again
      // A viewer joining later gets the new sound.
      const b = await watching(peer, 'b');
      expect(b.pc.audioSender.track).toBe(mix);
    });

    it('setVideo gives every verified viewer a clone of the new source on its existing connection', async () => {
      const { share, peer, video, audio } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      const b = await watching(peer, 'b');
      const unverified = await proven(peer, 'c'); // let in, its media not answered yet
      const unproven = peer.incoming('e'); // answered its call, has not proven the secret
      await hello(unproven);
      callTo(peer, 'e').peerConnection.answerWith(VIEWER_FP);
      const old = [a.sender.track, b.sender.track] as FakeTrack[];

      const next = videoTrack('w', 720);
      share.setVideo(next.asTrack());
      await settle();

      expect(next.clones).toHaveLength(2);
      expect(a.sender.track).toBe(next.clones[0]);
      expect(b.sender.track).toBe(next.clones[1]);
      expect(old.every((t) => t.stopped && t.original === video)).toBe(true);
      expect(a.pc.audioSender.track).toBe(audio);
      expect(unverified.pc.everSent()).toEqual([]);
      expect(callTo(peer, 'e').peerConnection.everSent()).toEqual([]);
      expect(peer.calls).toHaveLength(4); // nobody was called again
      // Re-tuned for the new source's size: 720 lines need no scaling for Motion.
      expect(tuning(a.pc)).toEqual(videoSending('motion', 720));
      expect(tuning(a.pc).scaleResolutionDownBy).toBe(1);
      // A viewer joining later is called with the new source.
      await watching(peer, 'd');
      expect((peer.calls.find((c) => c.to === 'd')!.stream as FakeMediaStream).getVideoTracks()).toEqual([next]);
    });

    it('"sharper" from one viewer changes only its own sender', async () => {
      const { peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      const b = await watching(peer, 'b');
      const bCalls = b.sender.setCalls.length;
      a.conn.emit('data', { t: 'prefer', want: 'sharper' });
      await settle();
      expect(tuning(a.pc)).toEqual(TEXT);
      expect(tuning(b.pc)).toEqual(MOTION);
      expect(b.sender.setCalls).toHaveLength(bCalls);
      expect(a.conn.closed).toBe(false);
      // A second wish within PREFER_INTERVAL_MS waits its turn, then the latest one wins.
      a.conn.emit('data', { t: 'prefer', want: 'smoother' });
      a.conn.emit('data', { t: 'prefer', want: 'auto' });
      await settle();
      expect(tuning(a.pc)).toEqual(TEXT);
      await vi.waitFor(() => expect(tuning(a.pc)).toEqual(MOTION), { timeout: PREFER_INTERVAL_MS + 1000 });
    });

    it('a flood of "prefer" retunes the sender at most once per interval', async () => {
      const { peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      const before = a.sender.setCalls.length;
      for (let i = 0; i < 50; i++) a.conn.emit('data', { t: 'prefer', want: i % 2 ? 'sharper' : 'smoother' });
      await settle();
      expect(a.sender.setCalls.length - before).toBeLessThanOrEqual(1);
      expect(a.conn.closed).toBe(false);
    });

    it('"prefer" before the proof is out of order and closes the connection, and its call', async () => {
      const { peer } = await host({});
      const conn = peer.incoming('eager');
      conn.emit('data', { t: 'prefer', want: 'sharper' });
      expect(conn.closed).toBe(true);
      const challenged = peer.incoming('challenged');
      await hello(challenged);
      challenged.emit('data', { t: 'prefer', want: 'sharper' });
      expect(challenged.closed).toBe(true);
      expect(callTo(peer, 'challenged').closed).toBe(true);
      expect(callTo(peer, 'challenged').peerConnection.everSent()).toEqual([]);
    });

    it("quality re-tunes every viewer, except one that asked for its own look", async () => {
      const { share, peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      const b = await watching(peer, 'b');
      b.conn.emit('data', { t: 'prefer', want: 'smoother' });
      share.quality('text');
      await settle();
      expect(tuning(a.pc)).toEqual(TEXT);
      expect(tuning(b.pc)).toEqual(MOTION);
    });

    it('Auto follows what the source does; a fixed preset does not', async () => {
      const { share, peer } = await host({ quality: 'auto' });
      const a = await watching(peer, 'a');
      expect(tuning(a.pc)).toEqual(TEXT);
      share.setAutoLook('motion');
      await settle();
      expect(tuning(a.pc)).toEqual(MOTION);
      share.quality('text');
      await settle();
      const calls = a.sender.setCalls.length;
      share.setAutoLook('text');
      share.setAutoLook('motion');
      await settle();
      expect(a.sender.setCalls).toHaveLength(calls);
      expect(tuning(a.pc)).toEqual(TEXT);
    });

    it('a "prefer" from a viewer that is still waiting is kept, not punished: no track, no tuning, no disconnect', async () => {
      const { share, peer, updates } = await host({ askToJoin: true, quality: 'motion' });
      const conn = peer.incoming('early');
      await prove(conn);
      await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'waiting' }));
      const pc = callTo(peer, 'early').peerConnection;
      pc.answerWith(VIEWER_FP);
      conn.emit('data', { t: 'prefer', want: 'sharper' });
      await settle();
      expect(conn.closed).toBe(false);
      expect(updates.at(-1)).toMatchObject([{ id: 'early', state: 'waiting' }]);
      expect(pc.everSent()).toEqual([]);
      expect(pc.videoSender.setCalls).toEqual([]);
      // Once let in, the wish it made while waiting holds.
      share.admit('early', true);
      await settle();
      expect(tuning(pc)).toEqual(TEXT);
    });

    it('a sender that refused every setting is tried again at the next retune', async () => {
      const { share, peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      expect(TEXT.scaleResolutionDownBy).not.toBe(MOTION.scaleResolutionDownBy); // so "still Motion's" below says something
      const before = a.sender.setCalls.length;
      a.sender.refuseAll = true;
      share.quality('text');
      await settle();
      expect(a.sender.setCalls).toHaveLength(before + 1); // one attempt, no fallback
      expect(a.sender.encoding).toMatchObject({ scaleResolutionDownBy: MOTION.scaleResolutionDownBy }); // still Motion's
      expect(a.sender.degradationPreference).toBe(MOTION.degradationPreference);
      a.sender.refuseAll = false;
      share.quality('text'); // the same preset: only a viewer left untuned is retuned
      await settle();
      expect(a.sender.setCalls).toHaveLength(before + 2);
      expect(tuning(a.pc)).toEqual(TEXT);
    });

    it("reports each watching viewer's look, sender parameters and encoder figures", async () => {
      const { share, peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      await watching(peer, 'b');
      await hello(peer.incoming('unproven')); // called, not let in: not reported
      a.conn.emit('data', { t: 'prefer', want: 'sharper' });
      await settle();
      a.pc.stats = new Map<string, Record<string, unknown>>([
        ['audio', { type: 'outbound-rtp', kind: 'audio', bytesSent: 7 }],
        ['out', { type: 'outbound-rtp', kind: 'video', codecId: 'c1', timestamp: 5, bytesSent: 100, framesEncoded: 10, qpSum: 250, frameWidth: 1920, frameHeight: 1080, framesPerSecond: 14, qualityLimitationReason: 'bandwidth' }],
        ['c1', { type: 'codec', mimeType: 'video/VP8' }],
      ]);
      expect(await share.stats()).toEqual([
        {
          viewerId: 'a',
          look: 'text',
          codec: 'video/VP8',
          maxBitrate: null, // the browser's default: no cap set
          maxFramerate: TEXT.maxFramerate,
          scaleResolutionDownBy: TEXT.scaleResolutionDownBy,
          degradationPreference: TEXT.degradationPreference,
          contentHint: TEXT.contentHint,
          timestamp: 5,
          bytesSent: 100,
          framesEncoded: 10,
          qpSum: 250,
          frameWidth: 1920,
          frameHeight: 1080,
          framesPerSecond: 14,
          qualityLimitationReason: 'bandwidth',
        },
        expect.objectContaining({ viewerId: 'b', look: 'motion', codec: '', maxBitrate: null, contentHint: MOTION.contentHint, bytesSent: 0, qpSum: 0 }),
      ]);
    });
  });

  describe('pointing', () => {
    /** A host drawing into a recording overlay, on a clock the test moves. */
    async function pointingHost(overrides: Partial<HostOptions> = {}) {
      let clock = 1_000_000;
      const drawn: OverlayMessage[] = [];
      const made = await host({ now: () => clock, ...overrides });
      made.share.setOverlay('tab', (m) => drawn.push(m));
      return { ...made, drawn, tick: (ms: number) => (clock += ms) };
    }

    it("tells each viewer whether it can point, and why not, as the source and the sharer's switches change", async () => {
      const { share, peer, updates } = await host();
      const { conn } = await watching(peer, 'v');
      expect(pointingSent(conn)).toEqual(['source']); // no tab overlay yet: nothing to draw on
      share.setOverlay('tab', null);
      share.setOverlay('tab', () => undefined);
      share.pointing(false);
      share.pointing(true);
      share.viewerPointing('v', false);
      expect(updates.at(-1)).toMatchObject([{ id: 'v', canPoint: false }]);
      share.viewerPointing('v', true);
      share.setOverlay('other', null);
      expect(pointingSent(conn)).toEqual(['source', 'page', 'on', 'off', 'on', 'off', 'on', 'source']);
    });

    it("draws a let-in viewer's dot, ripple and ink in its colour and under its first verification word", async () => {
      const { peer, drawn } = await pointingHost();
      const { conn } = await watching(peer, 'v');
      const word = (conn.sent as HostMessage[]).flatMap((m) => (m.t === 'welcome' ? [m.code.split(' ')[0]] : []))[0];
      conn.emit('data', { t: 'point', at: [0.25, 0.5] });
      conn.emit('data', { t: 'tap', at: [0.25, 0.5] });
      conn.emit('data', { t: 'ink', stroke: 1, points: [[0.1, 0.1], [0.2, 0.2]] });
      conn.emit('data', { t: 'point', at: null });
      const owner = { viewer: 'v', colour: MARK_COLOURS[0], label: word };
      expect(drawn).toEqual([
        { t: 'dot', at: [0.25, 0.5], ...owner },
        { t: 'ripple', at: [0.25, 0.5], ...owner },
        { t: 'ink', stroke: 1, points: [[0.1, 0.1], [0.2, 0.2]], ...owner },
        { t: 'dot', at: null, ...owner },
      ]);
      const second = await watching(peer, 'w');
      second.conn.emit('data', { t: 'point', at: [1, 1] });
      expect(drawn.at(-1)).toMatchObject({ viewer: 'w', colour: MARK_COLOURS[1] });
    });

    it('drops pointer messages beyond 30 a second, and a stroke beyond its points, without queueing', async () => {
      const { peer, drawn, tick } = await pointingHost();
      const { conn } = await watching(peer, 'v');
      for (let i = 0; i < 10_000; i++) conn.emit('data', { t: 'point', at: [(i % 100) / 100, 0.5] });
      expect(drawn).toHaveLength(POINT_RATE);
      expect(conn.closed).toBe(false); // valid messages, too many: dropped, not a reason to hang up
      tick(1000);
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(POINT_RATE + 1);

      drawn.length = 0;
      const batch = Array.from({ length: INK_BATCH }, (_, i) => [i / INK_BATCH, 0.5]);
      for (let sent = 0; sent < INK_STROKE_POINTS + 5 * INK_BATCH; sent += INK_BATCH) {
        tick(40);
        conn.emit('data', { t: 'ink', stroke: 7, points: batch });
      }
      const points = drawn.flatMap((m) => (m.t === 'ink' ? m.points : []));
      expect(points.length).toBeLessThanOrEqual(INK_STROKE_POINTS);
      expect(points.length).toBeGreaterThan(INK_STROKE_POINTS - INK_BATCH);
    });

    it('draws nothing for a viewer not let in, switched off, or removed; the sharer switching off clears every mark', async () => {
      const { share, peer, drawn } = await pointingHost({ askToJoin: true });
      const waiting = peer.incoming('waiting');
      await prove(waiting);
      await vi.waitFor(() => expect(last(waiting)).toEqual({ t: 'waiting' }));
      waiting.emit('data', { t: 'point', at: [0.5, 0.5] });
      const early = peer.incoming('early'); // has proven nothing yet
      early.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toEqual([]);

      share.admit('waiting', true);
      const { conn } = { conn: waiting };
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(1);
      share.viewerPointing('waiting', false);
      expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: 'waiting' });
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(2);
      share.viewerPointing('waiting', true);
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      share.pointing(false);
      expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: null });
      conn.emit('data', { t: 'tap', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(4);
      share.pointing(true);
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      share.kick('waiting');
      expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: 'waiting' });
      const count = drawn.length;
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(count);
    });

    it('hangs up on malformed or out-of-range coordinates, drawing nothing', async () => {
      const { peer, drawn } = await pointingHost();
      for (const bad of [{ t: 'point', at: [1.5, 0.5] }, { t: 'point', at: [NaN, 0] }, { t: 'tap', at: null }, { t: 'ink', stroke: -1, points: [[0, 0]] }, { t: 'ink', stroke: 1, points: [] }, { t: 'point', at: [0.5, 0.5], extra: 1 }]) {
        const { conn } = await watching(peer, `v${drawn.length}${Math.random().toString(36).slice(2, 8)}`);
        conn.emit('data', bad);
        expect(conn.closed, JSON.stringify(bad)).toBe(true);
      }
      expect(drawn).toEqual([]);
    });

    it('lists a viewer as pointing for a moment after its last mark', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const { peer, updates, tick } = await pointingHost();
      const { conn } = await watching(peer, 'v');
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(updates.at(-1)).toMatchObject([{ id: 'v', pointing: true }]);
      tick(POINTING_RECENT_MS + 1);
      vi.advanceTimersByTime(1000); // the heartbeat notices
      expect(updates.at(-1)).toMatchObject([{ id: 'v', pointing: false }]);
    });
  });
});

describe('share host with a media server', () => {
  beforeAll(() => {
    vi.stubGlobal('MediaStream', FakeMediaStream);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A Janus room that records what the host asks of it. */
  function fakeRoom(fail = false) {
    const made: { options: ServerRoomOptions; tracks: [unknown, unknown][]; keys: number[]; pins: number; closed: boolean; tunes: VideoSending[] }[] = [];
    const open = async (options: ServerRoomOptions): Promise<ServerRoom> => {
      if (fail) throw new Error('unreachable');
      const record = { options, tracks: [] as [unknown, unknown][], keys: [options.keyId], pins: 0, closed: false, tunes: [] as VideoSending[] };
      made.push(record);
      return {
        room: 1234,
        feed: 99,
        get pin() {
          return `pin-number-${record.pins}`;
        },
        setTracks: (v, a) => void record.tracks.push([v, a]),
        tune: async (want) => void record.tunes.push(want),
        setKey: (id) => void record.keys.push(id),
        changePin: async () => void record.pins++,
        stats: async () => new Map() as unknown as RTCStatsReport,
        videoSender: () => ({ getParameters: () => ({ encodings: [{}] }) }) as unknown as RTCRtpSender,
        contentHint: () => 'detail',
        close: async () => void (record.closed = true),
      };
    };
    return { made, open };
  }

  const mediaServer = { url: 'ws://127.0.0.1:8188/', apiSecret: 'api-secret', threshold: 2 };
  const relayTo = (conn: FakeConnection) => (conn.sent as HostMessage[]).find((m) => m.t === 'relay');

  it('stays peer to peer up to the threshold, then publishes once and tells every viewer where to subscribe', async () => {
    const room = fakeRoom();
    const states: string[] = [];
    const { share, peer, updates } = await host({ mediaServer, openServerRoom: room.open, onServer: (s) => states.push(s) });
    const a = await watching(peer, 'a');
    const b = await watching(peer, 'b');
    expect(room.made).toHaveLength(0);
    expect(a.pc.sending()[1]).not.toBeNull(); // peer to peer, as before
    const c = await watching(peer, 'c');
    await vi.waitFor(() => expect(room.made).toHaveLength(1));
    // The room's key is derived from the link secret and the share ID; its bitrate has no cap of its own.
    expect(room.made[0]!.options).toMatchObject({ server: { url: mediaServer.url, apiSecret: 'api-secret' }, keyId: 0, bitrate: 0 });
    for (const v of [a, b, c]) await vi.waitFor(() => expect(relayTo(v.conn)).toEqual({ t: 'relay', room: 1234, pin: 'pin-number-0', feed: 99 }));
    expect(states).toEqual(['on']);
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
    const { peer } = await host({ mediaServer: { ...mediaServer, threshold: 0 }, openServerRoom: room.open, onServer: (s) => states.push(s) });
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
    const { peer } = await host({ mediaServer: { ...mediaServer, threshold: 0 }, openServerRoom: room.open, onServer: (s) => states.push(s) });
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
    await vi.waitFor(() => expect(last(stay.conn)).toEqual({ t: 'key', id: 1, k: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) }));
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
