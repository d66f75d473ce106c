import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_PENDING, openHost, OPEN_TIMEOUT_MS, PREFER_INTERVAL_MS, PROOF_TIMEOUT_MS, type HostOptions } from '../../src/offscreen/share-host';
import { importSecret, sign, verify, type Transcript } from '../../src/shared/proof';
import { NO_LIMITS } from '../../src/shared/quality';
import type { Viewer } from '../../src/shared/session';
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

const last = (conn: FakeConnection) => conn.sent.at(-1) as HostMessage | undefined;

/** Plays the viewer's side of the proof with `key`, seeing `hostFingerprint` as the host. */
async function prove(conn: FakeConnection, { withSecret = secret, hostFingerprint = HOST_FP, viewerFingerprint = VIEWER_FP } = {}) {
  conn.emit('data', { t: 'hello', v: WIRE_VERSION, nonce: VIEWER_NONCE });
  await vi.waitFor(() => expect(last(conn)?.t).toBe('challenge'));
  const challenge = last(conn) as Extract<HostMessage, { t: 'challenge' }>;
  const transcript: Transcript = { hostFingerprint, viewerFingerprint, hostNonce: challenge.nonce, viewerNonce: VIEWER_NONCE };
  const key = await importSecret(withSecret);
  conn.emit('data', { t: 'proof', mac: await sign(key, 'viewer', transcript) });
  return { challenge, transcript, key };
}

