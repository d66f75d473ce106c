// What a host's video sender is doing, read the same way for both pipelines and without any help from
// them: the offscreen document's live RTCPeerConnections found through the DevTools protocol
// (Runtime.queryObjects), and from each one sending video, the figures that say why it sends what it
// sends: the encoder's target and the network estimate, the source's frame rate, round trip and loss.
import type { Browser } from 'puppeteer-core';

export interface VideoSenderDiagnostics {
  /** Encoder: its bitrate target (bit/s), frames encoded / sent, big frames, quantizer sum, limitation. */
  targetBitrate?: number;
  framesEncoded?: number;
  framesSent?: number;
  hugeFramesSent?: number;
  framesPerSecond?: number;
  frameWidth?: number;
  frameHeight?: number;
  qpSum?: number;
  bytesSent?: number;
  totalEncodeTime?: number;
  totalPacketSendDelay?: number;
  packetsSent?: number;
  qualityLimitationReason?: string;
  qualityLimitationDurations?: Record<string, number>;
  nackCount?: number;
  pliCount?: number;
  firCount?: number;
  /** The captured track: frames a second it delivers to the sender. */
  sourceFps?: number;
  sourceFrames?: number;
  /** The selected candidate pair: the congestion controller's estimate (bit/s) and round trip (s). */
  availableOutgoingBitrate?: number;
  currentRoundTripTime?: number;
  /** What the viewer reports back (RTCP): round trip (s), loss, jitter (s). */
  remoteRoundTripTime?: number;
  fractionLost?: number;
  remoteJitter?: number;
  timestamp?: number;
}

// Runs on the array of RTCPeerConnections queryObjects found. No named helpers: it is sent as text.
const READ = `async function () {
  const out = [];
  for (const pc of this) {
    if (pc.signalingState === 'closed' || pc.connectionState === 'closed') continue;
    const report = await pc.getStats();
    const all = [...report.values()];
    const rtp = all.find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
    if (!rtp) continue;
    const source = all.find((s) => s.type === 'media-source' && s.kind === 'video');
    const transport = all.find((s) => s.type === 'transport');
    const pair = (transport && report.get(transport.selectedCandidatePairId)) || all.find((s) => s.type === 'candidate-pair' && s.nominated);
    const remote = all.find((s) => s.type === 'remote-inbound-rtp' && s.kind === 'video');
    const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o && o[k] !== undefined).map((k) => [k, o[k]]));
    out.push({
      ...pick(rtp, ['targetBitrate', 'framesEncoded', 'framesSent', 'hugeFramesSent', 'framesPerSecond', 'frameWidth', 'frameHeight', 'qpSum', 'bytesSent', 'totalEncodeTime', 'totalPacketSendDelay', 'packetsSent', 'qualityLimitationReason', 'qualityLimitationDurations', 'nackCount', 'pliCount', 'firCount', 'timestamp']),
      ...(source ? { sourceFps: source.framesPerSecond, sourceFrames: source.frames } : {}),
      ...(pair ? { availableOutgoingBitrate: pair.availableOutgoingBitrate, currentRoundTripTime: pair.currentRoundTripTime } : {}),
      ...(remote ? { remoteRoundTripTime: remote.roundTripTime, fractionLost: remote.fractionLost, remoteJitter: remote.jitter } : {}),
    });
  }
  return out;
}`;

/** Every live video sender of the host's offscreen document (TabBeam's or the bare pipeline's). */
export async function videoSenderDiagnostics(host: Browser): Promise<VideoSenderDiagnostics[]> {
  const target = host.targets().find((t) => /\/offscreen(\/|\.html)/.test(t.url()));
  if (!target) return [];
  const cdp = await target.createCDPSession();
  try {
    const proto = await cdp.send('Runtime.evaluate', { expression: 'RTCPeerConnection.prototype' });
    if (!proto.result.objectId) return [];
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId!,
      functionDeclaration: READ,
      awaitPromise: true,
      returnByValue: true,
    });
    return (result.value ?? []) as VideoSenderDiagnostics[];
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
