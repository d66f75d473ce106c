// Opens a share's sources in the offscreen document: a tab (stream ID granted by the background),
// Chrome's picker for a screen, window or tab, the camera, the microphone. Browser refusals
// become AppErrors the popup can put into words.
//
// The picker is getDisplayMedia here, not chrome.desktopCapture: a desktopCapture stream ID is
// bound to one tab's frame (from a service worker it needs a target tab), so the offscreen
// document could never redeem it; getDisplayMedia in an offscreen document needs no user
// gesture and offers tab audio (both tried in a prototype, 2026-11-25).
import { AppError, type ErrorCode } from '../shared/errors';
import type { SourceRequest } from '../shared/protocol';

const MAX_FRAME_RATE = 30;

/**
 * Chrome scales a tab capture up to the maximum it is given, so ask for the tab's own size
 * (sharp text, no wasted pixels), scaled down to fit 1920×1080 when the tab is larger.
 */
export function captureSize(tab: { width: number; height: number } | null): { width: number; height: number } {
  if (!tab) return { width: 1280, height: 720 };
  const scale = Math.min(1, 1920 / tab.width, 1080 / tab.height);
  // Even dimensions: the video encoder's chroma planes are half size.
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(tab.width), height: even(tab.height) };
}

/** getUserMedia constraints for a source. Chrome's legacy `mandatory` form is the only way to name a stream ID. */
export function sourceConstraints(source: Exclude<SourceRequest, { kind: 'picked' }>): MediaStreamConstraints {
  switch (source.kind) {
    case 'tab': {
      const { width, height } = captureSize(source.size);
      const id = { chromeMediaSource: 'tab', chromeMediaSourceId: source.streamId };
      return {
        video: { mandatory: { ...id, maxWidth: width, maxHeight: height, maxFrameRate: MAX_FRAME_RATE } },
        audio: { mandatory: id },
      } as unknown as MediaStreamConstraints;
    }
    case 'camera':
      return {
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: MAX_FRAME_RATE } },
        audio: false,
      };
  }
}

/** Chrome's picker: any screen, window or tab, with its sound when the user leaves "share audio" on. */
export const PICKER_OPTIONS = {
  video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { max: MAX_FRAME_RATE } },
  audio: true,
  systemAudio: 'include',
  surfaceSwitching: 'include',
} as DisplayMediaStreamOptions;

export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream>;
}

export async function openSource(
  source: SourceRequest,
  devices: MediaDevicesLike = navigator.mediaDevices,
): Promise<MediaStream> {
  try {
    return source.kind === 'picked'
      ? await devices.getDisplayMedia(PICKER_OPTIONS)
      : await devices.getUserMedia(sourceConstraints(source));
  } catch (error) {
    // Closing the picker is the user's NotAllowedError: a choice, not a failure.
    if (source.kind === 'picked' && (error as Error | null)?.name === 'NotAllowedError')
      throw new AppError('cancelled');
    throw mediaError(error, source.kind === 'camera' ? 'camera' : null);
  }
}

/** The microphone, with the browser's echo cancellation (the sharer may hear the tab on speakers). */
export async function openMicrophone(
  getUserMedia = (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c),
): Promise<MediaStream> {
  try {
    return await getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video: false });
  } catch (error) {
    throw mediaError(error, 'mic');
  }
}

/**
 * The offscreen document cannot show a permission prompt, so a device it was never granted
 * fails with NotAllowedError; the popup then sends the user to the settings page to allow it.
 */
export function mediaError(error: unknown, device: 'mic' | 'camera' | null): AppError {
  // DOMException is an Error.
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (device) {
    if (name === 'NotAllowedError' || name === 'SecurityError') return new AppError(`${device}-denied` as ErrorCode);
    if (name === 'NotFoundError' || name === 'OverconstrainedError')
      return new AppError(`${device}-missing` as ErrorCode);
  }
  return new AppError('capture-failed', message || name);
}

export function stopTracks(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
