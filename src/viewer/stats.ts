// The figures of the stats overlay, from the media connection's RTCStatsReport: pure, no DOM.
// Rates (bitrate, loss, jitter-buffer delay) are over the time since the previous report.
import { formatNumber } from '../shared/i18n/format';
import type { MediaRoute } from '../shared/wire';

/** What the summary needs of an RTCStatsReport (a Map of stats objects by id); a Map fits. */
export interface StatsReportLike {
  forEach(callback: (value: Record<string, unknown>, key: string) => void): void;
  get(id: string): Record<string, unknown> | undefined;
}

/** The counters the next summary takes differences from. */
export interface StatsSample {
  /** Report time (ms). */
  at: number;
  bytes: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
}

export type Route = 'direct' | 'relay';
/** How this end reaches its TURN server, when it is relayed: RTCIceCandidateStats.relayProtocol. */
export type RelayProtocol = 'udp' | 'tcp' | 'tls';
const RELAY_PROTOCOLS: readonly string[] = ['udp', 'tcp', 'tls'] satisfies RelayProtocol[];

export interface StatsSummary {
  width: number | null;
  height: number | null;
  fps: number | null;
  /** Video and audio together, kbit/s. */
  bitrateKbps: number | null;
  /** 'VP8', 'VP9', 'H264', 'AV1'… */
  codec: string | null;
  rttMs: number | null;
  /** Of the video packets since the previous report (or since the start, on the first). */
  lossPercent: number | null;
  /** Average time a video frame waited in the jitter buffer. */
  jitterBufferMs: number | null;
  /** 'relay' when either end of the selected candidate pair is a TURN relay. */
  route: Route | null;
  /** The selected pair's candidate types, local then remote: 'host', 'srflx', 'prflx', 'relay'. */
  candidates: [string, string] | null;
  /**
   * This end's own relay: how it reaches the TURN server ('tls' through a firewall that lets only
   * HTTPS out). null when this end is not relayed (the other end may be) or the browser does not say.
   */
  relayProtocol: RelayProtocol | null;
  /** Hand to the next call. */
  sample: StatsSample | null;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function summarizeStats(report: StatsReportLike, previous: StatsSample | null = null): StatsSummary {
  let video: Record<string, unknown> | undefined;
  let audioBytes = 0;
  let transport: Record<string, unknown> | undefined;
  const pairs: Record<string, unknown>[] = [];
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp') {
      const kind = stat.kind ?? stat.mediaType;
      // The video stream that carries the picture: the one with the most bytes, should there be two.
      if (kind === 'video' && (num(stat.bytesReceived) ?? 0) >= (num(video?.bytesReceived) ?? -1)) video = stat;
      if (kind === 'audio') audioBytes += num(stat.bytesReceived) ?? 0;
    } else if (stat.type === 'transport' && str(stat.selectedCandidatePairId)) transport = stat;
    else if (stat.type === 'candidate-pair') pairs.push(stat);
  });

  // The selected pair: named by the transport (Chromium), flagged `selected` (Firefox), or else the nominated, working one.
  const pair =
    (transport && report.get(String(transport.selectedCandidatePairId))) ||
    pairs.find((p) => p.selected === true) ||
    pairs.find((p) => p.nominated === true && p.state === 'succeeded');
  const localCandidate = pair && report.get(String(pair.localCandidateId));
  const local = str(localCandidate?.candidateType);
  const remote = pair && str(report.get(String(pair.remoteCandidateId))?.candidateType);
  const candidates: [string, string] | null = local && remote ? [local, remote] : null;
  const rtt = num(pair?.currentRoundTripTime);
  const protocol = local === 'relay' ? str(localCandidate?.relayProtocol) : null;

  const summary: StatsSummary = {
    width: null,
    height: null,
    fps: null,
    bitrateKbps: null,
    codec: null,
    rttMs: rtt === null ? null : rtt * 1000,
    lossPercent: null,
    jitterBufferMs: null,
    route: candidates ? (candidates.includes('relay') ? 'relay' : 'direct') : null,
    candidates,
    relayProtocol: protocol && RELAY_PROTOCOLS.includes(protocol) ? (protocol as RelayProtocol) : null,
    sample: null,
  };
  if (!video) return summary;

  const mime = str(video.codecId ? report.get(String(video.codecId))?.mimeType : null);
  summary.codec = mime ? mime.replace(/^video\//i, '') : null;
  summary.width = num(video.frameWidth);
  summary.height = num(video.frameHeight);
  const sample: StatsSample = {
    at: num(video.timestamp) ?? 0,
    bytes: (num(video.bytesReceived) ?? 0) + audioBytes,
    packetsReceived: num(video.packetsReceived) ?? 0,
    packetsLost: Math.max(0, num(video.packetsLost) ?? 0),
    framesDecoded: num(video.framesDecoded) ?? 0,
    jitterBufferDelay: num(video.jitterBufferDelay) ?? 0,
    jitterBufferEmittedCount: num(video.jitterBufferEmittedCount) ?? 0,
  };
  summary.sample = sample;
  // Differences from the previous report, or from the start when there is none (or the counters went back: a new connection).
  const base = previous && previous.at < sample.at && previous.bytes <= sample.bytes ? previous : null;
  const seconds = base ? (sample.at - base.at) / 1000 : 0;
  const delta = (key: keyof StatsSample) => sample[key] - (base ? base[key] : 0);

  summary.fps = num(video.framesPerSecond) ?? (seconds > 0 ? delta('framesDecoded') / seconds : null);
  if (seconds > 0) summary.bitrateKbps = (delta('bytes') * 8) / 1000 / seconds;
  const packets = delta('packetsReceived') + delta('packetsLost');
  if (packets > 0) summary.lossPercent = (100 * delta('packetsLost')) / packets;
  else if (base) summary.lossPercent = 0;
  const emitted = delta('jitterBufferEmittedCount');
  if (emitted > 0) summary.jitterBufferMs = (1000 * delta('jitterBufferDelay')) / emitted;
  return summary;
}

