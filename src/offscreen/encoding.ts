// Puts a look's encoding (src/shared/quality.ts videoSending) on a video sender and its track:
// the same for a viewer's own connection (host/sending.ts) and the media server's room (host/server-room.ts).
import type { VideoSending } from '../shared/quality';

/** Resolves false when the browser refused the parameters or the sender has no encoding yet (the caller may try again later). */
export async function applySending(
  sender: RTCRtpSender,
  track: MediaStreamTrack | null,
  want: VideoSending,
): Promise<boolean> {
  if (track) track.contentHint = want.contentHint;
  const params = sender.getParameters();
  if (params.encodings.length === 0) return false;
  const encodings = params.encodings.map(({ maxBitrate: _old, ...e }) => ({
    ...e,
    ...(want.maxBitrate === undefined ? {} : { maxBitrate: want.maxBitrate }),
    maxFramerate: want.maxFramerate,
    scaleResolutionDownBy: want.scaleResolutionDownBy,
  }));
  return sender.setParameters({ ...params, degradationPreference: want.degradationPreference, encodings }).then(
    () => true,
    () => false,
  );
}

/** Whether two encodings are the same in every field applySending sets. */
export function sameSending(a: VideoSending, b: VideoSending): boolean {
  return (Object.keys(a) as (keyof VideoSending)[]).every((key) => a[key] === b[key]);
}
