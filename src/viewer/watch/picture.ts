// The one owner of what the viewer shows: the host's own picture, or the media server's room once
// its picture flows. One player across the move: the first stream shown stays the page's stream
// and the other picture's tracks are swapped into it, so the page (its <video>, its sound and
// stats) never has to follow a move. A probe found a srcObject swap as quick (55-88 ms): the long
// stalls measured around a hand-off happen before the move, not at it (docs/benchmarks.md).
import type { MediaRoute } from '../../shared/wire';

/** A picture and the statistics of the connection it arrives on. */
export interface Source {
  readonly stream: MediaStream;
  stats(): Promise<RTCStatsReport | null>;
}

export interface Picture {
  /** Where the picture comes from: 'server' from the room's first flowing frame until it is left. */
  readonly via: MediaRoute;
  /** The host's picture, proven and let in: the first thing shown (the room's, if it already flows). */
  showHost(source: Source): void;
  /** The room's picture flows: it replaces the host's. */
  showRoom(source: Source): void;
  /** Back to the host's picture (the room's failed, or the server is gone). */
  leaveRoom(): void;
  stats(): Promise<RTCStatsReport | null>;
  /** The connection is gone: nothing to show. */
  clear(): void;
}

export interface PictureOptions {
  onStream(stream: MediaStream | null): void;
  /** `via` changed. */
  onVia(via: MediaRoute): void;
}

export function createPicture({ onStream, onVia }: PictureOptions): Picture {
  let host: Source | null = null;
  let room: Source | null = null;
  /** The stream the page plays: the first one shown. */
  let screen: MediaStream | null = null;
  /** The screen's own tracks, set aside while another picture's play in it. */
  let own: MediaStreamTrack[] | null = null;

  function render(): void {
    const next = room ?? host;
    // Nothing shows before the host's picture: only its connection proves who sends.
    if (!host || !next) return;
    if (!screen) {
      screen = next.stream;
      return onStream(screen);
    }
    if (next.stream === screen && !own) return;
    const tracks = next.stream === screen ? own! : next.stream.getTracks();
    own = next.stream === screen ? null : (own ?? screen.getTracks());
    swapTracks(screen, tracks);
  }

  return {
    get via() {
      return room ? 'server' : 'direct';
    },
    showHost(source) {
      host = source;
      render();
    },
    showRoom(source) {
      const moved = !room;
      room = source;
      render();
      if (moved) onVia('server');
    },
    leaveRoom() {
      if (!room) return;
      room = null;
      render();
      onVia('direct');
    },
    async stats() {
      return (await (room ?? host)?.stats()) ?? null;
    },
    clear() {
      host = room = screen = own = null;
      onStream(null);
    },
  };
}

/**
 * Puts `tracks` in `screen` in place of what it holds: the new ones first, so the player always
 * has a video track and switches to the new one without showing nothing in between.
 */
export function swapTracks(screen: MediaStream, tracks: readonly MediaStreamTrack[]): void {
  const before = screen.getTracks();
  for (const track of tracks) if (!before.includes(track)) screen.addTrack(track);
  for (const track of before) if (!tracks.includes(track)) screen.removeTrack(track);
  // Script changes fire no addtrack/removetrack: tell the page when, say, sound came or went.
  const kinds = (list: readonly MediaStreamTrack[]) => [...new Set(list.map((t) => t.kind))].sort().join();
  if (kinds(before) !== kinds(tracks)) screen.dispatchEvent(new Event('addtrack'));
}
