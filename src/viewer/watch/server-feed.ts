// Where the picture comes from above the host's media-server threshold: the share's Janus room.
// Frames are decrypted here with the share's keys (src/shared/e2ee); Janus only ever held
// ciphertext. A feed that cannot be decrypted, shows no frame in time, or loses its server hangs
// up (a subscriber that cannot decrypt would otherwise keep asking the host for key frames).
// room.ts decides when to subscribe, picture.ts which picture to show; this file only subscribes.
import { createFrameCrypto, NEEDS_ENCODED_STREAMS } from '../../shared/e2ee';
import { connectJanus, type JanusServer } from '../../shared/janus/client';
import { subscribe } from '../../shared/janus/videoroom';
import { mark } from '../../shared/marks';
import { framesDecoded, lowLatency } from './receiving';

/** Time from subscribing to the room's picture flowing before the feed counts as failed. */
export const FIRST_FRAME_TIMEOUT_MS = 5_000;
/**
 * Decoded frames before a picture that is playing moves to the room: a key frame alone can be
 * followed by a stall (the publisher's encoder just started, or a loss waiting for the next key
 * frame), and the host stops its own send as soon as the viewer has moved. With nothing playing
 * yet (a viewer sent straight to the room), the first frame is enough.
 */
export const FLOWING_FRAMES = 5;
const POLL_MS = 40;

export interface FeedOptions {
  server: JanusServer;
  room: number;
  pin: string;
  feed: number;
  /** Every key the share has used that this viewer knows, by ID. */
  keys: ReadonlyMap<number, CryptoKey>;
  iceServers: RTCIceServer[];
  /** Whether a picture plays now that the room's would replace (then it waits for FLOWING_FRAMES). */
  replacing: boolean;
  /** The room's picture is flowing (FLOWING_FRAMES decoded): it can move to this feed. Called after the promise resolves. */
  onFirstFrame(): void;
  /** The feed failed for good: the server went away, the connection failed, or frames do not decrypt. */
  onLost(): void;
}

export interface ServerFeed {
  readonly stream: MediaStream;
  setKey(id: number, key: CryptoKey): void;
  stats(): Promise<RTCStatsReport>;
  close(): void;
}

export async function subscribeFeed(options: FeedOptions): Promise<ServerFeed> {
  mark('server:subscribe');
  const session = await connectJanus(options.server);
  const crypto = createFrameCrypto();
  for (const [id, key] of options.keys) crypto.setKey(id, key);
  const pc = new RTCPeerConnection({
    iceServers: options.iceServers,
    ...(NEEDS_ENCODED_STREAMS ? { encodedInsertableStreams: true } : {}),
  } as RTCConfiguration);
  const stream = new MediaStream();
  let closed = false;
  let ready = false;
  let lostEarly = false;
  let poll: ReturnType<typeof setInterval> | undefined = undefined;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(poll);
    pc.close();
    crypto.close();
    void session.destroy().catch(() => undefined);
  };
  const lost = () => {
    if (closed) return;
    if (!ready) {
      lostEarly = true;
      return;
    }
    close();
    options.onLost();
  };

  pc.addEventListener('track', (event) => {
    // Before any frame can arrive: the transform is in place when the first one does.
    crypto.decrypt(event.receiver, event.track.kind === 'audio' ? 'audio' : 'video');
    lowLatency(event.receiver);
    stream.addTrack(event.track);
  });
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'failed') lost();
  });
  session.onLost(lost);
  crypto.onUndecryptable(lost);

  try {
    const handle = await session.attach('janus.plugin.videoroom');
    await subscribe(handle, { room: options.room, pin: options.pin }, options.feed, pc);
  } catch (error) {
    close();
    throw error;
  }
  if (lostEarly) {
    close();
    throw new Error('the media server went away while subscribing');
  }
  ready = true;

  // Decoded frames, read from the receiver's statistics (works in every browser).
  const since = Date.now();
  poll = setInterval(() => {
    void framesDecoded(pc).then((decoded) => {
      if (closed) return;
      if (decoded >= (options.replacing ? FLOWING_FRAMES : 1)) {
        clearInterval(poll);
        mark('server:first-frame');
        options.onFirstFrame();
      } else if (Date.now() - since > FIRST_FRAME_TIMEOUT_MS) {
        lost();
      }
    });
  }, POLL_MS);

  return {
    stream,
    setKey: (id, key) => crypto.setKey(id, key),
    stats: () => pc.getStats(),
    close,
  };
}
