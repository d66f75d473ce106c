import { describe, expect, it } from 'vitest';
import {
  canvasPixels,
  DOT_OUTLINE,
  DOT_RADIUS,
  LABEL_HEIGHT,
  LABEL_OFFSET,
  labelBox,
  RIPPLE_FROM,
  RIPPLE_TO,
  rippleRadius,
  toViewport,
} from '../../src/overlay/layer';
import { DOT_FADE_MS, INK_FADE_TAIL_MS, Marks, MAX_RIPPLES, MAX_STROKES, MAX_VIEWERS } from '../../src/overlay/marks';
import {
  DOT_IDLE_MS,
  INK_FADE_MS,
  INK_STROKE_POINTS,
  RIPPLE_MS,
  type MarkOwner,
  type OverlayMessage,
  type PicturePoint,
} from '../../src/shared/pointing';

const ann: MarkOwner = { viewer: 'peer-ann', colour: '#e8590c', label: 'amber' };
const bob: MarkOwner = { viewer: 'peer-bob', colour: '#1971c2', label: 'cobalt' };

/** Marks on a clock the test moves by hand. */
function setup() {
  let now = 1000;
  const marks = new Marks(() => now);
  const send = (message: OverlayMessage | unknown) => marks.apply(message);
  return { marks, send, at: (t: number) => (now = 1000 + t), frame: () => marks.frame() };
}

const dot = (owner: MarkOwner, at: PicturePoint | null): OverlayMessage => ({ t: 'dot', at, ...owner });
const ripple = (owner: MarkOwner, at: PicturePoint): OverlayMessage => ({ t: 'ripple', at, ...owner });
const ink = (owner: MarkOwner, stroke: number, points: PicturePoint[]): OverlayMessage => ({
  t: 'ink',
  stroke,
  points,
  ...owner,
});
const line = (n: number, from = 0): PicturePoint[] =>
  Array.from({ length: n }, (_, i) => [((from + i) % 1000) / 1000, 0.5]);

