// Redeems a tabCapture stream ID, and keeps the tab audible for the person sharing
// (Chrome mutes a captured tab unless something plays its audio back).

/** Upper bound on what we ask Chrome to capture; the tab's own size usually decides. */
const MAX_WIDTH = 1920;
const MAX_HEIGHT = 1080;
const MAX_FRAME_RATE = 30;

export async function captureTab(streamId: string): Promise<MediaStream> {
  // Chrome's legacy `mandatory` constraints are the only way to name a tab-capture source.
  const source = { chromeMediaSource: 'tab', chromeMediaSourceId: streamId };
  const constraints = {
    video: { mandatory: { ...source, maxWidth: MAX_WIDTH, maxHeight: MAX_HEIGHT, maxFrameRate: MAX_FRAME_RATE } },
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
