// What the viewer's pointer has to say, paced for the wire. One message goes out at a time, at
// least SEND_GAP_MS apart and within SEND_RATE a second, below the host's POINT_RATE: the host
// drops what exceeds it, so this page coalesces instead. The dot keeps only its latest place;
// ink points wait in order and go out in batches, none lost. Its one timer is setTimeout.
import { INK_BATCH, rateLimiter, type PicturePoint } from '../shared/pointing';
import type { PointerMessage } from '../shared/wire';

/** Messages a second at most: under the host's POINT_RATE (30), so network jitter does not push ours over. */
export const SEND_RATE = 28;
/** At most one message this often: moves and points in between wait and are sent together. */
export const SEND_GAP_MS = 33;

export const samePoint = (a: PicturePoint | null, b: PicturePoint | null) =>
  a === b || (!!a && !!b && a[0] === b[0] && a[1] === b[1]);

export interface PointerSender {
  /** The dot's new place, or null to hide it: only the latest waiting one goes out. */
  point(at: PicturePoint | null): void;
  tap(at: PicturePoint): void;
  /** One more point of a stroke, after the ones before it. */
  ink(stroke: number, at: PicturePoint): void;
  /** Drops whatever waits. */
  dispose(): void;
}

export function pointerSender(options: { send(message: PointerMessage): void; now(): number }): PointerSender {
  const { send, now } = options;
  const limit = rateLimiter(SEND_RATE, now);

  // What waits to be sent. The dot: undefined when nothing new; shownDot is the last one sent.
  let dot: PicturePoint | null | undefined;
  let shownDot: PicturePoint | null = null;
  let tap: PicturePoint | null = null;
  /** Ink points in order, per stroke; the first entry goes out first. */
  const ink: { stroke: number; points: PicturePoint[] }[] = [];
  let lastSent = -Infinity;
  let lastKind: PointerMessage['t'] | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const waiting = () => dot !== undefined || tap !== null || ink.length > 0;

  /** The next message: a tap first; ink and the dot take turns, but ink never falls a batch behind. */
  function next(): PointerMessage {
    if (tap) {
      const at = tap;
      tap = null;
      return { t: 'tap', at };
    }
    const first = ink[0];
    if (first && (dot === undefined || lastKind === 'point' || first.points.length >= INK_BATCH || ink.length > 1)) {
      const points = first.points.splice(0, INK_BATCH);
      if (!first.points.length) ink.shift();
      return { t: 'ink', stroke: first.stroke, points };
    }
    const at = dot!;
    dot = undefined;
    shownDot = at;
    return { t: 'point', at };
  }

  /** Sends one message if the gap and the rate allow, and comes back for the rest. */
  function pump(): void {
    timer = undefined;
    if (!waiting()) return;
    const wait = lastSent + SEND_GAP_MS - now();
    if (wait > 0) {
      timer = setTimeout(pump, wait);
      return;
    }
    if (!limit.allow()) {
      timer = setTimeout(pump, 1000 / SEND_RATE);
      return;
    }
    lastSent = now();
    const message = next();
    lastKind = message.t;
    send(message);
    if (waiting()) timer = setTimeout(pump, SEND_GAP_MS);
  }
  const kick = () => {
    if (timer === undefined) pump();
  };

  return {
    point(at) {
      // The latest place wins; back where it was last sent, nothing needs sending.
      dot = samePoint(at, shownDot) ? undefined : at;
      kick();
    },
    tap(at) {
      tap = at;
      kick();
    },
    ink(stroke, at) {
      const batch = ink.at(-1);
      if (batch?.stroke === stroke) batch.points.push(at);
      else ink.push({ stroke, points: [at] });
      kick();
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      dot = undefined;
      tap = null;
      ink.length = 0;
    },
  };
}