describe('overlay marks', () => {
  it('starts empty and not alive', () => {
    const { marks } = setup();
    expect(marks.frame()).toEqual({ strokes: [], ripples: [], dots: [], alive: false });
    expect(marks.alive()).toBe(false);
  });

  it('shows a dot where it was last moved, fading out after DOT_IDLE_MS still', () => {
    const { send, at, frame } = setup();
    expect(send(dot(ann, [0.2, 0.3]))).toBe(true);
    expect(frame().dots).toEqual([{ ...ann, at: [0.2, 0.3], opacity: 1 }]);
    at(1000);
    send(dot(ann, [0.4, 0.5]));
    at(1000 + DOT_IDLE_MS);
    expect(frame().dots[0]).toMatchObject({ at: [0.4, 0.5], opacity: 1 });
    at(1000 + DOT_IDLE_MS + DOT_FADE_MS / 2);
    expect(frame().dots[0]?.opacity).toBeCloseTo(0.5, 9);
    at(1000 + DOT_IDLE_MS + DOT_FADE_MS);
    expect(frame()).toEqual({ strokes: [], ripples: [], dots: [], alive: false });
  });

  it('hides a dot at once on a null point; one dot per viewer', () => {
    const { send, frame, marks } = setup();
    send(dot(ann, [0.1, 0.1]));
    send(dot(bob, [0.9, 0.9]));
    send(dot(ann, [0.2, 0.2]));
    expect(frame().dots.map((d) => [d.viewer, d.at])).toEqual([
      ['peer-ann', [0.2, 0.2]],
      ['peer-bob', [0.9, 0.9]],
    ]);
    expect(send(dot(ann, null))).toBe(true);
    expect(frame().dots.map((d) => d.viewer)).toEqual(['peer-bob']);
    send(dot(bob, null));
    expect(marks.alive()).toBe(false);
    // Hiding a dot that is not there changes nothing.
    expect(send(dot(bob, null))).toBe(false);
  });

  it('spreads a ripple over RIPPLE_MS, then forgets it', () => {
    const { send, at, frame } = setup();
    send(ripple(ann, [0.5, 0.5]));
    expect(frame().ripples).toEqual([{ ...ann, at: [0.5, 0.5], progress: 0 }]);
    at(RIPPLE_MS / 2);
    expect(frame().ripples[0]?.progress).toBeCloseTo(0.5, 9);
    expect(frame().alive).toBe(true);
    at(RIPPLE_MS);
    expect(frame()).toMatchObject({ ripples: [], alive: false });
  });

  it('keeps a stroke solid until INK_FADE_MS − tail after its last point, then fades it away', () => {
    const { send, at, frame } = setup();
    send(
      ink(ann, 7, [
        [0.1, 0.1],
        [0.2, 0.2],
      ]),
    );
    at(2000);
    send(ink(ann, 7, [[0.3, 0.3]]));
    expect(frame().strokes).toEqual([
      {
        ...ann,
        stroke: 7,
        points: [
          [0.1, 0.1],
          [0.2, 0.2],
          [0.3, 0.3],
        ],
        opacity: 1,
      },
    ]);
    // Timed from the last point (at 2000), not the first.
    at(2000 + INK_FADE_MS - INK_FADE_TAIL_MS);
    expect(frame().strokes[0]?.opacity).toBe(1);
    at(2000 + INK_FADE_MS - INK_FADE_TAIL_MS / 4);
    expect(frame().strokes[0]?.opacity).toBeCloseTo(0.25, 9);
    at(2000 + INK_FADE_MS);
    expect(frame()).toMatchObject({ strokes: [], alive: false });
    // The same id later starts a new stroke.
    send(ink(ann, 7, [[0.9, 0.9]]));
    expect(frame().strokes[0]?.points).toEqual([[0.9, 0.9]]);
  });

  it('keeps strokes of different ids and viewers apart', () => {
    const { send, frame } = setup();
    send(ink(ann, 1, [[0.1, 0.1]]));
    send(ink(bob, 1, [[0.5, 0.5]]));
    send(ink(ann, 2, [[0.2, 0.2]]));
    send(ink(ann, 1, [[0.3, 0.3]]));
    expect(frame().strokes.map((s) => [s.viewer, s.stroke, s.points.length])).toEqual([
      ['peer-ann', 1, 2],
      ['peer-ann', 2, 1],
      ['peer-bob', 1, 1],
    ]);
  });

  it('caps a stroke at INK_STROKE_POINTS; a full stroke is not kept alive by more', () => {
    const { send, at, frame } = setup();
    for (let i = 0; i < INK_STROKE_POINTS - 10; i += 10) send(ink(ann, 1, line(10, i)));
    expect(send(ink(ann, 1, line(16, INK_STROKE_POINTS - 10)))).toBe(true);
    expect(frame().strokes[0]?.points).toHaveLength(INK_STROKE_POINTS);
    expect(frame().strokes[0]?.points.at(-1)).toEqual(line(1, INK_STROKE_POINTS - 1)[0]);
    at(1000);
    expect(send(ink(ann, 1, line(5)))).toBe(false);
    at(INK_FADE_MS);
    expect(frame().alive).toBe(false);
  });

  it('keeps at most MAX_STROKES strokes and MAX_RIPPLES ripples per viewer, dropping the oldest', () => {
    const { send, frame } = setup();
    for (let id = 0; id < MAX_STROKES + 5; id++) send(ink(ann, id, [[0.5, 0.5]]));
    send(ink(bob, 0, [[0.5, 0.5]]));
    const strokes = frame().strokes;
    expect(strokes.filter((s) => s.viewer === ann.viewer).map((s) => s.stroke)).toEqual(
      Array.from({ length: MAX_STROKES }, (_, i) => i + 5),
    );
    expect(strokes.filter((s) => s.viewer === bob.viewer)).toHaveLength(1);
    for (let i = 0; i < MAX_RIPPLES + 3; i++) send(ripple(ann, [i / 100, 0]));
    const ripples = frame().ripples;
    expect(ripples).toHaveLength(MAX_RIPPLES);
    expect(ripples[0]?.at).toEqual([3 / 100, 0]);
  });

  it('ignores marks of more than MAX_VIEWERS viewers until some have faded', () => {
    const { send, at, frame } = setup();
    for (let i = 0; i < MAX_VIEWERS; i++) expect(send(ripple({ ...ann, viewer: `v${i}` }, [0.5, 0.5]))).toBe(true);
    expect(send(dot({ ...ann, viewer: 'late' }, [0.5, 0.5]))).toBe(false);
    expect(send(ripple({ ...ann, viewer: 'v0' }, [0.5, 0.5]))).toBe(true);
    at(RIPPLE_MS);
    expect(send(dot({ ...ann, viewer: 'late' }, [0.5, 0.5]))).toBe(true);
    expect(frame().dots.map((d) => d.viewer)).toEqual(['late']);
  });

  it("clears one viewer's marks, or everyone's", () => {
    const { send, frame, marks } = setup();
    for (const owner of [ann, bob]) {
      send(dot(owner, [0.5, 0.5]));
      send(ripple(owner, [0.5, 0.5]));
      send(ink(owner, 3, [[0.5, 0.5]]));
    }
    expect(send({ t: 'clear', viewer: ann.viewer })).toBe(true);
    const f = frame();
    expect([...f.dots, ...f.ripples, ...f.strokes].every((m) => m.viewer === bob.viewer)).toBe(true);
    expect(f.dots.length + f.ripples.length + f.strokes.length).toBe(3);
    expect(send({ t: 'clear', viewer: null })).toBe(true);
    expect(marks.alive()).toBe(false);
  });

  it('is alive while anything is, and not once everything has faded', () => {
    const { send, at, marks } = setup();
    send(ripple(ann, [0.5, 0.5]));
    send(ink(ann, 1, [[0.5, 0.5]]));
    send(dot(bob, [0.5, 0.5]));
    at(RIPPLE_MS);
    expect(marks.alive()).toBe(true);
    at(INK_FADE_MS);
    expect(marks.alive()).toBe(true); // the dot
    at(DOT_IDLE_MS + DOT_FADE_MS - 1);
    expect(marks.alive()).toBe(true);
    at(DOT_IDLE_MS + DOT_FADE_MS);
    expect(marks.alive()).toBe(false);
  });

  it('ignores malformed messages without throwing', () => {
    const { send, frame } = setup();
    const bad: unknown[] = [
      undefined,
      null,
      'dot',
      42,
      [],
      {},
      { t: 'laser', at: [0.5, 0.5], ...ann },
      { ...dot(ann, [0.5, 0.5]), colour: 'red' },
      { ...dot(ann, [0.5, 0.5]), colour: '#fff' },
      { ...dot(ann, [0.5, 0.5]), colour: '#12345g' },
      { ...dot(ann, [0.5, 0.5]), colour: '#1234567' },
      { ...dot(ann, [0.5, 0.5]), label: 'x'.repeat(33) },
      { ...dot(ann, [0.5, 0.5]), label: 7 },
      { ...dot(ann, [0.5, 0.5]), viewer: '' },
      { ...dot(ann, [0.5, 0.5]), viewer: 5 },
      { t: 'dot', at: [0.5, 0.5], colour: ann.colour, label: ann.label },
      { t: 'dot', ...ann },
      dot(ann, [1.5, 0.5]),
      dot(ann, [Number.NaN, 0.5]),
      dot(ann, [0.5] as unknown as PicturePoint),
      dot(ann, [0.5, 0.5, 0.5] as unknown as PicturePoint),
      { ...dot(ann, null), at: { x: 0.5, y: 0.5 } },
      { t: 'ripple', at: null, ...ann },
      ripple(ann, [-0.1, 0.5]),
      ink(ann, 1, []),
      ink(ann, 1, [
        [0.5, 0.5],
        [0.5, 2],
      ]),
      ink(ann, -1, [[0.5, 0.5]]),
      ink(ann, 1.5, [[0.5, 0.5]]),
      { ...ink(ann, 1, [[0.5, 0.5]]), stroke: '1' },
      { ...ink(ann, 1, [[0.5, 0.5]]), points: 'nope' },
      ink(ann, 1, line(INK_STROKE_POINTS + 1)),
      { t: 'clear' },
      { t: 'clear', viewer: 3 },
      { t: 'clear', viewer: '' },
    ];
    for (const message of bad) expect(send(message), JSON.stringify(message)).toBe(false);
    expect(frame().alive).toBe(false);
    // A 32-character label and any case of hex are fine.
    expect(send({ ...dot(ann, [0, 1]), colour: '#ABCdef', label: 'x'.repeat(32) })).toBe(true);
    expect(send({ ...dot(bob, [0, 1]), label: '' })).toBe(true);
  });

  it('keeps its own copy of the points', () => {
    const { send, frame } = setup();
    const points: PicturePoint[] = [[0.1, 0.1]];
    send(ink(ann, 1, points));
    points[0]![0] = 0.9;
    points.push([0.2, 0.2]);
    expect(frame().strokes[0]?.points).toEqual([[0.1, 0.1]]);
  });
});

