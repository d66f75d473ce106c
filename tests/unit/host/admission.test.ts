import { describe, expect, it, vi } from 'vitest';
import { MAX_PENDING, MESSAGE_RATE, PROOF_TIMEOUT_MS } from '../../../src/offscreen/host/admission';
import { verify } from '../../../src/shared/proof';
import { WIRE_VERSION } from '../../../src/shared/wire';
import type { FakeMediaStream } from '../fakes/media';
import { ATTACKER_FP, VIEWER_FP } from '../fakes/peer';
import {
  answerChallenge,
  callTo,
  hello,
  host,
  last,
  prove,
  proven,
  settle,
  useFakeMedia,
  VIEWER_NONCE,
  watching,
  WELCOME,
} from './harness';

describe('share host: admission', () => {
  useFakeMedia();

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

  it('hangs up on a viewer that floods it, before parsing the rest; an honest rate and the others are untouched', async () => {
    let clock = 1_000_000;
    const { peer, updates } = await host({ now: () => clock });
    const calm = await watching(peer, 'calm');
    const flooder = await watching(peer, 'flooder');
    // A second's worth of messages at the limit is fine, again in the next second...
    for (let second = 0; second < 2; second++) {
      clock += 1000;
      for (let i = 0; i < MESSAGE_RATE; i++) flooder.conn.emit('data', { t: 'ping' });
    }
    expect(flooder.conn.closed).toBe(false);
    // ...but one past it is a flood: the connection closes, and nothing after it is taken.
    flooder.conn.emit('data', { t: 'ping' });
    expect(flooder.conn.closed).toBe(true);
    expect(calm.conn.closed).toBe(false);
    expect(updates.at(-1)).toMatchObject([{ id: 'calm', state: 'watching' }]);
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
});
