// Pointing inside the shared tab: what a viewer may send (wire.ts carries it), what the host lets
// through, and what it tells the overlay in the shared tab (src/overlay) to draw. Coordinates are
// fractions of the shared picture (0..1 across, 0..1 down), so they mean the same place at any
// size on either side.
import type { OverlayState } from './overlay-state';

/** A place on the shared picture: [x, y] as fractions of its width and height. */
export type PicturePoint = [x: number, y: number];

/** Whether a viewer can point now, and if not, why (the viewer's Point button says it). */
export type PointingState = OverlayState;

/** Pointer messages a viewer may send per second (a burst of as many); more are dropped, never queued. */
export const POINT_RATE = 30;
/** Points in one message of a stroke, and in one stroke: beyond these the rest is dropped. */
export const INK_BATCH = 16;
export const INK_STROKE_POINTS = 600;
/** How long a stroke stays before it has faded away, and a ripple. */
export const INK_FADE_MS = 3000;
export const RIPPLE_MS = 700;
/** A laser dot not moved for this long fades out; the viewer's page sends a null point when it leaves. */
export const DOT_IDLE_MS = 4000;
/** A viewer counts as "pointing" in the popup for this long after its last mark. */
export const POINTING_RECENT_MS = 2000;

/**
 * Each viewer's marks get one of these, in the order viewers were let in: distinct from one
 * another and readable on light and dark pages (the overlay outlines them in white).
 */
export const MARK_COLOURS = [
  '#e8590c',
  '#1971c2',
  '#2f9e44',
  '#c2255c',
  '#6741d9',
  '#0c8599',
  '#f08c00',
  '#5c940d',
] as const;

/** Who a mark belongs to, as the overlay shows it. */
export interface MarkOwner {
  /** The viewer's PeerJS id. */
  viewer: string;
  colour: string;
  /** The first of the viewer's verification words: the host and the viewer see the same word. */
  label: string;
}

/** From the offscreen host to the overlay in the shared tab (a runtime port; src/overlay). */
export type OverlayMessage =
  /** The laser dot at a place, or hidden (null). */
  | ({ t: 'dot'; at: PicturePoint | null } & MarkOwner)
  /** "Look here": a ring that spreads and fades. */
  | ({ t: 'ripple'; at: PicturePoint } & MarkOwner)
  /** More points of stroke `stroke`; it fades INK_FADE_MS after its last point. */
  | ({ t: 'ink'; stroke: number; points: PicturePoint[] } & MarkOwner)
  /** Removes one viewer's marks, or everyone's. */
  | { t: 'clear'; viewer: string | null };

/** The overlay's port name: the offscreen host accepts only this, and only from the shared tab. */
export const OVERLAY_PORT = 'tabbeam-overlay';

export const isFraction = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1;

export function isPicturePoint(value: unknown): value is PicturePoint {
  return Array.isArray(value) && value.length === 2 && isFraction(value[0]) && isFraction(value[1]);
}

/** Rounds a point for the wire: 1/10000 of the picture is finer than any screen's pixel. */
export const roundPoint = ([x, y]: PicturePoint): PicturePoint => [
  Math.round(x * 1e4) / 1e4,
  Math.round(y * 1e4) / 1e4,
];

/**
 * A token bucket: `allow()` says whether one more message fits in `rate` per second with a
 * burst of `rate`. The host keeps one per viewer; a refused message is dropped.
 */
export function rateLimiter(rate: number, now: () => number): { allow(): boolean } {
  let tokens = rate;
  let last = now();
  return {
    allow() {
      const t = now();
      tokens = Math.min(rate, tokens + ((t - last) / 1000) * rate);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
