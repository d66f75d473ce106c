// Where the picture sits on the stage when the viewer zooms and pans: pure geometry in CSS pixels,
// no DOM. The page sizes the video element to the fit rectangle and moves it with one CSS
// transform (placement below), so zooming and panning never lay the page out again.

import type { Rect, Size } from '../shared/geometry';

export type { Rect, Size };

/**
 * How the picture is shown. `level` is relative to fit (1: the whole picture in the stage), or
 * 'native': one picture pixel per device pixel. (cx, cy) is the point of the picture, as fractions
 * of its width and height, that sits at the centre of the stage; kept across a new source or a
 * change of resolution, as the level is.
 */
export interface Zoom {
  level: number | 'native';
  cx: number;
  cy: number;
}

export const FIT: Zoom = { level: 1, cx: 0.5, cy: 0.5 };
/** Zoom in up to 8× fit, or 4× native when that is more (a small window on a big screen). */
export const MAX_LEVEL = 8;
/** One step of the + and - keys and buttons. */
export const STEP = 1.25;

/** The picture inside the stage, whole and centred (CSS object-fit: contain). */
export function fitRect(stage: Size, picture: Size): Rect {
  if (picture.width <= 0 || picture.height <= 0 || stage.width <= 0 || stage.height <= 0)
    return { x: 0, y: 0, width: stage.width, height: stage.height };
  const scale = Math.min(stage.width / picture.width, stage.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  return { x: (stage.width - width) / 2, y: (stage.height - height) / 2, width, height };
}

/** The level that shows one picture pixel per device pixel: videoWidth / devicePixelRatio CSS px wide. */
export function nativeLevel(stage: Size, picture: Size, dpr: number): number {
  const fit = fitRect(stage, picture);
  return fit.width > 0 && picture.width > 0 ? picture.width / dpr / fit.width : 1;
}

export function levelOf(zoom: Zoom, stage: Size, picture: Size, dpr: number): number {
  return zoom.level === 'native' ? nativeLevel(stage, picture, dpr) : zoom.level;
}

/** The smallest and largest levels: down to fit (or native, if the picture is smaller than the stage). */
export function levelRange(stage: Size, picture: Size, dpr: number): [number, number] {
  const native = nativeLevel(stage, picture, dpr);
  return [Math.min(1, native), Math.max(MAX_LEVEL, 4 * native)];
}

/**
 * The element's placement: a box of the fit rectangle's size at the stage's top-left, then
 * `translate(x, y) scale(scale)` with transform-origin 0 0. (x, y) is the picture's top-left on
 * the stage; at 'native' it falls on whole device pixels, so each picture pixel lands on one.
 */
export interface Placement {
  width: number;
  height: number;
  x: number;
  y: number;
  scale: number;
}

/** Places the picture for `zoom`, panned no further than its edges (centred on an axis where it is smaller than the stage). */
export function place(zoom: Zoom, stage: Size, picture: Size, dpr: number): Placement {
  const p = clamped(zoom, stage, picture, dpr);
  if (zoom.level !== 'native') return p;
  return { ...p, x: Math.round(p.x * dpr) / dpr, y: Math.round(p.y * dpr) / dpr };
}

/** place() before snapping to device pixels: what pans and zooms compute from, so small moves add up. */
function clamped(zoom: Zoom, stage: Size, picture: Size, dpr: number): Placement {
  const fit = fitRect(stage, picture);
  const scale = levelOf(zoom, stage, picture, dpr);
  const axis = (stageSize: number, size: number, centre: number) =>
    size <= stageSize ? (stageSize - size) / 2 : Math.min(0, Math.max(stageSize - size, stageSize / 2 - centre * size));
  return {
    width: fit.width,
    height: fit.height,
    x: axis(stage.width, fit.width * scale, zoom.cx),
    y: axis(stage.height, fit.height * scale, zoom.cy),
    scale,
  };
}

/** The zoom as it is really shown: the centre moved back inside the picture's edges. */
export function clampZoom(zoom: Zoom, stage: Size, picture: Size, dpr: number): Zoom {
  const p = clamped(zoom, stage, picture, dpr);
  const width = p.width * p.scale;
  const height = p.height * p.scale;
  if (width <= 0 || height <= 0) return zoom;
  return { level: zoom.level, cx: (stage.width / 2 - p.x) / width, cy: (stage.height / 2 - p.y) / height };
}

/**
 * Zooms by `factor` about `point` (stage CSS px: the pointer, or the middle of two fingers): the
 * picture point under it stays under it. Snaps back to fit when it comes within 2 % of it.
 */
export function zoomAt(
  zoom: Zoom,
  factor: number,
  point: { x: number; y: number },
  stage: Size,
  picture: Size,
  dpr: number,
): Zoom {
  const before = clamped(zoom, stage, picture, dpr);
  const [min, max] = levelRange(stage, picture, dpr);
  const level = Math.min(max, Math.max(min, before.scale * factor));
  if (Math.abs(level - 1) < 0.02) return FIT;
  // The picture point under `point`, as fractions of the picture.
  const u = (point.x - before.x) / (before.width * before.scale);
  const v = (point.y - before.y) / (before.height * before.scale);
  const width = before.width * level;
  const height = before.height * level;
  const x = point.x - u * width;
  const y = point.y - v * height;
  return clampZoom(
    { level, cx: (stage.width / 2 - x) / width, cy: (stage.height / 2 - y) / height },
    stage,
    picture,
    dpr,
  );
}

/** Zooms to an exact level (or 'native') about the stage's centre. */
export function zoomTo(zoom: Zoom, level: Zoom['level'], stage: Size, picture: Size, dpr: number): Zoom {
  if (level === 1) return FIT;
  return clampZoom({ level, cx: zoom.cx, cy: zoom.cy }, stage, picture, dpr);
}

/** Moves the picture by (dx, dy) CSS px (a drag), staying inside its edges. */
export function panBy(zoom: Zoom, dx: number, dy: number, stage: Size, picture: Size, dpr: number): Zoom {
  const p = clamped(zoom, stage, picture, dpr);
  const width = p.width * p.scale;
  const height = p.height * p.scale;
  if (width <= 0 || height <= 0) return zoom;
  return clampZoom({ level: zoom.level, cx: zoom.cx - dx / width, cy: zoom.cy - dy / height }, stage, picture, dpr);
}

/** The picture is bigger than at fit, so there is something to pan. */
export function isZoomed(zoom: Zoom): boolean {
  return zoom.level === 'native' || zoom.level > 1;
}
