// Redeems a tabCapture stream ID, and keeps the tab audible for the person sharing
// (Chrome mutes a captured tab unless something plays its audio back).

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

export async function captureTab(streamId: string, tabSize: { width: number; height: number } | null): Promise<MediaStream> {
  const { width, height } = captureSize(tabSize);
  // Chrome's legacy `mandatory` constraints are the only way to name a tab-capture source.
  const source = { chromeMediaSource: 'tab', chromeMediaSourceId: streamId };
  const constraints = {
    video: { mandatory: { ...source, maxWidth: width, maxHeight: height, maxFrameRate: MAX_FRAME_RATE } },
    audio: { mandatory: source },
  } as unknown as MediaStreamConstraints;
  return navigator.mediaDevices.getUserMedia(constraints);
}

/** Plays the captured audio locally; returns a function that stops playback. */
export function playLocally(stream: MediaStream): () => void {
  if (stream.getAudioTracks().length === 0) return () => undefined;
  const context = new AudioContext();
  context.createMediaStreamSource(stream).connect(context.destination);
  return () => void context.close();
}

export function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
