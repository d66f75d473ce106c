// Zoom and pan on the stage, by wheel, pinch, drag, double-tap and the page's buttons and keys:
// zoom.ts decides where the picture goes, this applies it to the video as one CSS transform.
// While the viewer points (on.pointing), one pointer draws instead (pointer.ts): it neither pans
// nor double-taps nor double-clicks; the wheel, two-finger pinch and the keys still zoom.
import { clampZoom, FIT, isZoomed, panBy, place, STEP, zoomAt, zoomTo, type Size, type Zoom } from './zoom';

export interface Zoomable {
  readonly zoom: Zoom;
  /** By one step about the stage's centre: +1 in, -1 out. */
  step(direction: 1 | -1): void;
  fit(): void;
  /** 1:1, or back to fit when already there. */
  toggleNative(): void;
  /** Moves the picture by a fraction of the stage (arrow keys). */
  pan(fx: number, fy: number): void;
  dispose(): void;
}

/** Two taps within this long and this close make a double-tap. */
const DOUBLE_TAP_MS = 300;
const DOUBLE_TAP_PX = 40;
/** A press that moves further than this is a drag, not a tap. */
const TAP_SLOP_PX = 10;

export interface ZoomEvents {
  zoom(zoom: Zoom): void;
  doubleClick(): void;
  /** Whether a press (or double-click) there is the viewer pointing, not moving the picture. */
  pointing?(e: MouseEvent): boolean;
}

