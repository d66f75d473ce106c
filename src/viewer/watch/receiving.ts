// What the viewer does with a media connection's receivers, the host's or the media server's.

/** Asks the receiver to play frames as soon as they are decodable (Chrome 114+; older browsers ignore it). */
export function lowLatency(receiver: RTCRtpReceiver): void {
  (receiver as RTCRtpReceiver & { jitterBufferTarget?: number | null }).jitterBufferTarget = 0;
}

/** Video frames a connection has decoded so far (0 without one, or once it is closed). */
export async function framesDecoded(pc: RTCPeerConnection | undefined): Promise<number> {
  let frames = 0;
  try {
    (await pc?.getStats())?.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
  } catch {
    // a closed connection: nothing plays on it
  }
  return frames;
}
