// Above the media-server threshold the picture goes once to a Janus room (server-room.ts): each
// viewer is told where to subscribe, and its own connection stops sending once it says the room's
// picture is up (its route). A failure is tried again at a later admission after SERVER_RETRY_MS;
// once on, the share stays on it (no flapping at the threshold). Frames are end-to-end encrypted;
// removing a viewer rotates the key, since Janus cannot kick a subscriber.
import { mark } from '../../shared/marks';
import type { SenderStats } from '../../shared/protocol';
import type { Look, ViewerPreference } from '../../shared/quality';
import type { MediaServer } from '../../shared/settings';
import { createFrameKeys, type FrameKey } from './frame-keys';
import type { HostOptions } from './options';
import type { Outgoing } from './outgoing';
import { senderStats, SERVER_VIEWER_ID } from './sender-stats';
import type { RoomLink } from './sending';
import type { ServerRoom, ServerRoomOptions } from './server-room';
import type { Entry, Roster } from './viewers';

/** After a media server failed, the next viewer let in tries it again only after this long. */
export const SERVER_RETRY_MS = 30_000;
/** A new frame key is sent to viewers this long before frames are encrypted with it. */
export const KEY_SWITCH_MS = 1_000;

/** `secret` and `peerId`: frame key 0 is derived from them; `mediaServer` null: always peer to peer. */
export interface ServerPathDeps extends Pick<
  HostOptions,
  'mediaServer' | 'secret' | 'peerId' | 'limits' | 'peerOptions' | 'onServer'
> {
  openRoom(options: ServerRoomOptions): Promise<ServerRoom>;
  now(): number;
  out: Outgoing;
  roster: Pick<Roster, 'send' | 'publish' | 'watching'>;
  /** Puts on a viewer's own connection what it should send now. */
  gate(entry: Entry): void;
}

export interface ServerPath extends RoomLink {
  /** A viewer just let in goes straight to an open room. */
  welcome(entry: Entry): void;
  /** Opens the room once more viewers watch than the threshold. */
  consider(): void;
  /** After a viewer is removed: a new frame key for the others, and a new PIN. */
  rotateKey(): Promise<void>;
  /** The share's tracks changed; `retune`: the video did, so the room's new clone is tuned. */
  follow(retune: boolean): void;
  /** The share was paused (the room publishes nothing) or resumed. */
  followPause(): void;
  stats(): Promise<SenderStats>[];
  /** The share is ending: no room opens from now on. */
  stop(): void;
  close(): Promise<void>;
}

type State =
  | { state: 'off' }
  | { state: 'opening' }
  | { state: 'on'; room: ServerRoom }
  | { state: 'unreachable' | 'lost'; at: number };

