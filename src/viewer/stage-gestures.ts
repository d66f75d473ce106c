// Wheel, drag, pinch, double-tap and double-click on the stage, turned into zooms and pans of a
// ZoomView. While the viewer points (on.pointing), one pointer draws instead (pointer.ts): it neither
// pans nor double-taps nor double-clicks; the wheel and a two-finger pinch still zoom. On the live
// text layer's words a mouse selects text at fit (and with Shift when zoomed); otherwise they pan.
import { FIT, isZoomed, panBy, zoomAt, type Zoom } from './zoom';
import type { ZoomView } from './zoom-view';

export interface ZoomEvents {
  zoom(zoom: Zoom): void;
  doubleClick(): void;
  /** Whether a press (or double-click) there is the viewer pointing, not moving the picture. */
  pointing?(e: MouseEvent): boolean;
  /**
   * Whether this viewer controls the shared tab: the wheel, one pointer and double-clicks go there
   * (control-input.ts); two fingers still pinch.
   */
  controlling?(): boolean;
}

/** Two taps within this long and this close make a double-tap. */
const DOUBLE_TAP_MS = 300;
const DOUBLE_TAP_PX = 40;
/** A press that moves further than this is a drag, not a tap. */
const TAP_SLOP_PX = 10;

/** Listens on the stage until the returned function is called. */
export function stageGestures(stage: HTMLElement, video: HTMLVideoElement, view: ZoomView, on: ZoomEvents): () => void {
  const { set, ready, stageSize, pictureSize, dpr } = view;
  const point = (e: { clientX: number; clientY: number }) => {
    const r = stage.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const onWheel = (e: WheelEvent) => {
    if (!ready() || on.controlling?.()) return;
    e.preventDefault();
    const lines = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? stage.clientHeight : 1;
    set(zoomAt(view.zoom, Math.exp((-e.deltaY * lines) / 500), point(e), stageSize(), pictureSize(), dpr()));
  };

  // Pointers down on the picture: one drags, two pinch.
  const pointers = new Map<number, { x: number; y: number }>();
  let pressAt: { x: number; y: number } | null = null;
  let moved = false;
  /** The first pointer down points: one finger or the mouse draws, two still pinch. */
  let drawing = false;
  let lastTap = { at: 0, x: 0, y: 0 };
  let lastPointerType = 'mouse';

  /**
   * Whether a press is on the picture: the stage, the video, or the live text layer's words, except
   * where a mouse selects them (at fit, or with Shift held); a finger always pans and pinches.
   */
  const onPicture = (e: PointerEvent) => {
    if (e.target === stage || e.target === video) return true;
    const onWords = e.target instanceof Element && e.target.closest('.text-layer') !== null;
    return onWords && !(e.pointerType === 'mouse' && (!isZoomed(view.zoom) || e.shiftKey));
  };

  const onDown = (e: PointerEvent) => {
    lastPointerType = e.pointerType;
    // Only presses on the picture itself (not on an overlay's buttons), the main button of a mouse.
    if (!onPicture(e) || (e.pointerType === 'mouse' && e.button !== 0)) return;
    if (e.target !== stage && e.target !== video) e.preventDefault(); // on words: a drag, not a selection
    stage.setPointerCapture?.(e.pointerId);
    pointers.set(e.pointerId, point(e));
    if (pointers.size === 1) {
      pressAt = point(e);
      moved = false;
      drawing = (on.pointing?.(e) ?? false) || (on.controlling?.() ?? false);
    }
    if (!drawing) stage.classList.add('dragging');
  };

  const onMove = (e: PointerEvent) => {
    const last = pointers.get(e.pointerId);
    if (!last || !ready()) return;
    const now = point(e);
    const zoom = view.zoom;
    if (pressAt && Math.hypot(now.x - pressAt.x, now.y - pressAt.y) > TAP_SLOP_PX) moved = true;
    if (pointers.size === 1) {
      pointers.set(e.pointerId, now);
      if (!isZoomed(zoom) || drawing) return;
      set(panBy(zoom, now.x - last.x, now.y - last.y, stageSize(), pictureSize(), dpr()));
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
    if (on.controlling?.()) return;
    on.doubleClick();
  };

  stage.addEventListener('wheel', onWheel, { passive: false });
  stage.addEventListener('pointerdown', onDown);
  stage.addEventListener('pointermove', onMove);
  stage.addEventListener('pointerup', onUp);
  stage.addEventListener('pointercancel', onUp);
  stage.addEventListener('dblclick', onDoubleClick);
  return () => {
    stage.removeEventListener('wheel', onWheel);
    stage.removeEventListener('pointerdown', onDown);
    stage.removeEventListener('pointermove', onMove);
    stage.removeEventListener('pointerup', onUp);
    stage.removeEventListener('pointercancel', onUp);
    stage.removeEventListener('dblclick', onDoubleClick);
  };
}
