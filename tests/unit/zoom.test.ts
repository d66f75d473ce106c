import { describe, expect, it } from 'vitest';
import {
  clampZoom,
  FIT,
  fitRect,
  isZoomed,
  levelRange,
  MAX_LEVEL,
  nativeLevel,
  panBy,
  place,
  zoomAt,
  zoomTo,
  type Placement,
  type Size,
} from '../../src/viewer/zoom';

const stage: Size = { width: 800, height: 600 };
const hd: Size = { width: 1280, height: 720 };

/** The picture's rectangle on the stage for a placement. */
const shown = (p: Placement) => ({ x: p.x, y: p.y, width: p.width * p.scale, height: p.height * p.scale });
/** The picture point (fractions) under a stage point. */
const under = (p: Placement, x: number, y: number) => ({
  u: (x - p.x) / (p.width * p.scale),
  v: (y - p.y) / (p.height * p.scale),
});

describe('zoom geometry', () => {
  it('fits the picture whole and centred (object-fit: contain)', () => {
    expect(fitRect(stage, hd)).toEqual({ x: 0, y: 75, width: 800, height: 450 });
    expect(fitRect({ width: 390, height: 844 }, hd)).toEqual({
      x: 0,
      y: (844 - 219.375) / 2,
      width: 390,
      height: 219.375,
    });
    const wide = fitRect({ width: 1000, height: 300 }, hd);
    expect([wide.y, wide.height]).toEqual([0, 300]);
    expect(wide.width).toBeCloseTo(533.333, 3);
    expect(place(FIT, stage, hd, 1)).toEqual({ width: 800, height: 450, x: 0, y: 75, scale: 1 });
  });

  it('1:1 shows one picture pixel per device pixel', () => {
    expect(nativeLevel(stage, hd, 1)).toBe(1.6); // 1280 px in an 800-px fit
    expect(nativeLevel(stage, hd, 2)).toBe(0.8); // 640 CSS px = 1280 device px: smaller than fit
    for (const dpr of [1, 1.25, 1.5, 2, 3]) {
      const p = place({ level: 'native', cx: 0.3, cy: 0.6 }, stage, hd, dpr);
      expect(p.width * p.scale * dpr).toBeCloseTo(1280, 6);
      expect(p.height * p.scale * dpr).toBeCloseTo(720, 6);
      // The top-left falls on a whole device pixel, so picture pixels are not split between two.
      expect(Math.abs(p.x * dpr - Math.round(p.x * dpr))).toBeLessThan(1e-9);
      expect(Math.abs(p.y * dpr - Math.round(p.y * dpr))).toBeLessThan(1e-9);
    }
  });

  it('zooms about the pointer: the picture point under it stays under it', () => {
    const point = { x: 200, y: 300 };
    const zoom = zoomAt(FIT, 2, point, stage, hd, 1);
    expect(zoom.level).toBe(2);
    const before = under(place(FIT, stage, hd, 1), point.x, point.y);
    const after = under(place(zoom, stage, hd, 1), point.x, point.y);
    expect(after.u).toBeCloseTo(before.u, 9);
    expect(after.v).toBeCloseTo(before.v, 9);
    // Again, further in, about another point.
    const deeper = zoomAt(zoom, 1.5, { x: 600, y: 100 }, stage, hd, 1);
    const b2 = under(place(zoom, stage, hd, 1), 600, 100);
    const a2 = under(place(deeper, stage, hd, 1), 600, 100);
    expect([a2.u, a2.v].map((n) => n.toFixed(9))).toEqual([b2.u, b2.v].map((n) => n.toFixed(9)));
  });

  it('zooming out ends at fit, centred; zooming in stops at the maximum', () => {
    const zoom = zoomAt(FIT, 3, { x: 10, y: 10 }, stage, hd, 1);
    expect(zoomAt(zoom, 1 / 3, { x: 700, y: 500 }, stage, hd, 1)).toEqual(FIT);
    expect(zoomAt(zoom, 1 / 100, { x: 700, y: 500 }, stage, hd, 1)).toEqual(FIT);
    expect(zoomAt(FIT, 1000, { x: 400, y: 300 }, stage, hd, 1).level).toBe(MAX_LEVEL);
    expect(zoomAt(FIT, 1.01, { x: 400, y: 300 }, stage, hd, 1)).toEqual(FIT); // within 2 % of fit snaps back
    // A picture smaller than the window can go down to 1:1, below fit.
    const small = { width: 320, height: 180 };
    expect(levelRange(stage, small, 1)).toEqual([0.4, MAX_LEVEL]);
    expect(zoomAt(FIT, 0.1, { x: 400, y: 300 }, stage, small, 1).level).toBe(0.4);
    // A huge picture on a high-density screen may zoom to 4× its 1:1.
    expect(levelRange({ width: 400, height: 300 }, { width: 7680, height: 4320 }, 1)[1]).toBeCloseTo(4 * 19.2);
  });

  it('pans no further than the picture edges, and centres an axis the picture does not fill', () => {
    const zoom = zoomTo(FIT, 2, stage, hd, 1); // 1600×900 on an 800×600 stage
    const far = panBy(zoom, 5000, 5000, stage, hd, 1); // dragged right and down: the top-left corner shows
    expect(shown(place(far, stage, hd, 1))).toMatchObject({ x: 0, y: 0 });
    const other = panBy(zoom, -5000, -5000, stage, hd, 1);
    const r = shown(place(other, stage, hd, 1));
    expect(r.x + r.width).toBeCloseTo(800, 9);
    expect(r.y + r.height).toBeCloseTo(600, 9);
    // A drag beyond the edge is not stored: dragging back moves at once.
    const back = shown(place(panBy(far, -10, -10, stage, hd, 1), stage, hd, 1));
    expect(back.x).toBeCloseTo(-10, 9);
    expect(back.y).toBeCloseTo(-10, 9);
    // At 1.2× the picture is 960×540: wider than the stage, but not as tall: centred vertically.
    const wide = panBy(zoomTo(FIT, 1.2, stage, hd, 1), 0, 300, stage, hd, 1);
    expect(place(wide, stage, hd, 1).y).toBeCloseTo(30, 9);
    expect(wide.cy).toBeCloseTo(0.5, 9);
    // At fit nothing moves.
    expect(place(panBy(FIT, 100, 100, stage, hd, 1), stage, hd, 1)).toEqual(place(FIT, stage, hd, 1));
  });

  it('small drags add up at 1:1 (snapping to device pixels does not swallow them)', () => {
    let zoom = zoomTo(FIT, 'native', stage, hd, 1);
    const start = place(zoom, stage, hd, 1).x;
    for (let i = 0; i < 10; i++) zoom = panBy(zoom, 0.4, 0, stage, hd, 1);
    expect(place(zoom, stage, hd, 1).x).toBe(start + 4);
  });

  it('keeps the zoom across a new source and a change of resolution', () => {
    let zoom = zoomAt(FIT, 3, { x: 100, y: 150 }, stage, hd, 1);
    zoom = panBy(zoom, -40, 20, stage, hd, 1);
    // The sender drops to 960×540, same shape: the same part of the picture stays in view.
    const before = under(place(zoom, stage, hd, 1), 400, 300);
    const smaller = { width: 960, height: 540 };
    const after = under(place(zoom, stage, smaller, 1), 400, 300);
    expect(after.u).toBeCloseTo(before.u, 9);
    expect(after.v).toBeCloseTo(before.v, 9);
    // 1:1 stays 1:1 at the new size.
    const native = place({ level: 'native', cx: 0.5, cy: 0.5 }, stage, smaller, 1);
    expect(native.width * native.scale).toBeCloseTo(960, 9);
    // A taller source: the centre point is kept, then held inside the new edges.
    const tall = { width: 720, height: 1280 };
    const kept = clampZoom(zoom, stage, tall, 1);
    const r = shown(place(kept, stage, tall, 1));
    expect(r.x).toBeLessThanOrEqual(0);
    expect(r.x + r.width).toBeGreaterThanOrEqual(800 - 1e-9);
  });

  it('says when there is something to pan', () => {
    expect(isZoomed(FIT)).toBe(false);
    expect(isZoomed({ level: 'native', cx: 0.5, cy: 0.5 })).toBe(true);
    expect(isZoomed({ level: 2, cx: 0.5, cy: 0.5 })).toBe(true);
    expect(zoomTo({ level: 3, cx: 0.1, cy: 0.1 }, 1, stage, hd, 1)).toEqual(FIT);
  });

  it('survives a picture of unknown size (no metadata yet)', () => {
    expect(place(FIT, stage, { width: 0, height: 0 }, 1)).toEqual({ width: 800, height: 600, x: 0, y: 0, scale: 1 });
  });
});
