import { describe, expect, it, vi } from 'vitest';
import { PREFER_INTERVAL_MS } from '../../../src/offscreen/host/sending';
import { videoSending } from '../../../src/shared/quality';
import type { FakeMediaStream } from '../fakes/media';
import { audioTrack, videoTrack, type FakeTrack } from '../fakes/media';
import { VIEWER_FP } from '../fakes/peer';
import {
  callTo,
  hello,
  host,
  last,
  MOTION,
  prove,
  proven,
  settle,
  TEXT,
  tuning,
  useFakeMedia,
  watching,
  WELCOME,
} from './harness';

describe('share host: sending', () => {
  useFakeMedia();

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
    expect(conn.sent.slice(-5)).toEqual([
      WELCOME,
      { t: 'paused', paused: true },
      { t: 'pointing', state: 'source' },
      { t: 'text-state', state: 'source' },
      { t: 'control', state: 'source' },
    ]);
    pc.answerWith(VIEWER_FP);
    await settle();
    expect(pc.everSent()).toEqual([]);
    share.pause(false);
    await settle();
    expect(pc.sending()).toEqual([video.clones[0], audio]);
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
      const text = {
        maxBitrate: TEXT.maxBitrate,
        maxFramerate: TEXT.maxFramerate,
        scaleResolutionDownBy: TEXT.scaleResolutionDownBy,
      };
      expect(sender.encodings).toEqual([
        { rid: 'h', active: true, ...text },
        { rid: 'l', active: false, ...text },
      ]);
      share.quality('motion');
      await settle();
      expect(sender.setCalls).toHaveLength(2);
      const motion = {
        maxBitrate: MOTION.maxBitrate,
        maxFramerate: MOTION.maxFramerate,
        scaleResolutionDownBy: MOTION.scaleResolutionDownBy,
      };
      expect(sender.encodings).toEqual([
        { rid: 'h', active: true, ...motion },
        { rid: 'l', active: false, ...motion },
      ]);
      expect(sender.degradationPreference).toBe(MOTION.degradationPreference);
    });

    it("applies the user's caps and never scales a small source up", async () => {
      const { peer } = await host({
        quality: 'motion',
        video: videoTrack('small', 480).asTrack(),
        limits: { maxHeight: null, maxFramerate: 20, maxBitrateKbps: 1000 },
      });
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

    it('quality re-tunes every viewer, except one that asked for its own look', async () => {
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
        [
          'out',
          {
            type: 'outbound-rtp',
            kind: 'video',
            codecId: 'c1',
            timestamp: 5,
            bytesSent: 100,
            framesEncoded: 10,
            qpSum: 250,
            frameWidth: 1920,
            frameHeight: 1080,
            framesPerSecond: 14,
            qualityLimitationReason: 'bandwidth',
          },
        ],
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
        expect.objectContaining({
          viewerId: 'b',
          look: 'motion',
          codec: '',
          maxBitrate: null,
          contentHint: MOTION.contentHint,
          bytesSent: 0,
          qpSum: 0,
        }),
      ]);
    });
  });
});
