import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { zoomable } from '../../src/viewer/gestures';
import { stageGestures, type ZoomEvents } from '../../src/viewer/stage-gestures';
import { clampZoom, FIT, panBy, STEP, zoomAt, type Size, type Zoom } from '../../src/viewer/zoom';
import { zoomView, type ZoomView } from '../../src/viewer/zoom-view';

// The unit project runs in node: the stage and the video are event targets with the few
// properties these modules read, and events are plain Events carrying a pointer's fields.
class FakeStage extends EventTarget {
  clientWidth = 800;
  clientHeight = 600;
  readonly classes = new Set<string>();
  readonly classList = {
    add: (name: string) => void this.classes.add(name),
    remove: (name: string) => void this.classes.delete(name),
    toggle: (name: string, on: boolean) => void (on ? this.classes.add(name) : this.classes.delete(name)),
  };
  readonly captured: number[] = [];
  setPointerCapture(id: number) {
    this.captured.push(id);
  }
  getBoundingClientRect() {
    return { left: 100, top: 50 };
  }
}

class FakeVideo extends EventTarget {
  videoWidth = 1280;
  videoHeight = 720;
  readonly style = { width: '', height: '', transform: '' };
}

function fire(target: EventTarget, type: string, fields: Record<string, unknown> = {}): Event {
  const e = new Event(type, { cancelable: true });
  for (const [key, value] of Object.entries(fields)) Object.defineProperty(e, key, { value });
  target.dispatchEvent(e);
  return e;
}

/** A press at stage point (x, y): client coordinates are offset by the stage's (100, 50). */
const at = (x: number, y: number) => ({ clientX: x + 100, clientY: y + 50 });
const finger = (id: number, x: number, y: number, timeStamp = 0) => ({
  pointerId: id,
  pointerType: 'touch',
  button: 0,
  ...at(x, y),
  timeStamp,
});
const mouse = (x: number, y: number, button = 0) => ({
  pointerId: 1,
  pointerType: 'mouse',
  button,
  ...at(x, y),
  timeStamp: 0,
});

const stageSize: Size = { width: 800, height: 600 };
const hd: Size = { width: 1280, height: 720 };

