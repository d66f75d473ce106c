// Zoom and pan on the stage, by wheel, pinch, drag, double-tap and the page's buttons and keys:
// zoom-view.ts places the picture, stage-gestures.ts turns the stage's input into zooms, and this
// adds the page's buttons and keys. While the viewer points, one pointer draws instead (pointer.ts).
import { stageGestures, type ZoomEvents } from './stage-gestures';
import { FIT, panBy, STEP, zoomAt, zoomTo, type Zoom } from './zoom';
import { zoomView } from './zoom-view';

export type { ZoomEvents };

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

export function zoomable(stage: HTMLElement, video: HTMLVideoElement, on: ZoomEvents): Zoomable {
  const view = zoomView(stage, video, on);
  const stopGestures = stageGestures(stage, video, view, on);
  const { set, ready, stageSize, pictureSize, dpr } = view;

  const centre = () => ({ x: stage.clientWidth / 2, y: stage.clientHeight / 2 });
  return {
    get zoom() {
      return view.zoom;
    },
    step(direction) {
      if (ready()) set(zoomAt(view.zoom, direction > 0 ? STEP : 1 / STEP, centre(), stageSize(), pictureSize(), dpr()));
    },
    fit() {
      set(FIT);
    },
    toggleNative() {
      const zoom = view.zoom;
      if (ready()) set(zoom.level === 'native' ? FIT : zoomTo(zoom, 'native', stageSize(), pictureSize(), dpr()));
    },
    pan(fx, fy) {
      if (!ready()) return;
      set(panBy(view.zoom, -fx * stage.clientWidth, -fy * stage.clientHeight, stageSize(), pictureSize(), dpr()));
    },
    dispose() {
      view.dispose();
      stopGestures();
    },
  };
}
