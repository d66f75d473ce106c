// What the overlay in the shared tab draws, and until when: pure state fed with OverlayMessages
// and a clock, no DOM. Everything it keeps is bounded, so a flood from a faulty host costs little.
import {
  DOT_IDLE_MS,
  INK_FADE_MS,
  INK_STROKE_POINTS,
  isPicturePoint,
  RIPPLE_MS,
  type MarkOwner,
  type OverlayMessage,
  type PicturePoint,
} from '../shared/pointing';

/** A dot not moved for DOT_IDLE_MS fades out over this long. */
export const DOT_FADE_MS = 500;
/** A stroke fades out over the last this-long of INK_FADE_MS. */
export const INK_FADE_TAIL_MS = 800;
/** Per viewer: live strokes (the oldest goes first) and ripples. */
export const MAX_STROKES = 20;
export const MAX_RIPPLES = 8;
/** Viewers with marks at once; marks of more are ignored until some have faded. */
export const MAX_VIEWERS = 32;
export const MAX_LABEL = 32;
const MAX_VIEWER_ID = 128;
const COLOUR = /^#[0-9a-f]{6}$/i;

export interface DotMark extends MarkOwner {
  at: PicturePoint;
  /** 1 while it moves, down to 0 once idle. */
  opacity: number;
}

export interface RippleMark extends MarkOwner {
  at: PicturePoint;
  /** 0 when tapped, 1 when gone. */
  progress: number;
}

export interface StrokeMark extends MarkOwner {
  stroke: number;
  points: readonly PicturePoint[];
  opacity: number;
}

/** What to draw at one moment; `alive` false: nothing now or later until another message. */
export interface Frame {
  strokes: StrokeMark[];
  ripples: RippleMark[];
  dots: DotMark[];
  alive: boolean;
}

interface Dot {
  owner: MarkOwner;
  at: PicturePoint;
  movedAt: number;
}

interface Ripple {
  owner: MarkOwner;
  at: PicturePoint;
  startedAt: number;
}

interface Stroke {
  owner: MarkOwner;
  points: PicturePoint[];
  lastAt: number;
}

interface ViewerMarks {
  dot: Dot | null;
  ripples: Ripple[];
  /** By stroke id, oldest first. */
  strokes: Map<number, Stroke>;
}

/** Opacity at `age` ms: 1 for `solid` ms, then linearly down to 0 over `fade` ms. */
export function fadeOut(age: number, solid: number, fade: number): number {
  if (age <= solid) return 1;
  return Math.max(0, 1 - (age - solid) / fade);
}

const dotOpacity = (dot: Dot, t: number) => fadeOut(t - dot.movedAt, DOT_IDLE_MS, DOT_FADE_MS);
const strokeOpacity = (stroke: Stroke, t: number) =>
  fadeOut(t - stroke.lastAt, INK_FADE_MS - INK_FADE_TAIL_MS, INK_FADE_TAIL_MS);
const rippleProgress = (ripple: Ripple, t: number) => Math.min(1, Math.max(0, (t - ripple.startedAt) / RIPPLE_MS));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The owner fields of a message, or null if any is malformed. */
export function parseOwner(m: Record<string, unknown>): MarkOwner | null {
  const { viewer, colour, label } = m;
  if (typeof viewer !== 'string' || viewer.length === 0 || viewer.length > MAX_VIEWER_ID) return null;
  if (typeof colour !== 'string' || !COLOUR.test(colour)) return null;
  if (typeof label !== 'string' || label.length > MAX_LABEL) return null;
  return { viewer, colour, label };
}

/** An OverlayMessage, checked field by field (it came over a port), or null. */
export function parseOverlayMessage(value: unknown): OverlayMessage | null {
  if (!isRecord(value)) return null;
  if (value.t === 'clear') {
    const { viewer } = value;
    return viewer === null || (typeof viewer === 'string' && viewer.length > 0) ? { t: 'clear', viewer } : null;
  }
  const owner = parseOwner(value);
  if (!owner) return null;
  switch (value.t) {
    case 'dot':
      return value.at === null || isPicturePoint(value.at) ? { t: 'dot', at: value.at, ...owner } : null;
    case 'ripple':
      return isPicturePoint(value.at) ? { t: 'ripple', at: value.at, ...owner } : null;
    case 'ink': {
      const { stroke, points } = value;
      if (!Number.isInteger(stroke) || (stroke as number) < 0) return null;
      if (
        !Array.isArray(points) ||
        points.length === 0 ||
        points.length > INK_STROKE_POINTS ||
        !points.every(isPicturePoint)
      )
        return null;
      return { t: 'ink', stroke: stroke as number, points: points as PicturePoint[], ...owner };
    }
    default:
      return null;
  }
}

