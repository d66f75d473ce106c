// The zoom the viewer chose, applied to the video as one CSS transform: zoom.ts decides where the
// picture goes, this keeps it there as the stage, the picture and the screen's pixel ratio change.
import { clampZoom, FIT, isZoomed, place, type Size, type Zoom } from './zoom';

export interface ZoomView {
  readonly zoom: Zoom;
  /** Applies `next`; tells on.zoom only when the level changed, not on a pan. */
  set(next: Zoom): void;
  /** Whether there is a picture and a stage to zoom. */
  ready(): boolean;
  stageSize(): Size;
  pictureSize(): Size;
  dpr(): number;
  dispose(): void;
}

export function zoomView(stage: HTMLElement, video: HTMLVideoElement, on: { zoom(zoom: Zoom): void }): ZoomView {
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

  return {
    get zoom() {
      return zoom;
    },
    set,
    ready,
    stageSize,
    pictureSize,
    dpr,
    dispose() {
      resize.disconnect();
      video.removeEventListener('resize', refit);
      video.removeEventListener('loadedmetadata', refit);
      window.removeEventListener('resize', refit);
    },
  };
}