export function createServerPath(deps: ServerPathDeps): ServerPath {
  const { out, roster, now } = deps;
  let server: State = { state: 'off' };
  let ended = false;
  const keys = createFrameKeys(deps.secret, deps.peerId);
  /** Sharper/Smoother from a viewer on the room applies to the whole room. */
  let preference: ViewerPreference = 'auto';

  /** The room while it publishes. */
  const roomOf = () => (server.state === 'on' ? server.room : null);

  async function tune(): Promise<void> {
    const room = roomOf();
    if (room) await room.tune(out.sendingFor(out.lookFor(preference)));
  }

  /** Tells a watching viewer where the room is (with the current key, if it is not the first). */
  function relay(entry: Entry): void {
    const room = roomOf();
    const frameKey = keys.latest();
    if (!room || !frameKey) return;
    if (frameKey.id > 0) roster.send(entry, { t: 'key', id: frameKey.id, k: frameKey.raw });
    roster.send(entry, { t: 'relay', room: room.room, pin: room.pin, feed: room.feed });
  }

  async function open(wanted: MediaServer): Promise<void> {
    let room: ServerRoom | null = null;
    try {
      room = await deps.openRoom(roomOptions(wanted, deps, preference, await keys.current(), () => lost(room)));
    } catch (error) {
      // Viewers keep watching peer to peer; the popup says the server could not be reached.
      console.warn('TabBeam: the media server could not be used', error);
      server = { state: 'unreachable', at: now() };
      deps.onServer?.('unreachable');
      return releaseHeld(roster, deps.gate);
    }
    if (ended) return void room.close();
    mark('host:room-on');
    server = { state: 'on', room };
    if (out.paused) room.setTracks(null, null);
    void tune();
    for (const entry of roster.watching()) relay(entry);
    deps.onServer?.('on');
  }

  /** Janus or the publishing connection is gone: everyone back on their own connection. */
  function lost(room: ServerRoom | null): void {
    if (roomOf() !== room || !room) return;
    server = { state: 'lost', at: now() };
    void room.close();
    for (const entry of roster.watching()) {
      roster.send(entry, { t: 'direct' });
      entry.route = 'direct';
      deps.gate(entry);
    }
    deps.onServer?.('lost');
    roster.publish();
  }

  function follow(retune: boolean): void {
    const room = roomOf();
    if (!room || out.paused) return;
    room.setTracks(out.video, out.audio);
    if (retune) void tune();
  }

  return {
    isOn: () => roomOf() !== null,
    prefer(want) {
      preference = want;
    },
    tune,
    welcome(entry) {
      // While the room opens a new viewer waits for it, rather than start one more encoder: on
      // 2 cores that burst stalled everyone's picture for ~1 s. Relayed once the room is on.
      if (server.state === 'opening') entry.route = 'server';
      if (!roomOf()) return;
      // Its own connection sends nothing unless it says it could not watch there.
      entry.route = 'server';
      relay(entry);
    },
    consider() {
      const wanted = deps.mediaServer;
      if (!wanted || ended || server.state === 'opening' || server.state === 'on') return;
      if ('at' in server && now() - server.at < SERVER_RETRY_MS) return;
      if (roster.watching().length <= wanted.threshold) return;
      server = { state: 'opening' };
      mark('host:room-opening');
      void open(wanted);
    },
    async rotateKey() {
      const room = roomOf();
      if (!room || !keys.latest()) return;
      const next = await keys.rotate();
      for (const entry of roster.watching()) roster.send(entry, { t: 'key', id: next.id, k: next.raw });
      setTimeout(() => {
        if (keys.latest() === next) room.setKey(next.id, next.key);
      }, KEY_SWITCH_MS);
      await room.changePin().catch((error: unknown) => console.warn('TabBeam: could not change the room PIN', error));
    },
    follow,
    followPause() {
      const room = roomOf();
      if (!room) return;
      if (out.paused) room.setTracks(null, null);
      else follow(true); // a new clone: its content hint too
    },
    stats() {
      const room = roomOf();
      return room ? [roomStats(room, out.lookFor(preference))] : [];
    },
    stop() {
      ended = true;
    },
    async close() {
      await roomOf()?.close();
    },
  };
}

/** The room could not open: viewers held for it watch on their own connection. */
function releaseHeld(roster: Pick<Roster, 'watching'>, gate: (entry: Entry) => void): void {
  for (const entry of roster.watching()) {
    if (entry.route !== 'server') continue;
    entry.route = 'direct';
    gate(entry);
  }
}

/** The room sends once for every viewer on it: one entry in stats(). */
async function roomStats(room: ServerRoom, look: Look): Promise<SenderStats> {
  const report = await room.stats();
  return senderStats(SERVER_VIEWER_ID, room.videoSender(), look, room.contentHint(), report);
}

function roomOptions(
  wanted: MediaServer,
  deps: ServerPathDeps,
  preference: ViewerPreference,
  frameKey: FrameKey,
  onLost: () => void,
) {
  const { out, limits } = deps;
  const options: ServerRoomOptions = {
    server: { url: wanted.url, apiSecret: wanted.apiSecret },
    video: out.video,
    audio: out.audio,
    keyId: frameKey.id,
    key: frameKey.key,
    bitrate: limits.maxBitrateKbps === null ? 0 : limits.maxBitrateKbps * 1000,
    sending: out.sendingFor(out.lookFor(preference)),
    iceServers: deps.peerOptions.config?.iceServers ?? [],
    onLost,
  };
  return options;
}
