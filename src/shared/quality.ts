// How the video is encoded for what is being shown. Pure: the host turns a Look into
// RTCRtpSender parameters and a track contentHint (src/offscreen/share-host.ts applies them).
//
//   Text    sharp text and UI: full resolution (≤ 1080p), fewer frames, more bits, VP9 when negotiated
//   Motion  video and games: full frame rate, ≤ 720p, the encoder drops detail before frames
//   Auto    Motion while the source keeps changing (a playing video), Text while it is still

export type Preset = 'auto' | 'text' | 'motion';
export type Look = 'text' | 'motion';
export const PRESETS: readonly Preset[] = ['auto', 'text', 'motion'];

/** Manual caps from the options page; null keeps the preset's own value. */
export interface QualityLimits {
  maxHeight: number | null;
  maxFramerate: number | null;
  maxBitrateKbps: number | null;
}

export const NO_LIMITS: QualityLimits = { maxHeight: null, maxFramerate: null, maxBitrateKbps: null };

const LOOKS: Record<Look, { maxHeight: number; maxFramerate: number; maxBitrateKbps: number; degradation: RTCDegradationPreference; hint: string }> = {
  text: { maxHeight: 1080, maxFramerate: 15, maxBitrateKbps: 4000, degradation: 'maintain-resolution', hint: 'detail' },
  motion: { maxHeight: 720, maxFramerate: 30, maxBitrateKbps: 2500, degradation: 'maintain-framerate', hint: 'motion' },
};

export interface VideoSending {
  maxBitrate: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
  degradationPreference: RTCDegradationPreference;
  contentHint: string;
  /** Preferred codec (mime type) when the connection negotiated it; otherwise the negotiated default. */
  codec: 'video/VP9' | 'video/VP8';
}

/** The sender settings for `look`, given the source's frame height and the user's caps. */
export function videoSending(look: Look, sourceHeight: number, limits: QualityLimits = NO_LIMITS): VideoSending {
  const base = LOOKS[look];
  const maxHeight = Math.min(base.maxHeight, limits.maxHeight ?? Infinity);
  return {
    maxBitrate: Math.min(base.maxBitrateKbps, limits.maxBitrateKbps ?? Infinity) * 1000,
    maxFramerate: Math.min(base.maxFramerate, limits.maxFramerate ?? Infinity),
    // Only ever scale down; never ask the encoder to upscale a small source.
    scaleResolutionDownBy: sourceHeight > maxHeight ? sourceHeight / maxHeight : 1,
    degradationPreference: base.degradation,
    contentHint: base.hint,
    // VP9's screen-content mode keeps text crisp at lower bitrates; for motion the cheaper VP8 keeps up.
    codec: look === 'text' ? 'video/VP9' : 'video/VP8',
  };
}

/** What Auto shows: frames per second the source delivered over the last seconds, newest last. */
export function autoLook(current: Look, recentFps: number[]): Look {
  // Hysteresis: 2 busy seconds switch to Motion, 3 still seconds switch back to Text,
  // so scrolling a page or a short animation does not flip the encoder back and forth.
  const last = (n: number) => recentFps.slice(-n);
  if (current === 'text' && recentFps.length >= 2 && last(2).every((fps) => fps >= MOVING_FPS)) return 'motion';
  if (current === 'motion' && recentFps.length >= 3 && last(3).every((fps) => fps < MOVING_FPS)) return 'text';
  return current;
}

/** A tab delivers frames only when it changes: this many per second means things are moving. */
export const MOVING_FPS = 10;

/** What a viewer may ask for on its own connection (wire message "prefer"). */
export type ViewerPreference = 'auto' | 'sharper' | 'smoother';
export const PREFERENCES: readonly ViewerPreference[] = ['auto', 'sharper', 'smoother'];

/** The look one viewer gets: its own request if any, else the share's. */
export function lookFor(preference: ViewerPreference, shareLook: Look): Look {
  return preference === 'sharper' ? 'text' : preference === 'smoother' ? 'motion' : shareLook;
}

/** The share's look from its preset and, for Auto, what the source is doing. */
export function shareLook(preset: Preset, autoState: Look): Look {
  return preset === 'auto' ? autoState : preset;
}
