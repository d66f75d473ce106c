// The share's media-server room, for one attempt: subscribe where the host says (once more after a
// refusal), hand the room's picture to picture.ts once it flows, and only then tell the host to stop
// sending its own. Any failure keeps (or brings back) the host's.
import type { MediaServerAccess } from '../../shared/settings';
import type { ViewerMessage } from '../../shared/wire';
import type { Picture } from './picture';
import type { ServerFeed, subscribeFeed } from './server-feed';
import { SUBSCRIBE_RETRY_MS } from './view-state';

/** A link with a media server: its feed code and key 0, made ready before the host asks for them. */
export interface ServerReady {
  server: MediaServerAccess;
  subscribe: Promise<typeof subscribeFeed>;
  key: Promise<CryptoKey>;
}

export interface RoomOptions {
  ready: ServerReady | null;
  /** The share's frame keys by ID: 0 from the link, later ones from the host. */
  keys: Map<number, CryptoKey>;
  iceServers: RTCIceServer[];
  picture: Pick<Picture, 'showRoom' | 'leaveRoom'>;
  send(message: ViewerMessage): void;
  /** Whether the host's picture plays now: then the room's must be flowing before it replaces it. */
  playing(): Promise<boolean>;
  /** The attempt's: once aborted, its feed is closed and no new one is kept. */
  signal: AbortSignal;
}

export interface Room {
  join(room: number, pin: string, feed: number): Promise<void>;
  setKey(id: number, key: CryptoKey): void;
  /** Back to the host's own connection (the server is gone, or its feed failed). */
  leave(): void;
}

export function createRoom(options: RoomOptions): Room {
  const { ready, keys, picture, send, signal } = options;
  let feed: ServerFeed | null = null;
  signal.addEventListener('abort', () => {
    feed?.close();
    feed = null;
  });

  function leave(): void {
    feed?.close();
    feed = null;
    send({ t: 'via', route: 'direct' });
    picture.leaveRoom();
  }

  async function join(room: number, pin: string, feedId: number): Promise<void> {
    if (!ready || feed) return ready ? undefined : send({ t: 'via', route: 'direct' });
    let subscribed: ServerFeed | null = null;
    try {
      keys.set(0, await ready.key);
      const subscribe = await ready.subscribe;
      // A viewer sent straight to the room has no picture of the host's to keep meanwhile.
      const replacing = await options.playing();
      const attempt = () =>
        subscribe({
          server: { url: ready.server.url, apiSecret: ready.server.apiSecret },
          room,
          pin,
          feed: feedId,
          keys,
          iceServers: options.iceServers,
          replacing,
          onFirstFrame: () => {
            if (feed !== subscribed || !feed) return;
            send({ t: 'via', route: 'server' });
            const shown = feed;
            picture.showRoom({ stream: shown.stream, stats: () => shown.stats() });
          },
          onLost: () => {
            if (feed === subscribed) leave();
          },
        });
      // Once more after a moment: a refusal can be passing (a server busy with a crowd joining).
      subscribed = await attempt().catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_RETRY_MS));
        if (signal.aborted) throw new Error('this connection is gone');
        return attempt();
      });
    } catch (error) {
      console.warn('TabBeam: could not watch through the media server', error);
      send({ t: 'via', route: 'direct' });
      return;
    }
    if (signal.aborted || feed) return subscribed.close();
    feed = subscribed;
  }

  return {
    join,
    setKey: (id, key) => feed?.setKey(id, key),
    leave,
  };
}