/** The words around the figures (the catalogue's viewer.stats). */
export interface StatsWords {
  resolution: string;
  fps: string;
  bitrate: string;
  codec: string;
  rtt: string;
  loss: string;
  jitterBuffer: string;
  connection: string;
  direct: string;
  /** Relayed by a TURN server (over UDP, or the browser does not say how). */
  relay: string;
  relayTcp: string;
  relayTls: string;
  /** The picture comes through the share's media server. */
  server: string;
  unknown: string;
}

/**
 * The overlay's rows: [label, value], a dash where a figure is not known yet. Figures are written
 * the `locale`'s way (Intl.NumberFormat); units are symbols, the same in every language.
 */
export function statsRows(
  s: StatsSummary,
  words: StatsWords,
  locale: string,
  via: MediaRoute = 'direct',
): [string, string][] {
  const or = (value: number | null, show: (n: number) => string) => (value === null ? words.unknown : show(value));
  const n = (value: number, digits = 0) => formatNumber(locale, value, digits);
  const way: Record<RouteName, string> = {
    direct: words.direct,
    relay: words.relay,
    'relay-udp': words.relay,
    'relay-tcp': words.relayTcp,
    'relay-tls': words.relayTls,
  };
  const name = routeName(s);
  const path = name && s.candidates ? `${way[name]} (${s.candidates.join(' ↔ ')})` : words.unknown;
  const route = via === 'server' ? `${words.server} · ${path}` : path;
  return [
    // Pixels, not a quantity: no thousands separator (1920×1080).
    [words.resolution, s.width && s.height ? `${s.width}×${s.height}` : words.unknown],
    [words.fps, or(s.fps, (fps) => `${n(fps, fps < 10 ? 1 : 0)} fps`)],
    [words.bitrate, or(s.bitrateKbps, (kbps) => (kbps >= 1000 ? `${n(kbps / 1000, 2)} Mbit/s` : `${n(kbps)} kbit/s`))],
    [words.codec, s.codec ?? words.unknown],
    [words.rtt, or(s.rttMs, (ms) => `${n(ms)} ms`)],
    [words.loss, or(s.lossPercent, (loss) => `${n(loss, loss > 0 && loss < 10 ? 1 : 0)} %`)],
    [words.jitterBuffer, or(s.jitterBufferMs, (ms) => `${n(ms)} ms`)],
    [words.connection, route],
  ];
}

/** The route as one stable name, for the page's `data-route` (tests read it, never the words). */
export type RouteName = 'direct' | 'relay' | `relay-${RelayProtocol}`;

export function routeName(s: Pick<StatsSummary, 'route' | 'relayProtocol'>): RouteName | null {
  if (s.route !== 'relay') return s.route;
  return s.relayProtocol ? `relay-${s.relayProtocol}` : 'relay';
}
