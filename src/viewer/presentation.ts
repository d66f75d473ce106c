// Fullscreen and picture-in-picture with the fallbacks Safari needs: on iPhone only the video
// element goes fullscreen (webkitEnterFullscreen), and older Safari has only webkitSetPresentationMode.

type WebkitVideo = HTMLVideoElement & {
  webkitEnterFullscreen?: () => void;
  webkitSupportsPresentationMode?: (mode: string) => boolean;
  webkitSetPresentationMode?: (mode: 'inline' | 'picture-in-picture' | 'fullscreen') => void;
  webkitPresentationMode?: string;
};
type WebkitElement = HTMLElement & { webkitRequestFullscreen?: () => Promise<void> | void };
type WebkitDocument = Document & { webkitFullscreenElement?: Element | null; webkitExitFullscreen?: () => void };

export function fullscreenElement(): Element | null {
  const doc = document as WebkitDocument;
  return doc.fullscreenElement ?? doc.webkitFullscreenElement ?? null;
}

/** Fullscreen on the whole viewer (the picture with its controls), or the video alone where that is all there is. */
export async function toggleFullscreen(root: HTMLElement, video: HTMLVideoElement): Promise<void> {
  const doc = document as WebkitDocument;
  if (fullscreenElement()) {
    await (doc.exitFullscreen ? doc.exitFullscreen() : doc.webkitExitFullscreen?.());
    return;
  }
  const el = root as WebkitElement;
  try {
    if (el.requestFullscreen) return await el.requestFullscreen({ navigationUI: 'hide' });
    if (el.webkitRequestFullscreen) return await el.webkitRequestFullscreen();
  } catch {
    // refused (e.g. no user gesture): try the video's own fullscreen below, where there is one
  }
  (video as WebkitVideo).webkitEnterFullscreen?.();
}

export function fullscreenSupported(video: HTMLVideoElement | null): boolean {
  const doc = document as Document & { webkitFullscreenEnabled?: boolean };
  return !!(
    doc.fullscreenEnabled ||
    doc.webkitFullscreenEnabled ||
    (video as WebkitVideo | null)?.webkitEnterFullscreen
  );
}

export function inPictureInPicture(video: HTMLVideoElement | null): boolean {
  return (
    !!video &&
    (document.pictureInPictureElement === video ||
      (video as WebkitVideo).webkitPresentationMode === 'picture-in-picture')
  );
}

export function pipSupported(video: HTMLVideoElement | null): boolean {
  const v = video as WebkitVideo | null;
  return !!(document.pictureInPictureEnabled || v?.webkitSupportsPresentationMode?.('picture-in-picture'));
}

export async function togglePictureInPicture(video: HTMLVideoElement): Promise<void> {
  const v = video as WebkitVideo;
  if (inPictureInPicture(video)) {
    if (document.pictureInPictureElement) return document.exitPictureInPicture();
    return v.webkitSetPresentationMode?.('inline');
  }
  try {
    if (document.pictureInPictureEnabled && video.requestPictureInPicture) {
      await video.requestPictureInPicture();
      return;
    }
  } catch {
    // refused: Safari's own call below, where there is one
  }
  if (v.webkitSupportsPresentationMode?.('picture-in-picture')) v.webkitSetPresentationMode?.('picture-in-picture');
}
