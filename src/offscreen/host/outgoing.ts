// What the share sends now: its tracks, whether it is paused, and how its picture is tuned. The
// viewers' own connections (sending.ts) and the media server's room (media-server.ts) read it.
import { lookFor, shareLook, videoSending } from '../../shared/quality';
import type { Look, Preset, QualityLimits, VideoSending, ViewerPreference } from '../../shared/quality';

export interface Outgoing {
  video: MediaStreamTrack;
  audio: MediaStreamTrack | null;
  paused: boolean;
  preset: Preset;
  /** What Auto currently sees in the source. */
  autoLook: Look;
  /** The look for a wish (Sharper, Smoother, or the share's own). */
  lookFor(preference: ViewerPreference): Look;
  /** The encoding of a look for the current source. */
  sendingFor(look: Look): VideoSending;
}

export function createOutgoing(start: {
  video: MediaStreamTrack;
  audio: MediaStreamTrack | null;
  preset: Preset;
  limits: QualityLimits;
}): Outgoing {
  const out: Outgoing = {
    video: start.video,
    audio: start.audio,
    paused: false,
    preset: start.preset,
    autoLook: 'text',
    lookFor: (preference) => lookFor(preference, shareLook(out.preset, out.autoLook)),
    sendingFor: (look) => videoSending(look, out.video.getSettings().height ?? 0, start.limits),
  };
  return out;
}
