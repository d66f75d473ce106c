// How the video is encoded for what is being shown. Pure: the host turns a Look into
// RTCRtpSender parameters and a track contentHint (src/offscreen/host/sending.ts applies them).
//
//   Text    sharp text and UI: ≤ 1080p, encoded as screen content (crisp edges, still areas cost nothing)
//   Motion  video and games: ≤ 720p, encoded as video (the motion hint), so a large source sends
//           fewer pixels and keeps its frame rate
//   Auto    Text, and Motion while a large part of a picture taller than 720 lines moves (a video)
//
// Neither ever shrinks the picture below that cap to save frames ('maintain-resolution'): a viewer
// came to read, and a bare tab-capture pipeline keeps full resolution too (docs/benchmarks.md).
// Both use the negotiated codec (VP8 in Chrome): VP9's software encoder cost two thirds of the
// frames on a 2-core machine, and a codec switch restarts the encoder (a blank first second).

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

// No bitrate cap of their own: the browser's default for the sent resolution (2.5 Mbit/s at 720p in
// Chrome) is what the bare pipeline gets too. A 6 Mbit/s cap for Text bought 30 fps instead of 24 on a
// playing video but cost ~20–70 ms of glass-to-glass latency on 2 cores (docs/benchmarks.md).
const LOOKS: Record<Look, { maxHeight: number; maxFramerate: number; hint: string }> = {
  text: { maxHeight: 1080, maxFramerate: 30, hint: 'detail' },
  motion: { maxHeight: 720, maxFramerate: 30, hint: 'motion' },
};

export interface VideoSending {
  /** The user's cap from Settings (bit/s), or undefined for the browser's default. */
  maxBitrate: number | undefined;
  maxFramerate: number;
  scaleResolutionDownBy: number;
  degradationPreference: RTCDegradationPreference;
  contentHint: string;
}

/** The sender settings for `look`, given the source's frame height and the user's caps. */
export function videoSending(look: Look, sourceHeight: number, limits: QualityLimits = NO_LIMITS): VideoSending {
  const base = LOOKS[look];
  const maxHeight = Math.min(base.maxHeight, limits.maxHeight ?? Infinity);
  return {
    maxBitrate: limits.maxBitrateKbps === null ? undefined : limits.maxBitrateKbps * 1000,
    maxFramerate: Math.min(base.maxFramerate, limits.maxFramerate ?? Infinity),
    // Only ever scale down; never ask the encoder to upscale a small source.
    scaleResolutionDownBy: sourceHeight > maxHeight ? sourceHeight / maxHeight : 1,
    // 'balanced' (the motion hint's default) and 'maintain-framerate' dropped a playing video to
    // 960×540 within seconds on a 2-core machine, where the bare pipeline kept 1280×720.
    degradationPreference: 'maintain-resolution',
    contentHint: base.hint,
  };
}

/**
 * What Auto shows, from whether the picture was moving in each of the last seconds (newest last)
 * and the source's height in lines.
 */
export function autoLook(current: Look, recentMoving: boolean[], sourceHeight: number): Look {
  // Motion only where it sends fewer lines. On a source of at most 720 lines the two looks differ
  // only in the encoder's content mode, which gained no frame on a playing video, while switching
  // restarts the encoder mid-stream and kept the viewer's jitter buffer ~20 ms longer for seconds
  // (docs/benchmarks.md).
  if (sourceHeight <= LOOKS.motion.maxHeight) return 'text';
  // Hysteresis: 3 moving seconds switch to Motion, 3 still ones back to Text, so scrolling a page
  // or a short animation does not flip the encoder back and forth.
  const last3 = recentMoving.slice(-3);
  if (last3.length < 3) return current;
  if (current === 'text' && last3.every(Boolean)) return 'motion';
  if (current === 'motion' && !last3.some(Boolean)) return 'text';
  return current;
}

/**
 * Average quantizer at or above which a second of video counts as moving. A document with a
 * spinner or a clock encodes at 2–40 (VP8's 0–127), a playing video at 95–106, in either look
 * (measured on tests/fixtures/document.html and video.html): unlike the frame rate of a tab
 * capture, which a small animation keeps at 30, the quantizer says how much of the picture moves.
 */
export const MOVING_QP = 60;

/** Whether the picture moved between two stats readings of the same viewers; null without frames. */
export function wasMoving(before: readonly EncoderReading[], after: readonly EncoderReading[]): boolean | null {
  const qps = after.flatMap((now) => {
    const then = before.find((b) => b.viewerId === now.viewerId);
    const frames = now.framesEncoded - (then?.framesEncoded ?? 0);
    return then && frames > 0 ? [(now.qpSum - then.qpSum) / frames] : [];
  });
  if (qps.length === 0) return null;
  return qps.reduce((a, b) => a + b, 0) / qps.length >= MOVING_QP;
}

/** What wasMoving reads of each viewer's encoder (a subset of SenderStats). */
export interface EncoderReading {
  viewerId: string;
  framesEncoded: number;
  qpSum: number;
}

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
