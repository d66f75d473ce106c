// Where the media goes above the media-server threshold: published once to a Janus VideoRoom made
// for this share, which fans it out to every viewer. Every frame is encrypted here before it
// leaves (src/shared/e2ee), so Janus forwards only ciphertext; the room is destroyed at the end.
// The host (media-server.ts) decides when to open it and who hears of it; this file only publishes.
import { createFrameCrypto, NEEDS_ENCODED_STREAMS } from '../../shared/e2ee';
import { connectJanus, type JanusServer } from '../../shared/janus/client';
import { changePin, createRoom, destroyRoom, newRoomConfig, publish } from '../../shared/janus/videoroom';
import { randomToken } from '../../shared/random-id';
import type { VideoSending } from '../../shared/quality';
import { applySending, sameSending } from '../encoding';

export interface ServerRoomOptions {
  server: JanusServer;
  video: MediaStreamTrack;
  audio: MediaStreamTrack | null;
  /** The share's current frame key and its ID. */
  keyId: number;
  key: CryptoKey;
  /** The room's bitrate cap (bit/s), 0 for none. */
  bitrate: number;
  /** The video's encoding from the first frame (tune() changes it later). */
  sending: VideoSending;
  iceServers: RTCIceServer[];
  /** Janus or the publishing connection is gone for good (not called after close()). */
  onLost(): void;
}

export interface ServerRoom {
  readonly room: number;
  readonly feed: number;
  /** Given only to viewers who proved the link secret; changed when one is removed. */
  readonly pin: string;
  /** What is published now: the share's tracks, or nothing while paused (null). */
  setTracks(video: MediaStreamTrack | null, audio: MediaStreamTrack | null): void;
  /** Room-wide encoding: every viewer of the room gets the same picture. Nothing if unchanged. */
  tune(sending: VideoSending): Promise<void>;
  /** Encrypts with this key from now on. */
  setKey(id: number, key: CryptoKey): void;
  /** A new PIN, so a removed viewer cannot subscribe again. */
  changePin(): Promise<void>;
  stats(): Promise<RTCStatsReport>;
  /** The published video's sender and hint, for stats. */
  videoSender(): RTCRtpSender;
  contentHint(): string;
  /** Destroys the room and ends the session. */
  close(): Promise<void>;
}

export async function openServerRoom(options: ServerRoomOptions): Promise<ServerRoom> {
  const session = await connectJanus(options.server);
  let closed = false;
  const crypto = createFrameCrypto();
  crypto.setKey(options.keyId, options.key);
  let pc: RTCPeerConnection | null = null;
  try {
    const handle = await session.attach('janus.plugin.videoroom');
    const config = newRoomConfig(options.bitrate);
    await createRoom(handle, config);
    pc = new RTCPeerConnection({
      iceServers: options.iceServers,
      ...(NEEDS_ENCODED_STREAMS ? { encodedInsertableStreams: true } : {}),
    } as RTCConfiguration);
    // Its own clone, so the room's content hint and encoding are its own.
    let source: MediaStreamTrack | null = options.video;
    let video: MediaStreamTrack | null = source.clone();
    const videoSender = pc.addTransceiver(video, { direction: 'sendonly' }).sender;
    const audioSender = pc.addTransceiver(options.audio ?? 'audio', { direction: 'sendonly' }).sender;
    // Encrypted before the first frame can leave, in the same task as the transceivers were made:
    // with an await in between, no frame of the room ever decoded at a viewer.
    crypto.encrypt(videoSender, 'video');
    crypto.encrypt(audioSender, 'audio');
    // Tuned before anything is encoded, as a viewer's own sender is: a hint or encoding set on a
    // running encoder reconfigures it with a key frame, which here came just as viewers subscribed.
    let tuned: VideoSending | null = null;
    const tune = async (want: VideoSending) => {
      if (tuned && sameSending(tuned, want)) return;
      tuned = (await applySending(videoSender, video, want)) ? want : null;
    };
    await tune(options.sending);
    const feed = await publish(handle, config, pc, 'tabbeam');
    const connection = pc;

    const lost = () => {
      if (closed) return;
      closed = true;
      options.onLost();
    };
    session.onLost(lost);
    connection.addEventListener('connectionstatechange', () => {
      if (connection.connectionState === 'failed' || connection.connectionState === 'closed') lost();
    });

    return {
      room: config.room,
      feed,
      get pin() {
        return config.pin;
      },
      setTracks(nextVideo, nextAudio) {
        if (nextVideo !== source) {
          const old = video;
          source = nextVideo;
          video = nextVideo ? nextVideo.clone() : null;
          if (video && old) video.contentHint = old.contentHint;
          tuned = null; // a new clone: the next tune() applies in full
          void videoSender.replaceTrack(video).catch(() => undefined);
          old?.stop();
        }
        if (audioSender.track !== nextAudio) void audioSender.replaceTrack(nextAudio).catch(() => undefined);
      },
      tune,
      setKey(id, key) {
        crypto.setKey(id, key);
      },
      async changePin() {
        await changePin(handle, config, randomToken());
      },
      stats: () => connection.getStats(),
      videoSender: () => videoSender,
      contentHint: () => video?.contentHint ?? '',
      async close() {
        closed = true;
        video?.stop();
        connection.close();
        crypto.close();
        await destroyRoom(handle, config).catch(() => undefined);
        await session.destroy().catch(() => undefined);
      },
    };
  } catch (error) {
    closed = true;
    pc?.close();
    crypto.close();
    await session.destroy().catch(() => undefined);
    throw error;
  }
}
