// Viewers pointing at the shared tab: who may, what each was told, and their marks on the tab's
// overlay. Each viewer's pointing lives in its own record here, beside (not inside) its Entry.
import {
  INK_STROKE_POINTS,
  MARK_COLOURS,
  POINT_RATE,
  POINTING_RECENT_MS,
  rateLimiter,
  type MarkOwner,
  type OverlayMessage,
  type PointingState,
} from '../../shared/pointing';
import { overlayState } from '../../shared/overlay-state';
import type { PointerMessage, ViewerMessage } from '../../shared/wire';
import { isWatching, type Entry, type Roster } from './viewers';

interface Pointer {
  /** The sharer lets this viewer point (the viewer list's switch). */
  canPoint: boolean;
  /** What this viewer was last told about pointing (null: nothing yet). */
  sent: PointingState | null;
  /** Its marks' colour and name, from when it was let in. */
  owner: MarkOwner | null;
  /** When its last mark was drawn (0: never): the popup shows "pointing" for a while after. */
  lastMark: number;
  /** Whether the popup was last told it is pointing. */
  shown: boolean;
  /** Pointer messages beyond POINT_RATE a second are dropped, never queued. */
  rate: { allow(): boolean };
  /** Points drawn per stroke id, for the last few strokes. */
  strokes: Map<number, number>;
}

export type Overlay = (message: OverlayMessage) => void;

export interface PointingDeps {
  now(): number;
  /** The sharer's switch at the start. */
  allowed: boolean;
  roster: Pick<Roster, 'watching' | 'send' | 'publish'>;
}

export interface Pointing {
  /** A viewer let in: its colour and name, and whether it may point. */
  welcome(entry: Entry): void;
  /** Takes a viewer's pointer messages; false for any other message. */
  handle(entry: Entry, message: ViewerMessage): boolean;
  /** What the viewer list shows; remembered as shown. */
  list(entry: Entry): { canPoint: boolean; pointing: boolean };
  /** Someone started or stopped pointing since the list last showed it. */
  stale(present: Entry[]): boolean;
  /** Removes the viewer's marks (it is leaving). */
  clear(entry: Entry): void;
  /** Removes its marks and its record (it is gone). */
  forget(entry: Entry): void;
  setAllowed(allowed: boolean): void;
  /** The sharer's switch for one viewer; false if nothing changed. */
  allow(entry: Entry, allowed: boolean): boolean;
  setOverlay(surface: 'tab' | 'other', overlay: Overlay | null): void;
}

export function createPointing(deps: PointingDeps): Pointing {
  const { now, roster } = deps;
  const records = new Map<Entry, Pointer>();
  let allowed = deps.allowed;
  let surface: 'tab' | 'other' = 'other';
  let overlay: Overlay | null = null;
  /** Colours go round in the order viewers are let in. */
  let nextColour = 0;

  const recordOf = (entry: Entry): Pointer => {
    let record = records.get(entry);
    if (!record) {
      const rate = rateLimiter(POINT_RATE, now);
      record = { canPoint: true, sent: null, owner: null, lastMark: 0, shown: false, rate, strokes: new Map() };
      records.set(entry, record);
    }
    return record;
  };
  const isPointing = (record: Pointer) => record.lastMark > 0 && now() - record.lastMark < POINTING_RECENT_MS;

  /** What a watching viewer may do with its pointer now, and why not. */
  const stateOf = (record: Pointer): PointingState =>
    overlayState(allowed && record.canPoint, surface, overlay !== null);

  /** Tells every watching viewer whose pointing changed; the overlay forgets marks no longer allowed. */
  function update(): void {
    for (const entry of roster.watching()) {
      const record = recordOf(entry);
      const state = stateOf(record);
      if (state === record.sent) continue;
      if (record.sent === 'on') clearMarks(entry, record);
      record.sent = state;
      roster.send(entry, { t: 'pointing', state });
    }
  }

  function clearMarks(entry: Entry, record: Pointer): void {
    record.strokes.clear();
    if (record.lastMark > 0) overlay?.({ t: 'clear', viewer: entry.conn.peer });
    record.lastMark = 0;
  }

  /** Draws an admitted, allowed viewer's mark; anything else, or more than POINT_RATE a second, is dropped. */
  function draw(entry: Entry, message: PointerMessage): void {
    const record = records.get(entry);
    const owner = record?.owner;
    if (!record || !isWatching(entry) || !owner || !overlay) return;
    if (stateOf(record) !== 'on' || !record.rate.allow()) return;
    if (message.t === 'point') overlay({ t: 'dot', at: message.at, ...owner });
    else if (message.t === 'tap') overlay({ t: 'ripple', at: message.at, ...owner });
    else {
      const strokes = record.strokes;
      const drawn = strokes.get(message.stroke) ?? 0;
      if (drawn + message.points.length > INK_STROKE_POINTS) return;
      strokes.delete(message.stroke); // re-inserted last: the map keeps the newest strokes
      strokes.set(message.stroke, drawn + message.points.length);
      if (strokes.size > 32) strokes.delete(strokes.keys().next().value!);
      overlay({ t: 'ink', stroke: message.stroke, points: message.points, ...owner });
    }
    record.lastMark = now();
    if (!record.shown) roster.publish();
  }

  function clear(entry: Entry): void {
    const record = records.get(entry);
    if (record) clearMarks(entry, record);
  }

  return {
    welcome(entry) {
      const colour = MARK_COLOURS[nextColour++ % MARK_COLOURS.length]!;
      recordOf(entry).owner = { viewer: entry.conn.peer, colour, label: entry.code.split(' ')[0] ?? '' };
      update();
    },
    handle(entry, message) {
      if (message.t !== 'point' && message.t !== 'tap' && message.t !== 'ink') return false;
      draw(entry, message);
      return true;
    },
    list(entry) {
      const record = recordOf(entry);
      record.shown = isPointing(record);
      return { canPoint: record.canPoint, pointing: record.shown };
    },
    stale: (present) => present.some((entry) => isPointing(recordOf(entry)) !== recordOf(entry).shown),
    clear,
    forget(entry) {
      clear(entry);
      records.delete(entry);
    },
    setAllowed(value) {
      allowed = value;
      if (!value) {
        overlay?.({ t: 'clear', viewer: null }); // everyone's marks at once
        for (const record of records.values()) record.lastMark = 0;
      }
      update();
    },
    allow(entry, value) {
      const record = recordOf(entry);
      if (record.canPoint === value) return false;
      record.canPoint = value;
      update();
      return true;
    },
    setOverlay(kind, next) {
      surface = kind;
      overlay = next;
      update();
    },
  };
}
