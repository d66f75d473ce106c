// SDP edits the viewer makes to its answer before it is sent. The host's encoder reads the
// answer's codec parameters, so this is how a receiver tells the sender where to start.

/**
 * WebRTC starts every connection's bandwidth estimate at 300 kbit/s and ramps up over seconds:
 * the first key frame of a 1280×720 page then crawls out in about a second, and an encoder that
 * keeps the frame rate shrinks the picture until the estimate catches up. Starting higher gives a
 * sharp first frame at once; on a slower link the estimate falls within the first second or two.
 */
export const START_BITRATE_KBPS = 2500;

const VIDEO_CODEC = /^a=rtpmap:(\d+) (VP8|VP9|AV1|H264|H265)\//i;
const FMTP = /^a=fmtp:(\d+) /;

/** Adds `x-google-start-bitrate` to every video codec of `sdp` (to its fmtp line, or on a new one). */
export function withStartBitrate(sdp: string, kbps = START_BITRATE_KBPS): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const param = `x-google-start-bitrate=${kbps}`;
  // Payload types are unique across the whole description, so one pass finds which have fmtp lines.
  const lines = sdp.split(eol);
  const codecs = new Set(lines.map((l) => VIDEO_CODEC.exec(l)?.[1]).filter((pt) => pt !== undefined));
  const withFmtp = new Set(lines.map((l) => FMTP.exec(l)?.[1]).filter((pt) => pt !== undefined));
  return lines
    .flatMap((line) => {
      const fmtp = FMTP.exec(line)?.[1];
      if (fmtp && codecs.has(fmtp) && !line.includes('x-google-start-bitrate=')) return [`${line};${param}`];
      const codec = VIDEO_CODEC.exec(line)?.[1];
      if (codec && !withFmtp.has(codec)) return [line, `a=fmtp:${codec} ${param}`];
      return [line];
    })
    .join(eol);
}
