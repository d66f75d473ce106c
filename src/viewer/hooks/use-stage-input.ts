// What a pointer does on the stage: zoom and pan the picture (gestures.ts), or point at the shared
// tab (pointer.ts) while Point is on or Alt is held, and only while the host draws marks. While the
// viewer controls the tab, its input goes there instead (hooks/use-remote-control.ts).
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PointingState } from '../../shared/pointing';
import { zoomable, type Zoomable } from '../gestures';
import { viewerPointer, type Pointer, type PointerInput } from '../pointer';
import type { Watching } from '../watch';
import type { Zoom } from '../zoom';

/** Point's switch and the host's pointing, as the stage's listeners (which outlive renders) read them. */
export interface Aim {
  on: boolean;
  state: PointingState;
}

export interface StageInputOptions {
  stage: RefObject<HTMLDivElement>;
  video: RefObject<HTMLVideoElement>;
  watching: Watching;
  aim: RefObject<Aim>;
  /** Point is on and the host draws marks: the crosshair shows where a press points. */
  pointingNow: boolean;
  /** This viewer controls the shared tab: the wheel, one pointer and double-clicks go there, not to the zoom. */
  controlling: boolean;
  onDoubleClick(): void;
}

export interface StageZoom {
  level: Zoom['level'];
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  native(): void;
  pan(fx: number, fy: number): void;
}

/** Whether a pointer event points: Point is on, or a mouse moves with Alt held; only while the host draws marks. */
const aiming = (aim: Aim | null, e: MouseEvent) =>
  aim?.state === 'on' && (aim.on || (e.altKey && ((e as PointerEvent).pointerType ?? 'mouse') === 'mouse'));

/** Sends the stage's pointer events to the pointer while aiming; returns the listeners to remove. */
function listenForPointing(s: HTMLElement, v: HTMLVideoElement, p: Pointer, aim: RefObject<Aim>): () => void {
  // The video's rectangle is the picture on screen (gestures.ts sizes and moves it); the stage cuts it off.
  const input = (e: PointerEvent): PointerInput => ({
    x: e.clientX,
    y: e.clientY,
    picture: v.getBoundingClientRect(),
    view: s.getBoundingClientRect(),
    id: e.pointerId,
    type: e.pointerType,
    buttons: e.buttons,
    time: e.timeStamp,
  });
  const onPicture = (e: Event) => e.target === s || e.target === v; // not a panel over it
  const pointerEvents: [string, (e: PointerEvent) => void][] = [
    [
      'pointerdown',
      (e) =>
        aiming(aim.current, e) && onPicture(e) && (e.pointerType !== 'mouse' || e.button === 0) && p.down(input(e)),
    ],
    [
      'pointermove',
      (e) => {
        const on = aiming(aim.current, e);
        s.classList.toggle('aiming', on);
        if (on && onPicture(e)) p.move(input(e));
        else if (e.pointerType !== 'touch') p.leave(); // Alt let go, or over a panel
      },
    ],
    ['pointerup', (e) => p.up(input(e))],
    ['pointercancel', (e) => p.cancel(e.pointerId)],
    ['pointerleave', (e) => e.pointerType !== 'touch' && p.leave()],
  ];
  pointerEvents.forEach(([type, listener]) => s.addEventListener(type, listener as EventListener));
  // Alt points only while held: letting go (or leaving the window with Alt+Tab) hides the dot.
  const onAlt = (e: Event) => {
    if (e instanceof KeyboardEvent && e.key !== 'Alt') return;
    const now = aim.current!;
    const held = e.type === 'keydown' && now.state === 'on';
    s.classList.toggle('aiming', held || (now.on && now.state === 'on'));
    if (!held && !now.on) p.leave();
  };
  const altEvents = ['keydown', 'keyup', 'blur'];
  altEvents.forEach((type) => window.addEventListener(type, onAlt));
  return () => {
    pointerEvents.forEach(([type, listener]) => s.removeEventListener(type, listener as EventListener));
    altEvents.forEach((type) => window.removeEventListener(type, onAlt));
  };
}

export function useStageInput(options: StageInputOptions): StageZoom {
  const { stage, video, pointingNow } = options;
  const latest = useRef(options);
  latest.current = options;
  const zoomer = useRef<Zoomable | null>(null);
  const pointer = useRef<Pointer | null>(null);
  const [level, setLevel] = useState<Zoom['level']>(1);

  useEffect(() => {
    const v = video.current!;
    const s = stage.current!;
    const { aim, watching } = latest.current;
    const z = zoomable(s, v, {
      zoom: (zoom) => setLevel(zoom.level),
      doubleClick: () => latest.current.onDoubleClick(),
      pointing: (e) => aiming(aim.current, e),
      controlling: () => latest.current.controlling,
    });
    zoomer.current = z;
    const p = viewerPointer({ send: (message) => watching.point(message), now: () => performance.now() });
    pointer.current = p;
    const stopPointing = listenForPointing(s, v, p, aim);
    return () => {
      z.dispose();
      p.dispose();
      stopPointing();
    };
  }, []);

  // Turning Point off (or losing it) hides the dot; the crosshair shows where a press points.
  useEffect(() => {
    stage.current?.classList.toggle('aiming', pointingNow);
    if (!pointingNow) pointer.current?.leave();
  }, [pointingNow]);

  return {
    level,
    zoomIn: () => zoomer.current?.step(1),
    zoomOut: () => zoomer.current?.step(-1),
    fit: () => zoomer.current?.fit(),
    native: () => zoomer.current?.toggleNative(),
    pan: (fx, fy) => zoomer.current?.pan(fx, fy),
  };
}
