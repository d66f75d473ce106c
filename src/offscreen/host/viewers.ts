// The host's viewers as data: one record per data connection, its phase, and the list the popup
// sees (onViewers). Removing a viewer goes through here; the other jobs clean up their part of it
// through the hooks, so a new job adds a hook rather than a branch.
import type { DataConnection, MediaConnection } from 'peerjs';
import type { Transcript } from '../../shared/proof';
import type { Look, ViewerPreference } from '../../shared/quality';
import { LEFT_NOTICE_MS, type Departure, type Viewer, type ViewerControl } from '../../shared/session';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS } from '../../shared/wire';
import type { DeniedReason, HostMessage, MediaRoute } from '../../shared/wire';

/** Time for a last message ("end", "denied") to leave before the channel closes. */
export const FLUSH_MS = 250;

export type Phase = 'hello' | 'challenged' | 'verifying' | 'waiting' | 'watching' | 'leaving';

export interface Entry {
  conn: DataConnection;
  phase: Phase;
  transcript: Transcript | null;
  code: string;
  call: MediaConnection | null;
  /** The media connection presented the proven fingerprint. */
  mediaVerified: boolean;
  /** This viewer's clone of the video track (null while not sending), and how it is tuned. */
  video: MediaStreamTrack | null;
  preference: ViewerPreference;
  look: Look | null;
  joinedAt: number;
  lastSeen: number;
  proofTimer: ReturnType<typeof setTimeout> | undefined;
  preferTimer: ReturnType<typeof setTimeout> | undefined;
  /** 'server': its picture comes from the media server, so its own connection sends nothing. */
  route: MediaRoute;
}

/** Proved the secret and not leaving: counted, listed in the popup, pinged. */
export const isPresent = (entry: Entry) => entry.phase === 'waiting' || entry.phase === 'watching';
/** Let in: it gets the picture, its marks and the share's notices. */
export const isWatching = (entry: Entry) => entry.phase === 'watching';
/** Connected but not through the proof yet. */
export const isPending = (entry: Entry) =>
  entry.phase === 'hello' || entry.phase === 'challenged' || entry.phase === 'verifying';

export interface RosterDeps {
  now(): number;
  onViewers(viewers: Viewer[], left: Departure[]): void;
  /** What the list shows of a viewer's pointing (asking marks it as shown). */
  listPointing(entry: Entry): { canPoint: boolean; pointing: boolean };
  /** Whether the viewer asks to control the tab, or controls it. */
  listControl(entry: Entry): { control: ViewerControl };
  /** The list shows a pointing state that has since changed. */
  pointingStale(present: Entry[]): boolean;
  /** Told to leave: its marks and media stop now; its connection closes after FLUSH_MS. */
  dismissed(entry: Entry): void;
  /** Gone: everything of it stops. */
  dropped(entry: Entry): void;
}

export interface Roster {
  add(conn: DataConnection): Entry;
  has(entry: Entry): boolean;
  byId(id: string): Entry | undefined;
  all(): Entry[];
  present(): Entry[];
  watching(): Entry[];
  send(entry: Entry, message: HostMessage): void;
  publish(): void;
  drop(entry: Entry): void;
  /** Sends a last message, then closes once it has had time to leave. */
  dismiss(entry: Entry, message: HostMessage): void;
  deny(entry: Entry, reason: DeniedReason): void;
  /** Pings viewers, drops silent ones, refreshes the list; returns the stop function. */
  startHeartbeat(): () => void;
  /** The share is ending: tells everyone why, gives it time to leave, then closes every connection. */
  closeAll(message: HostMessage, stop: (entry: Entry) => void): Promise<void>;
}

export function createRoster(deps: RosterDeps): Roster {
  const { now } = deps;
  const entries = new Map<DataConnection, Entry>();
  let departures: Departure[] = [];

  const present = () => [...entries.values()].filter(isPresent);
  const send = (entry: Entry, message: HostMessage) => {
    if (entry.conn.open) void entry.conn.send(message);
  };

  function publish(): void {
    const viewers: Viewer[] = present().map((e) => ({
      id: e.conn.peer,
      joinedAt: e.joinedAt,
      code: e.code,
      state: e.phase === 'waiting' ? 'waiting' : 'watching',
      ...deps.listPointing(e),
      ...deps.listControl(e),
      via: e.route,
    }));
    // A viewer that came back (same code: it keeps its certificate) is no longer gone.
    departures = departures.filter((d) => d.at > now() - LEFT_NOTICE_MS && !viewers.some((v) => v.code === d.code));
    deps.onViewers(viewers, departures);
  }

  function drop(entry: Entry): void {
    if (!entries.delete(entry.conn)) return;
    clearTimeout(entry.proofTimer);
    deps.dropped(entry);
    entry.conn.close();
    // Not the host's decision (that goes through dismiss): a waiting viewer went silent or closed.
    if (entry.phase === 'waiting') departures.push({ id: entry.conn.peer, code: entry.code, at: now() });
    if (isPresent(entry)) publish();
  }

  function dismiss(entry: Entry, message: HostMessage): void {
    const wasPresent = isPresent(entry);
    entry.phase = 'leaving';
    send(entry, message);
    deps.dismissed(entry);
    if (wasPresent) publish();
    setTimeout(() => drop(entry), FLUSH_MS);
  }

  return {
    add(conn) {
      const entry: Entry = {
        conn,
        phase: 'hello',
        transcript: null,
        code: '',
        call: null,
        mediaVerified: false,
        video: null,
        preference: 'auto',
        look: null,
        joinedAt: now(),
        lastSeen: now(),
        proofTimer: undefined,
        preferTimer: undefined,
        route: 'direct',
      };
      entries.set(conn, entry);
      return entry;
    },
    has: (entry) => entries.has(entry.conn),
    byId: (id) => [...entries.values()].find((e) => e.conn.peer === id),
    all: () => [...entries.values()],
    present,
    watching: () => [...entries.values()].filter(isWatching),
    send,
    publish,
    drop,
    dismiss,
    deny: (entry, reason) => dismiss(entry, { t: 'denied', reason }),
    startHeartbeat() {
      const timer = setInterval(() => {
        const cutoff = now() - HEARTBEAT_TIMEOUT_MS;
        for (const entry of [...entries.values()]) {
          if (entry.lastSeen < cutoff) drop(entry);
          else if (isPresent(entry)) send(entry, { t: 'ping' });
        }
        // A viewer stopped pointing, or the notice of one who left has been shown long enough.
        if (deps.pointingStale(present()) || departures.some((d) => d.at <= now() - LEFT_NOTICE_MS)) publish();
      }, HEARTBEAT_MS);
      return () => clearInterval(timer);
    },
    async closeAll(message, stop) {
      for (const entry of entries.values()) send(entry, message);
      await new Promise((resolve) => setTimeout(resolve, entries.size > 0 ? FLUSH_MS : 0));
      // Closing fires each connection's own close (drop), as before the list is cleared.
      for (const entry of [...entries.values()]) {
        clearTimeout(entry.proofTimer);
        stop(entry);
        entry.conn.close();
      }
      entries.clear();
    },
  };
}