let observers: { callback: () => void; observed: unknown[]; disconnected: boolean }[];
beforeEach(() => {
  observers = [];
  vi.stubGlobal('window', Object.assign(new EventTarget(), { devicePixelRatio: 1 }));
  vi.stubGlobal(
    'ResizeObserver',
    class {
      readonly record;
      constructor(callback: () => void) {
        this.record = { callback, observed: [] as unknown[], disconnected: false };
        observers.push(this.record);
      }
      observe(target: unknown) {
        this.record.observed.push(target);
      }
      disconnect() {
        this.record.disconnected = true;
      }
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function dom() {
  const stage = new FakeStage();
  const video = new FakeVideo();
  return { stage, video, s: stage as unknown as HTMLElement, v: video as unknown as HTMLVideoElement };
}

describe('zoom view: the zoom applied to the video', () => {
  it('sizes and moves the video, and tells only a change of level', () => {
    const { stage, video, s, v } = dom();
    const zooms: Zoom[] = [];
    const view = zoomView(s, v, { zoom: (z) => zooms.push(z) });
    expect(view.ready()).toBe(true);
    view.set({ level: 2, cx: 0.5, cy: 0.5 });
    expect(video.style).toEqual({ width: '800px', height: '450px', transform: 'translate(-400px, -150px) scale(2)' });
    expect(stage.classes.has('zoomed')).toBe(true);
    view.set({ level: 2, cx: 0.4, cy: 0.5 }); // a pan
    expect(zooms).toEqual([{ level: 2, cx: 0.5, cy: 0.5 }]);
    view.set(FIT);
    expect(stage.classes.has('zoomed')).toBe(false);
    expect(zooms.at(-1)).toEqual(FIT);
  });

  it('with no picture yet clears the video and is not ready', () => {
    const { video, s, v } = dom();
    video.videoWidth = video.videoHeight = 0;
    const view = zoomView(s, v, { zoom: () => undefined });
    view.set({ level: 2, cx: 0.5, cy: 0.5 });
    expect(view.ready()).toBe(false);
    expect(video.style).toEqual({ width: '', height: '', transform: '' });
  });

  it('keeps the level inside the new edges when the picture, stage or pixel ratio changes, until disposed', () => {
    const { stage, video, s, v } = dom();
    const zooms: Zoom[] = [];
    const view = zoomView(s, v, { zoom: (z) => zooms.push(z) });
    expect(observers[0]?.observed).toEqual([stage]);
    view.set({ level: 4, cx: 0.95, cy: 0.5 });
    video.videoWidth = 640;
    video.videoHeight = 640;
    fire(video, 'resize');
    const square = { width: 640, height: 640 };
    expect(view.zoom).toEqual(clampZoom({ level: 4, cx: 0.95, cy: 0.5 }, stageSize, square, 1));
    const held = view.zoom;
    stage.clientWidth = 400;
    observers[0]!.callback();
    expect(view.zoom).toEqual(clampZoom(held, { width: 400, height: 600 }, square, 1));
    expect(zooms).toHaveLength(1); // a refit moves the picture, it does not change the level

    view.dispose();
    expect(observers[0]!.disconnected).toBe(true);
    const before = view.zoom;
    stage.clientWidth = 800;
    fire(video, 'loadedmetadata');
    fire(window, 'resize');
    expect(view.zoom).toBe(before);
  });
});

/** A ZoomView of an 800×600 stage showing 1280×720, that only records what it is set to. */
function fakeView(start: Zoom = FIT): ZoomView & { sets: Zoom[] } {
  const sets: Zoom[] = [];
  let zoom = start;
  return {
    sets,
    get zoom() {
      return zoom;
    },
    set: (next) => void sets.push((zoom = next)),
    ready: () => true,
    stageSize: () => stageSize,
    pictureSize: () => hd,
    dpr: () => 1,
    dispose: () => undefined,
  };
}

function gestures(start: Zoom = FIT, pointing = false) {
  const { stage, video, s, v } = dom();
  const view = fakeView(start);
  const doubleClicks: number[] = [];
  const on: ZoomEvents = {
    zoom: () => undefined,
    doubleClick: () => void doubleClicks.push(1),
    pointing: () => pointing,
  };
  const stop = stageGestures(s, v, view, on);
  return { stage, video, view, doubleClicks, stop };
}

describe('stage gestures: input on the stage as zooms and pans', () => {
  it('the wheel zooms about the cursor and keeps the page from scrolling', () => {
    const { stage, view } = gestures();
    const e = fire(stage, 'wheel', { deltaY: -100, deltaMode: 0, ...at(200, 150) });
    expect(e.defaultPrevented).toBe(true);
    expect(view.sets).toEqual([zoomAt(FIT, Math.exp(0.2), { x: 200, y: 150 }, stageSize, hd, 1)]);
  });

  it('one pointer drags a zoomed picture, and nothing at fit', () => {
    const zoomed: Zoom = { level: 2, cx: 0.5, cy: 0.5 };
    const { stage, view } = gestures(zoomed);
    fire(stage, 'pointerdown', mouse(400, 300));
    expect([stage.captured, stage.classes.has('dragging')]).toEqual([[1], true]);
    fire(stage, 'pointermove', mouse(350, 280));
    expect(view.sets).toEqual([panBy(zoomed, -50, -20, stageSize, hd, 1)]);
    fire(stage, 'pointerup', mouse(350, 280));
    expect(stage.classes.has('dragging')).toBe(false);

    const fit = gestures();
    fire(fit.stage, 'pointerdown', mouse(400, 300));
    fire(fit.stage, 'pointermove', mouse(350, 280));
    expect(fit.view.sets).toEqual([]);
  });

  it('a mouse button other than the main one does not drag', () => {
    const { stage, view } = gestures({ level: 2, cx: 0.5, cy: 0.5 });
    fire(stage, 'pointerdown', mouse(400, 300, 2));
    fire(stage, 'pointermove', mouse(350, 280, 2));
    expect([view.sets, stage.captured]).toEqual([[], []]);
  });

  it('two fingers pinch about their middle', () => {
    const { stage, view } = gestures();
    fire(stage, 'pointerdown', finger(1, 300, 300));
    fire(stage, 'pointerdown', finger(2, 500, 300));
    fire(stage, 'pointermove', finger(2, 700, 300)); // twice as far apart
    const zoomed = zoomAt(FIT, 2, { x: 400, y: 300 }, stageSize, hd, 1);
    expect(view.sets).toEqual([panBy(zoomed, 100, 0, stageSize, hd, 1)]);
  });

  it('a double-tap goes back to fit; a drag, a pinch or a mouse is no tap', () => {
    const { stage, view } = gestures({ level: 2, cx: 0.3, cy: 0.5 });
    const tap = (x: number, time: number) => {
      fire(stage, 'pointerdown', finger(1, x, 300, time));
      fire(stage, 'pointerup', finger(1, x, 300, time + 50));
    };
    tap(400, 1000);
    tap(410, 1200);
    expect(view.sets).toEqual([FIT]);
    tap(400, 5000);
    tap(400, 5400); // too slow
    fire(stage, 'pointerdown', mouse(400, 300));
    fire(stage, 'pointerup', { ...mouse(400, 300), timeStamp: 5450 });
    expect(view.sets).toEqual([FIT]);
  });

  it("a double-click of the mouse is the page's, a double-tap's emulated one is not", () => {
    const { stage, doubleClicks } = gestures();
    fire(stage, 'pointerdown', mouse(400, 300));
    fire(stage, 'dblclick', at(400, 300));
    expect(doubleClicks).toHaveLength(1);
    fire(stage, 'pointerdown', finger(1, 400, 300));
    fire(stage, 'dblclick', at(400, 300));
    expect(doubleClicks).toHaveLength(1);
  });

  it('while the viewer points, one pointer draws: no drag, no double-click; two fingers still pinch', () => {
    const { stage, view, doubleClicks } = gestures({ level: 2, cx: 0.5, cy: 0.5 }, true);
    fire(stage, 'pointerdown', mouse(400, 300));
    fire(stage, 'pointermove', mouse(300, 300));
    expect([view.sets, stage.classes.has('dragging')]).toEqual([[], false]);
    fire(stage, 'pointerup', mouse(300, 300));
    fire(stage, 'dblclick', at(300, 300));
    expect(doubleClicks).toEqual([]);
    fire(stage, 'pointerdown', finger(1, 300, 300));
    fire(stage, 'pointerdown', finger(2, 500, 300));
    fire(stage, 'pointermove', finger(2, 600, 300));
    expect(view.sets).toHaveLength(1);
  });

  it('stops listening when stopped', () => {
    const { stage, view, stop } = gestures();
    stop();
    fire(stage, 'wheel', { deltaY: -100, deltaMode: 0, ...at(200, 150) });
    expect(view.sets).toEqual([]);
  });
});

describe("zoomable: the page's buttons and keys", () => {
  it('steps about the centre, toggles 1:1, pans by a fraction of the stage and fits', () => {
    const { s, v } = dom();
    const levels: Zoom['level'][] = [];
    const z = zoomable(s, v, { zoom: (zoom) => levels.push(zoom.level), doubleClick: () => undefined });
    z.step(1);
    const stepped = zoomAt(FIT, STEP, { x: 400, y: 300 }, stageSize, hd, 1);
    expect(z.zoom).toEqual(stepped);
    z.pan(0.1, 0);
    expect(z.zoom).toEqual(panBy(stepped, -80, -0, stageSize, hd, 1));
    z.toggleNative();
    expect(z.zoom.level).toBe('native');
    z.toggleNative();
    expect(z.zoom).toEqual(FIT);
    z.step(1);
    z.fit();
    expect(levels).toEqual([STEP, 'native', 1, STEP, 1]);
    z.dispose();
    expect(observers[0]!.disconnected).toBe(true);
  });
});