/** A viewer that proved the secret and has been called with the media. */
async function proven(peer: FakePeer, id: string) {
  const conn = peer.incoming(id);
  await prove(conn);
  await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
  return conn;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** A viewer that proved the secret, was called, and answered with the proven certificate. */
async function watching(peer: FakePeer, id: string) {
  const conn = peer.incoming(id);
  await prove(conn);
  await vi.waitFor(() => expect(peer.calls.map((c) => c.to)).toContain(id));
  const pc = peer.calls.find((c) => c.to === id)!.call.peerConnection;
  pc.answerWith(VIEWER_FP);
  await settle();
  return { conn, pc, sender: pc.videoSender };
}

/** How a viewer's video is encoded: its sender's parameters and its track's content hint. */
function tuning(pc: FakePeerConnection) {
  const { encoding, degradationPreference } = pc.videoSender;
  return {
    maxBitrate: encoding.maxBitrate,
    maxFramerate: encoding.maxFramerate,
    scaleResolutionDownBy: encoding.scaleResolutionDownBy,
    degradationPreference,
    codec: encoding.codec?.mimeType,
    contentHint: (pc.videoSender.track as FakeTrack).contentHint,
  };
}
// For a 1080-line source (src/shared/quality.ts).
const TEXT = { maxBitrate: 4_000_000, maxFramerate: 15, scaleResolutionDownBy: 1, degradationPreference: 'maintain-resolution', codec: 'video/VP9', contentHint: 'detail' };
const MOTION = { maxBitrate: 2_500_000, maxFramerate: 30, scaleResolutionDownBy: 1.5, degradationPreference: 'maintain-framerate', codec: 'video/VP8', contentHint: 'motion' };

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

  it('proves itself to a viewer, checks its proof, and only then calls it', async () => {
    const { peer, updates, video, audio } = await host();
    const conn = peer.incoming('viewer-1');
    const { challenge, transcript, key } = await prove(conn);
    // The host's MACs verify against what an honest viewer sees.
    expect(await verify(key, 'key', transcript, challenge.key)).toBe(true);
    expect(await verify(key, 'host', transcript, challenge.mac)).toBe(true);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
    expect(last(conn)).toMatchObject({ t: 'welcome', code: expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/) });
    expect(peer.calls[0]!.to).toBe('viewer-1');
    expect((peer.calls[0]!.stream as FakeMediaStream).getTracks()).toEqual([video, audio]);
    expect(updates.at(-1)).toMatchObject([{ id: 'viewer-1', state: 'watching' }]);
  });

  it('refuses a viewer of another wire version', async () => {
    const { peer } = await host();
    const conn = peer.incoming('old');
    conn.emit('data', { t: 'hello', v: WIRE_VERSION - 1, nonce: VIEWER_NONCE });
    expect(last(conn)).toEqual({ t: 'denied', reason: 'version' });
  });

  it('sends no track until the media connection presents the proven fingerprint', async () => {
    const { peer, video, audio } = await host();
    await proven(peer, 'viewer-1');
    const pc = peer.calls[0]!.call.peerConnection;
    await settle();
    expect(pc.sending()).toEqual([null, null]);
    pc.answerWith(VIEWER_FP);
    await settle();
    // The viewer's own clone of the video (tuned for it alone), and the shared audio.
    expect(video.clones).toHaveLength(1);
    expect(pc.sending()).toEqual([video.clones[0], audio]);
  });

  it('drops a media connection answered by another certificate', async () => {
    const { peer, updates } = await host();
    const conn = await proven(peer, 'viewer-1');
    const pc = peer.calls[0]!.call.peerConnection;
    pc.answerWith(ATTACKER_FP);
    await settle();
    expect(pc.sending()).toEqual([null, null]);
    expect(conn.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('denies a wrong secret: no call, no count', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    await prove(conn, { withSecret: 'x'.repeat(26) });
    await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'denied', reason: 'bad-secret' }));
    await vi.waitFor(() => expect(conn.closed).toBe(true));
    expect(peer.calls).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('denies a man in the middle: the proof was made over fingerprints the host never saw', async () => {
    const { peer } = await host();
    // The host's connection is with the attacker; the real viewer saw the attacker as the host.
    const conn = peer.incoming('relay', ATTACKER_FP);
    await prove(conn, { hostFingerprint: ATTACKER_FP, viewerFingerprint: VIEWER_FP });
    await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'denied', reason: 'bad-secret' }));
    expect(peer.calls).toEqual([]);
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
  });

  it('caps connections that have not proven the secret', async () => {
    const { peer } = await host();
    const pending = Array.from({ length: MAX_PENDING }, (_, i) => peer.incoming(`p${i}`));
    const extra = peer.incoming('one-too-many');
    expect(pending.some((c) => c.closed)).toBe(false);
    expect(extra.closed).toBe(true);
  });

  it('asks before letting a viewer in, and denies on request', async () => {
    const { share, peer, updates } = await host({ askToJoin: true });
    const yes = peer.incoming('yes');
    await prove(yes);
    await vi.waitFor(() => expect(last(yes)).toEqual({ t: 'waiting' }));
    expect(updates.at(-1)).toMatchObject([{ id: 'yes', state: 'waiting' }]);
    expect(peer.calls).toEqual([]);
    share.admit('yes', true);
    expect(peer.calls).toHaveLength(1);
    expect(updates.at(-1)).toMatchObject([{ id: 'yes', state: 'watching' }]);

    const no = peer.incoming('no');
    await prove(no);
    await vi.waitFor(() => expect(last(no)).toEqual({ t: 'waiting' }));
    share.admit('no', false);
    expect(last(no)).toEqual({ t: 'denied', reason: 'rejected' });
    expect(updates.at(-1)).toMatchObject([{ id: 'yes' }]);
    expect(peer.calls).toHaveLength(1);
  });

  it('enforces the viewer limit and the lock', async () => {
    const { share, peer } = await host({ maxViewers: 1 });
    await prove(peer.incoming('first'));
    const second = peer.incoming('second');
    await prove(second);
    await vi.waitFor(() => expect(last(second)).toEqual({ t: 'denied', reason: 'full' }));
    share.kick('first');
    share.setLocked(true);
    const third = peer.incoming('third');
    await prove(third);
    await vi.waitFor(() => expect(last(third)).toEqual({ t: 'denied', reason: 'locked' }));
  });

  it('kicks a viewer: told, call closed, no longer counted', async () => {
    const { share, peer, updates } = await host();
    const conn = await proven(peer, 'v');
    share.kick('v');
    expect(last(conn)).toEqual({ t: 'kicked' });
    expect(peer.calls[0]!.call.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('pausing detaches every track and tells viewers; resuming brings them back', async () => {
    const { share, peer, video } = await host();
    const conn = await proven(peer, 'v');
    const pc = peer.calls[0]!.call.peerConnection;
    pc.answerWith(VIEWER_FP);
    share.setPaused(true);
    await settle();
    expect(last(conn)).toEqual({ t: 'paused', paused: true });
    expect(pc.sending()).toEqual([null, null]);
    expect(video.clones[0]!.stopped).toBe(true);
    share.setPaused(false);
    await settle();
    expect(last(conn)).toEqual({ t: 'paused', paused: false });
    expect(pc.sending()).toHaveLength(2);
    expect(pc.sending()).not.toContain(null);
    expect(pc.videoSender.track).toBe(video.clones[1]);
  });

  it('drops a viewer that goes silent, and one whose call closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { peer, updates } = await host();
    const quiet = peer.incoming('quiet');
    await prove(quiet);
    const chatty = peer.incoming('chatty');
    await prove(chatty);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(2));
    for (let t = 0; t < HEARTBEAT_TIMEOUT_MS + 2000; t += 1000) {
      chatty.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(quiet.closed).toBe(true);
    expect(chatty.closed).toBe(false);
    expect(chatty.sent).toContainEqual({ t: 'ping' });
    expect(updates.at(-1)).toMatchObject([{ id: 'chatty' }]);
    peer.calls[1]!.call.close();
    expect(updates.at(-1)).toEqual([]);
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

  it('ending tells every viewer why, then destroys the peer', async () => {
    const { share, peer } = await host();
    const conn = peer.incoming('v');
    await prove(conn);
    await share.end('tab-closed');
    expect(conn.sent).toContainEqual({ t: 'end', reason: 'tab-closed' });
    expect(conn.closed).toBe(true);
    expect(peer.destroyed).toBe(true);
  });

  it('fails to open with a named broker when it refuses or never answers', async () => {
    let peer!: FakePeer;
    const tracks = { video: videoTrack().asTrack(), audio: null, quality: 'auto', limits: NO_LIMITS } as const;
    const options = { peerId: 'p', secret, ...tracks, peerOptions: {}, fingerprint: HOST_FP, askToJoin: false, maxViewers: 10, brokerLabel: 'http://127.0.0.1:9/', onViewers: () => undefined, onBroker: () => undefined };
    const refused = openHost({
      ...options,
      createPeer: (id) => {
        peer = new FakePeer(id, {});
        queueMicrotask(() => peer.fail('unavailable-id', 'ID is taken'));
        return peer.asPeer();
      },
    });
    await expect(refused).rejects.toMatchObject({ code: 'broker-rejected', detail: 'http://127.0.0.1:9/: ID is taken' });
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
    it("tunes each viewer for the share's preset once its media is verified", async () => {
      const { peer } = await host({ quality: 'text' });
      const a = await watching(peer, 'a');
      expect(tuning(a.pc)).toEqual(TEXT);
      // VP9 in profile 0: the profile every receiver decodes.
      expect(a.sender.encoding.codec).toMatchObject({ mimeType: 'video/VP9', sdpFmtpLine: 'profile-id=0' });
      const m = await host({ quality: 'motion' });
      expect(tuning((await watching(m.peer, 'b')).pc)).toEqual(MOTION);
    });

    it("applies the user's caps and never scales a small source up", async () => {
      const { peer } = await host({ quality: 'motion', video: videoTrack('small', 480).asTrack(), limits: { maxHeight: null, maxFramerate: 20, maxBitrateKbps: 1000 } });
      const a = await watching(peer, 'a');
      expect(tuning(a.pc)).toMatchObject({ maxBitrate: 1_000_000, maxFramerate: 20, scaleResolutionDownBy: 1 });
    });

    it('setVideo gives every verified viewer a clone of the new source on its existing connection', async () => {
      const { share, peer, video, audio } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      const b = await watching(peer, 'b');
      const unverified = peer.incoming('c');
      await prove(unverified);
      await vi.waitFor(() => expect(peer.calls).toHaveLength(3));
      const old = [a.sender.track, b.sender.track] as FakeTrack[];

      const next = videoTrack('w', 720);
      share.setVideo(next.asTrack());
      await settle();

      expect(next.clones).toHaveLength(2);
      expect(a.sender.track).toBe(next.clones[0]);
      expect(b.sender.track).toBe(next.clones[1]);
      expect(old.every((t) => t.stopped && t.original === video)).toBe(true);
      expect(a.pc.audioSender.track).toBe(audio);
      expect(peer.calls[2]!.call.peerConnection.sending()).toEqual([null, null]);
      expect(peer.calls).toHaveLength(3); // nobody was called again
      // Re-tuned for the new source's size: 720 lines need no scaling for Motion.
      expect(tuning(a.pc)).toEqual({ ...MOTION, scaleResolutionDownBy: 1 });
      // A viewer joining later is called with the new source.
      await watching(peer, 'd');
      expect((peer.calls[3]!.stream as FakeMediaStream).getVideoTracks()).toEqual([next]);
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

    it('"prefer" before the proof is out of order and closes the connection', async () => {
      const { peer } = await host({});
      const conn = peer.incoming('eager');
      conn.emit('data', { t: 'prefer', want: 'sharper' });
      expect(conn.closed).toBe(true);
    });

    it("setQuality re-tunes every viewer, except one that asked for its own look", async () => {
      const { share, peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      const b = await watching(peer, 'b');
      b.conn.emit('data', { t: 'prefer', want: 'smoother' });
      share.setQuality('text');
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
      share.setQuality('text');
      await settle();
      const calls = a.sender.setCalls.length;
      share.setAutoLook('text');
      share.setAutoLook('motion');
      await settle();
      expect(a.sender.setCalls).toHaveLength(calls);
      expect(tuning(a.pc)).toEqual(TEXT);
    });

    it('a "prefer" from a viewer that is still waiting is kept, not punished: no call, no tuning, no disconnect', async () => {
      const { peer, updates } = await host({ askToJoin: true, quality: 'motion' });
      const conn = peer.incoming('early');
      await prove(conn);
      await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'waiting' }));
      conn.emit('data', { t: 'prefer', want: 'sharper' });
      expect(conn.closed).toBe(false);
      expect(updates.at(-1)).toMatchObject([{ id: 'early', state: 'waiting' }]);
      expect(peer.calls).toEqual([]);
    });

    /** A text viewer whose browser refuses the codec in setParameters. */
    async function refusingCodec() {
      const { peer } = await host({ quality: 'text' });
      await proven(peer, 'v');
      const pc = peer.calls[0]!.call.peerConnection;
      pc.videoSender.refuseCodec = true;
      pc.answerWith(VIEWER_FP);
      await settle();
      return pc;
    }

    it('tries again without the codec where the browser refuses it', async () => {
      const pc = await refusingCodec();
      const [withCodec, without] = pc.videoSender.setCalls;
      expect(withCodec!.encodings[0]).toMatchObject({ codec: { mimeType: 'video/VP9' } });
      expect(without!.encodings[0]).not.toHaveProperty('codec');
      expect(without).toMatchObject({ degradationPreference: 'maintain-resolution', encodings: [{ maxBitrate: 4_000_000, maxFramerate: 15, scaleResolutionDownBy: 1 }] });
    });

    // Chrome wants a fresh getParameters() before every setParameters: the retry must build anew.
    it('the retry without the codec takes effect', async () => {
      const pc = await refusingCodec();
      expect(tuning(pc)).toEqual({ ...TEXT, codec: undefined });
    });

    it('a sender that refused every setting is tried again at the next retune', async () => {
      const { share, peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      a.sender.refuseAll = true;
      share.setQuality('text');
      await settle();
      expect(a.sender.encoding).toMatchObject({ maxFramerate: 30, maxBitrate: 2_500_000 }); // still Motion's
      a.sender.refuseAll = false;
      share.setQuality('text'); // the same preset: only a viewer left untuned is retuned
      await settle();
      expect(tuning(a.pc)).toEqual(TEXT);
    });

    it("reports each viewer's look, sender parameters and encoder figures", async () => {
      const { share, peer } = await host({ quality: 'motion' });
      const a = await watching(peer, 'a');
      await watching(peer, 'b');
      a.conn.emit('data', { t: 'prefer', want: 'sharper' });
      await settle();
      a.pc.stats = new Map<string, Record<string, unknown>>([
        ['audio', { type: 'outbound-rtp', kind: 'audio', bytesSent: 7 }],
        ['out', { type: 'outbound-rtp', kind: 'video', codecId: 'c1', timestamp: 5, bytesSent: 100, framesEncoded: 10, frameWidth: 1920, frameHeight: 1080, framesPerSecond: 14, qualityLimitationReason: 'bandwidth' }],
        ['c1', { type: 'codec', mimeType: 'video/VP9' }],
      ]);
      expect(await share.stats()).toEqual([
        {
          viewerId: 'a',
          look: 'text',
          codec: 'video/VP9',
          maxBitrate: 4_000_000,
          maxFramerate: 15,
          scaleResolutionDownBy: 1,
          degradationPreference: 'maintain-resolution',
          contentHint: 'detail',
          timestamp: 5,
          bytesSent: 100,
          framesEncoded: 10,
          frameWidth: 1920,
          frameHeight: 1080,
          framesPerSecond: 14,
          qualityLimitationReason: 'bandwidth',
        },
        expect.objectContaining({ viewerId: 'b', look: 'motion', codec: '', maxFramerate: 30, contentHint: 'motion', bytesSent: 0 }),
      ]);
    });
  });
});