export function zoomable(stage: HTMLElement, video: HTMLVideoElement, on: ZoomEvents): Zoomable {
  let zoom: Zoom = FIT;
  const stageSize = (): Size => ({ width: stage.clientWidth, height: stage.clientHeight });
  const pictureSize = (): Size => ({ width: video.videoWidth, height: video.videoHeight });
  const dpr = () => window.devicePixelRatio || 1;

  /** Sizes the video to the fit rectangle and moves it: a transform, so panning lays nothing out. */
  function apply(): void {
    const picture = pictureSize();
    if (!picture.width || !picture.height) {
      video.style.width = video.style.height = video.style.transform = '';
      return;
    }
    const p = place(zoom, stageSize(), picture, dpr());
    video.style.width = `${p.width}px`;
    video.style.height = `${p.height}px`;
    video.style.transform = `translate(${p.x}px, ${p.y}px) scale(${p.scale})`;
    stage.classList.toggle('zoomed', isZoomed(zoom));
  }

  function set(next: Zoom): void {
    const changed = next.level !== zoom.level;
    zoom = next;
    apply();
    if (changed) on.zoom(zoom);
  }

  const ready = () => video.videoWidth > 0 && stage.clientWidth > 0;
  const point = (e: { clientX: number; clientY: number }) => {
    const r = stage.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  // A new source or resolution keeps the level and the centre point, held inside the new edges.
  const refit = () => {
    if (ready()) zoom = clampZoom(zoom, stageSize(), pictureSize(), dpr());
    apply();
  };
  const resize = new ResizeObserver(refit);
  resize.observe(stage);
  video.addEventListener('resize', refit);
  video.addEventListener('loadedmetadata', refit);
  window.addEventListener('resize', refit); // also a change of devicePixelRatio (browser zoom)

  const onWheel = (e: WheelEvent) => {
    if (!ready()) return;
    e.preventDefault();
    const lines = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? stage.clientHeight : 1;
    set(zoomAt(zoom, Math.exp((-e.deltaY * lines) / 500), point(e), stageSize(), pictureSize(), dpr()));
  };

  // Pointers down on the picture: one drags, two pinch.
  const pointers = new Map<number, { x: number; y: number }>();
  let pressAt: { x: number; y: number } | null = null;
  let moved = false;
  /** The first pointer down points: one finger or the mouse draws, two still pinch. */
  let drawing = false;
  let lastTap = { at: 0, x: 0, y: 0 };
  let lastPointerType = 'mouse';

  const onDown = (e: PointerEvent) => {
    lastPointerType = e.pointerType;
    // Only presses on the picture itself (not on an overlay's buttons), the main button of a mouse.
    if ((e.target !== stage && e.target !== video) || (e.pointerType === 'mouse' && e.button !== 0)) return;
    stage.setPointerCapture?.(e.pointerId);
    pointers.set(e.pointerId, point(e));
    if (pointers.size === 1) {
      pressAt = point(e);
      moved = false;
      drawing = on.pointing?.(e) ?? false;
    }
    if (!drawing) stage.classList.add('dragging');
  };

  const onMove = (e: PointerEvent) => {
    const last = pointers.get(e.pointerId);
    if (!last || !ready()) return;
    const now = point(e);
    if (pressAt && Math.hypot(now.x - pressAt.x, now.y - pressAt.y) > TAP_SLOP_PX) moved = true;
    if (pointers.size === 1) {
      pointers.set(e.pointerId, now);
      if (isZoomed(zoom) && !drawing) set(panBy(zoom, now.x - last.x, now.y - last.y, stageSize(), pictureSize(), dpr()));
      return;
    }
    // Pinch: the other finger stays where it was for this event; scale by the change in distance
    // about the fingers' middle, and follow the middle as it moves.
    const other = [...pointers.entries()].find(([id]) => id !== e.pointerId)?.[1];
    pointers.set(e.pointerId, now);
    if (!other) return;
    const before = Math.hypot(last.x - other.x, last.y - other.y);
    const after = Math.hypot(now.x - other.x, now.y - other.y);
    const mid = { x: (now.x + other.x) / 2, y: (now.y + other.y) / 2 };
    const midBefore = { x: (last.x + other.x) / 2, y: (last.y + other.y) / 2 };
    let next = before > 0 ? zoomAt(zoom, after / before, midBefore, stageSize(), pictureSize(), dpr()) : zoom;
    if (isZoomed(next)) next = panBy(next, mid.x - midBefore.x, mid.y - midBefore.y, stageSize(), pictureSize(), dpr());
    set(next);
  };

  const onUp = (e: PointerEvent) => {
    if (!pointers.delete(e.pointerId)) return;
    if (pointers.size > 0) {
      moved = true; // the end of a pinch is no tap
      return;
    }
    stage.classList.remove('dragging');
    if (e.type !== 'pointerup' || e.pointerType === 'mouse' || moved || drawing) return;
    // A double-tap goes back to fit (zoomed) or does nothing: a phone's double-tap is no double-click.
    const at = point(e);
    if (e.timeStamp - lastTap.at < DOUBLE_TAP_MS && Math.hypot(at.x - lastTap.x, at.y - lastTap.y) < DOUBLE_TAP_PX) {
      lastTap = { at: 0, x: 0, y: 0 };
      set(FIT);
    } else lastTap = { at: e.timeStamp, ...at };
  };

  const onDoubleClick = (e: MouseEvent) => {
    if (lastPointerType !== 'mouse' || (e.target !== stage && e.target !== video) || on.pointing?.(e)) return;
    on.doubleClick();
  };

  stage.addEventListener('wheel', onWheel, { passive: false });
  stage.addEventListener('pointerdown', onDown);
  stage.addEventListener('pointermove', onMove);
  stage.addEventListener('pointerup', onUp);
  stage.addEventListener('pointercancel', onUp);
  stage.addEventListener('dblclick', onDoubleClick);

  const centre = () => ({ x: stage.clientWidth / 2, y: stage.clientHeight / 2 });
  return {
    get zoom() {
      return zoom;
    },
    step(direction) {
      if (ready()) set(zoomAt(zoom, direction > 0 ? STEP : 1 / STEP, centre(), stageSize(), pictureSize(), dpr()));
    },
    fit() {
      set(FIT);
    },
    toggleNative() {
      if (ready()) set(zoom.level === 'native' ? FIT : zoomTo(zoom, 'native', stageSize(), pictureSize(), dpr()));
    },
    pan(fx, fy) {
      if (ready()) set(panBy(zoom, -fx * stage.clientWidth, -fy * stage.clientHeight, stageSize(), pictureSize(), dpr()));
    },
    dispose() {
      resize.disconnect();
      video.removeEventListener('resize', refit);
      video.removeEventListener('loadedmetadata', refit);
      window.removeEventListener('resize', refit);
      stage.removeEventListener('wheel', onWheel);
      stage.removeEventListener('pointerdown', onDown);
      stage.removeEventListener('pointermove', onMove);
      stage.removeEventListener('pointerup', onUp);
      stage.removeEventListener('pointercancel', onUp);
      stage.removeEventListener('dblclick', onDoubleClick);
    },
  };
}