/**
 * The marks in the shared tab. `apply` takes whatever arrived on the port (malformed input is
 * ignored, never thrown on); `frame` says what to draw at a time and forgets what has faded.
 */
export class Marks {
  private readonly viewers = new Map<string, ViewerMarks>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether the message was taken (so there may be something new to draw). */
  apply(message: unknown, t: number = this.now()): boolean {
    const m = parseOverlayMessage(message);
    if (!m) return false;
    if (m.t === 'clear') {
      if (m.viewer === null) this.viewers.clear();
      else this.viewers.delete(m.viewer);
      return true;
    }
    const owner: MarkOwner = { viewer: m.viewer, colour: m.colour, label: m.label };
    if (m.t === 'dot' && m.at === null) {
      const marks = this.viewers.get(m.viewer);
      if (marks) marks.dot = null;
      return marks !== undefined;
    }
    const marks = this.marksOf(m.viewer, t);
    if (!marks) return false;
    switch (m.t) {
      case 'dot':
        if (m.at) marks.dot = { owner, at: m.at, movedAt: t };
        return true;
      case 'ripple':
        marks.ripples.push({ owner, at: m.at, startedAt: t });
        if (marks.ripples.length > MAX_RIPPLES) marks.ripples.splice(0, marks.ripples.length - MAX_RIPPLES);
        return true;
      case 'ink':
        return addInk(marks, m.stroke, m.points, owner, t);
    }
  }

  /** What to draw at `t`; drops marks that have faded. */
  frame(t: number = this.now()): Frame {
    this.prune(t);
    const frame: Frame = { strokes: [], ripples: [], dots: [], alive: this.viewers.size > 0 };
    for (const marks of this.viewers.values()) {
      for (const [stroke, s] of marks.strokes)
        frame.strokes.push({ ...s.owner, stroke, points: s.points, opacity: strokeOpacity(s, t) });
      for (const r of marks.ripples) frame.ripples.push({ ...r.owner, at: r.at, progress: rippleProgress(r, t) });
      if (marks.dot) frame.dots.push({ ...marks.dot.owner, at: marks.dot.at, opacity: dotOpacity(marks.dot, t) });
    }
    return frame;
  }

  /** Something is still to be drawn at `t` (the animation loop stops when not). */
  alive(t: number = this.now()): boolean {
    this.prune(t);
    return this.viewers.size > 0;
  }

  private marksOf(viewer: string, t: number): ViewerMarks | null {
    const known = this.viewers.get(viewer);
    if (known) return known;
    if (this.viewers.size >= MAX_VIEWERS) this.prune(t);
    if (this.viewers.size >= MAX_VIEWERS) return null;
    const marks: ViewerMarks = { dot: null, ripples: [], strokes: new Map() };
    this.viewers.set(viewer, marks);
    return marks;
  }

  private prune(t: number): void {
    for (const [viewer, marks] of this.viewers) {
      if (marks.dot && dotOpacity(marks.dot, t) <= 0) marks.dot = null;
      marks.ripples = marks.ripples.filter((r) => rippleProgress(r, t) < 1);
      for (const [id, stroke] of marks.strokes) if (strokeOpacity(stroke, t) <= 0) marks.strokes.delete(id);
      if (!marks.dot && marks.ripples.length === 0 && marks.strokes.size === 0) this.viewers.delete(viewer);
    }
  }
}

/** Adds points to a stroke, up to INK_STROKE_POINTS; a full stroke is not kept alive by more. */
function addInk(marks: ViewerMarks, id: number, points: PicturePoint[], owner: MarkOwner, t: number): boolean {
  let stroke = marks.strokes.get(id);
  if (!stroke) {
    stroke = { owner, points: [], lastAt: t };
    marks.strokes.set(id, stroke);
    for (const oldest of marks.strokes.keys()) {
      if (marks.strokes.size <= MAX_STROKES) break;
      marks.strokes.delete(oldest);
    }
  }
  const room = INK_STROKE_POINTS - stroke.points.length;
  if (room <= 0) return false;
  for (const [x, y] of points.slice(0, room)) stroke.points.push([x, y]);
  stroke.owner = owner;
  stroke.lastAt = t;
  return true;
}