describe('overlay layer geometry', () => {
  const viewport = { width: 1280, height: 720 };

  it('maps picture fractions onto the viewport in CSS px', () => {
    expect(toViewport([0, 0], viewport)).toEqual({ x: 0, y: 0 });
    expect(toViewport([0.5, 0.25], viewport)).toEqual({ x: 640, y: 180 });
    expect(toViewport([1, 1], viewport)).toEqual({ x: 1280, y: 720 });
  });

  it('sizes the canvas in device pixels', () => {
    expect(canvasPixels(viewport, 1)).toEqual({ width: 1280, height: 720 });
    expect(canvasPixels(viewport, 2)).toEqual({ width: 2560, height: 1440 });
    expect(canvasPixels({ width: 1001, height: 333 }, 1.25)).toEqual({ width: 1251, height: 416 });
    expect(canvasPixels({ width: 0, height: 720 }, 2)).toEqual({ width: 1, height: 1440 });
    expect(canvasPixels(viewport, 0)).toEqual({ width: 1280, height: 720 });
    expect(canvasPixels(viewport, Number.NaN)).toEqual({ width: 1280, height: 720 });
  });

  it('spreads a ripple from RIPPLE_FROM to RIPPLE_TO', () => {
    expect(rippleRadius(0)).toBe(RIPPLE_FROM);
    expect(rippleRadius(1)).toBe(RIPPLE_TO);
    expect(rippleRadius(0.5)).toBeGreaterThan((RIPPLE_FROM + RIPPLE_TO) / 2);
  });

  it('keeps a solid disc of colour at the dot centre, wide enough to read from video', () => {
    expect(2 * DOT_RADIUS).toBeGreaterThanOrEqual(14);
    expect(DOT_OUTLINE).toBeGreaterThan(0);
  });

  it('puts the label right-below the dot, flipped where it would leave the viewport', () => {
    expect(labelBox({ x: 100, y: 100 }, 40, viewport)).toEqual({
      x: 100 + LABEL_OFFSET,
      y: 100 + LABEL_OFFSET,
      width: 52,
      height: LABEL_HEIGHT,
    });
    const corner = labelBox({ x: 1275, y: 715 }, 40, viewport);
    expect(corner).toEqual({
      x: 1275 - LABEL_OFFSET - 52,
      y: 715 - LABEL_OFFSET - LABEL_HEIGHT,
      width: 52,
      height: LABEL_HEIGHT,
    });
    // Never off the top-left, even in a viewport narrower than the label.
    const tiny = labelBox({ x: 10, y: 10 }, 40, { width: 30, height: 20 });
    expect([tiny.x, tiny.y]).toEqual([0, 0]);
  });
});
