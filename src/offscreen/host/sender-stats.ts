// One sender's figures for the popup's stats: its settings and what its encoder reports.
import type { SenderStats } from '../../shared/protocol';
import type { Look } from '../../shared/quality';

/** The media server's room in stats(): it sends once for every viewer on it. */
export const SERVER_VIEWER_ID = 'media-server';

export function senderStats(
  viewerId: string,
  sender: RTCRtpSender | undefined,
  look: Look,
  contentHint: string,
  report: RTCStatsReport,
): SenderStats {
  const params = sender?.getParameters();
  const encoding = params?.encodings[0];
  const stats: SenderStats = {
    viewerId,
    look,
    codec: '',
    maxBitrate: encoding?.maxBitrate ?? null,
    maxFramerate: encoding?.maxFramerate ?? null,
    scaleResolutionDownBy: encoding?.scaleResolutionDownBy ?? null,
    degradationPreference: params?.degradationPreference ?? null,
    contentHint,
    timestamp: 0,
    bytesSent: 0,
    framesEncoded: 0,
    qpSum: 0,
    frameWidth: 0,
    frameHeight: 0,
    framesPerSecond: 0,
    qualityLimitationReason: 'none',
  };
  report.forEach((entry: RTCOutboundRtpStreamStats & { type: string }) => {
    if (entry.type !== 'outbound-rtp' || entry.kind !== 'video') return;
    const codec = entry.codecId ? (report.get(entry.codecId) as { mimeType?: string } | undefined) : undefined;
    stats.codec = codec?.mimeType ?? '';
    Object.assign(stats, {
      timestamp: entry.timestamp,
      bytesSent: entry.bytesSent ?? 0,
      framesEncoded: entry.framesEncoded ?? 0,
      qpSum: entry.qpSum ?? 0,
      frameWidth: entry.frameWidth ?? 0,
      frameHeight: entry.frameHeight ?? 0,
      framesPerSecond: entry.framesPerSecond ?? 0,
      qualityLimitationReason: entry.qualityLimitationReason ?? 'none',
    });
  });
  return stats;
}
