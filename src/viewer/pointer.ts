// The viewer's pointer as marks in the shared tab: pointer events over the picture become point
// (the laser dot), tap (a ripple) and ink (a stroke) messages, no DOM. Time and sending are
// injected, and pointer-sender.ts paces what goes out with setTimeout, so the tests drive it with
// fake timers. This decides what a press is: a tap, a stroke, or a pinch that points at nothing.
import { INK_BATCH, INK_STROKE_POINTS, roundPoint, type PicturePoint } from '../shared/pointing';
import type { PointerMessage } from '../shared/wire';
import { pointerSender, samePoint as same } from './pointer-sender';

export { SEND_GAP_MS, SEND_RATE } from './pointer-sender';
/** A press that moves less than this (CSS px) and is released within TAP_MS is a tap; further, a stroke. */
export const TAP_SLOP_PX = 10;
export const TAP_MS = 500;

/** A rectangle on screen in CSS px, as getBoundingClientRect() gives it. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What the page passes from a pointer event. */
export interface PointerInput {
  /** clientX, clientY. */
  x: number;
  y: number;
  /** The picture on screen: the video's getBoundingClientRect(), its zoom and pan included. */
  picture: Box;
  /** What shows the picture (the stage): a zoomed picture is cut off at its edges. */
  view?: Box;
  /** pointerId, pointerType ('mouse', 'pen', 'touch'), buttons. */
  id: number;
  type: string;
  buttons: number;
  /** On the same clock as `now` (event.timeStamp and performance.now()). */
  time: number;
}

export interface Pointer {
  /** A pointer went down where the page lets it point (the picture, the main button). */
  down(input: PointerInput): void;
  /** Hover (mouse, pen) or a drag of the pointer that went down. */
  move(input: PointerInput): void;
  up(input: PointerInput): void;
  /** The browser took the pointer (pointercancel): no tap, the stroke ends. */
  cancel(id: number): void;
  /** The pointer left the picture, or pointing stopped: the press and stroke end, the dot goes (point null). */
  leave(): void;
  dispose(): void;
}

const inside = (x: number, y: number, box: Box) =>
  x >= box.left && x <= box.left + box.width && y >= box.top && y <= box.top + box.height;

/** The place on the picture under (x, y), rounded for the wire, or null off the picture or out of view. */
export function toPicture(x: number, y: number, picture: Box, view?: Box): PicturePoint | null {
  if (picture.width <= 0 || picture.height <= 0 || !inside(x, y, picture) || (view && !inside(x, y, view))) return null;
  return roundPoint([(x - picture.left) / picture.width, (y - picture.top) / picture.height]);
}

export function viewerPointer(options: { send(message: PointerMessage): void; now(): number }): Pointer {
  const sender = pointerSender(options);
  const moveDot = (at: PicturePoint | null) => sender.point(at);

  /** Pointers down: a second one is a pinch, not pointing, until all are up again. */
  const downs = new Set<number>();
  let pinching = false;
  /** The press being followed: where it went down, the places it passed while it could still be a tap, and whether it has moved beyond one. */
  let press: {
    id: number;
    type: string;
    x: number;
    y: number;
    time: number;
    path: PicturePoint[];
    moved: boolean;
  } | null = null;
  /** The stroke being drawn: its id and how many points it has. */
  let stroke: { id: number; count: number; last: PicturePoint } | null = null;
  let nextStroke = 0;

  function addInk(at: PicturePoint): void {
    if (!stroke) {
      stroke = { id: nextStroke, count: 0, last: at };
      nextStroke = (nextStroke + 1) % 2 ** 31; // the wire's stroke ids stay below 2^31
    } else if (same(at, stroke.last)) return;
    if (stroke.count >= INK_STROKE_POINTS) return; // the host would drop the rest: the dot still follows
    stroke.count++;
    stroke.last = at;
    sender.ink(stroke.id, at);
  }

  /** Ends the press (without a tap) and its stroke; a finger has no hover, so its dot goes too. */
  function release(hideDot: boolean): void {
    press = null;
    stroke = null;
    if (hideDot) moveDot(null);
  }

  return {
    down(input) {
      downs.add(input.id);
      if (downs.size > 1) {
        // A second finger: a pinch zooms the picture, it draws nothing.
        pinching = true;
        return release(true);
      }
      const at = toPicture(input.x, input.y, input.picture, input.view);
      if (!at) return;
      press = { id: input.id, type: input.type, x: input.x, y: input.y, time: input.time, path: [at], moved: false };
      moveDot(at);
    },
    move(input) {
      if (pinching) return;
      const at = toPicture(input.x, input.y, input.picture, input.view);
      // No buttons down: the release happened where this page did not hear it; a mouse or pen hovers on.
      if (press?.id === input.id && input.buttons === 0) release(press.type === 'touch');
      if (press?.id === input.id) {
        if (!press.moved && Math.hypot(input.x - press.x, input.y - press.y) > TAP_SLOP_PX) {
          press.moved = true;
          press.path.forEach(addInk); // the stroke starts where the press did
        } else if (!press.moved && at && press.path.length < INK_BATCH && !same(at, press.path.at(-1)!))
          press.path.push(at);
        if (press.moved) {
          // Off the picture the stroke ends; back on it, with the button still down, a new one starts.
          if (at) addInk(at);
          else stroke = null;
        }
        return moveDot(at);
      }
      if (press || input.type === 'touch') return; // another pointer during a press; a finger has no hover
      moveDot(at);
    },
    up(input) {
      downs.delete(input.id);
      if (!downs.size) pinching = false;
      if (press?.id !== input.id) return;
      if (!press.moved && input.time - press.time <= TAP_MS) sender.tap(press.path[0]!);
      release(press.type === 'touch');
    },
    cancel(id) {
      downs.delete(id);
      if (!downs.size) pinching = false;
      if (press?.id === id) release(press.type === 'touch');
    },
    leave() {
      release(true);
    },
    dispose() {
      sender.dispose();
    },
  };
}
