// Every message between extension contexts, declared once. Adding an entry forces a handler
// in the receiving context (serve() takes a Handlers<Target>) and types every request() call.
import type { ControlMessages } from './controls';
import type { Look, Preset, QualityLimits } from './quality';
import type { Departure, EndReason, ServerState, Viewer } from './session';
import type { BrokerSettings, IceServer, MediaServer } from './settings';

/** The tab to share, as the toolbar click or the popup saw it. */
export interface TabInfo {
  id: number;
  url?: string;
  /** CSS pixels of the tab's content area: the capture keeps this size (up to 1080p). */
  width?: number;
  height?: number;
}

/** What the user asked to show: the popup, the toolbar, the context menu or a shortcut. */
export type SourceChoice = { kind: 'tab'; tab: TabInfo } | { kind: 'picked' } | { kind: 'camera' };

/** A source the offscreen document can open: stream IDs are granted by the background. */
export type SourceRequest =
  /** `tabId`: the shared tab, whose overlay (pointing) the offscreen host accepts. */
  | { kind: 'tab'; tabId: number; streamId: string; size: { width: number; height: number } | null }
  /** The offscreen document opens Chrome's picker itself (getDisplayMedia). */
  | { kind: 'picked' }
  | { kind: 'camera' };

export interface HostStart {
  source: SourceRequest;
  peerId: string;
  secret: string;
  broker: BrokerSettings | null;
  iceServers: IceServer[] | null;
  /** The Janus server for viewers beyond its threshold (settings.ts MediaServer), or null: peer to peer only. */
  mediaServer: MediaServer | null;
  askToJoin: boolean;
  maxViewers: number;
  /** The host ends the share itself at this time (Date.now() clock), or never. */
  expiresAt: number | null;
  quality: Preset;
  limits: QualityLimits;
  /** Viewers may point (the sharer switches it in the popup). */
  pointing: boolean;
  /** Viewers get the shared page's text (the live text layer; the sharer switches it in the popup). */
  copying: boolean;
  /** The sharer's own input in the shared tab takes control back from a viewer (Settings: controlYieldsToSharer). */
  controlYieldsToSharer: boolean;
}

/** What the encoder is doing for one viewer: outbound-rtp video stats and the sender's parameters. */
export interface SenderStats {
  viewerId: string;
  look: Look;
  /** Negotiated codec in use, e.g. "video/VP8" ('' before the first frame). */
  codec: string;
  maxBitrate: number | null;
  maxFramerate: number | null;
  scaleResolutionDownBy: number | null;
  degradationPreference: string | null;
  contentHint: string;
  timestamp: number;
  bytesSent: number;
  framesEncoded: number;
  /** Sum of the encoder's quantizer over framesEncoded (VP8: 0–127; higher is coarser). */
  qpSum: number;
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number;
  qualityLimitationReason: string;
}

export interface Protocol {
  /** The service worker: owns the Session. The popup's controls ('control/lock'…) go on to the offscreen host. */
  background: ControlMessages & {
    /** Idle: start sharing this source. Live: show it instead, without viewers reconnecting. */
    'share/source': { req: SourceChoice; res: void };
    'share/stop': { req: Record<string, never>; res: void };
    'share/dismiss': { req: Record<string, never>; res: void };
    /** Who is watching or waiting, and which waiting viewers just left before the host answered. */
    'host/viewers': { req: { viewers: Viewer[]; left?: Departure[] }; res: void };
    'host/ended': { req: { reason: EndReason }; res: void };
    'host/broker': { req: { online: boolean }; res: void };
    'host/server': { req: { state: ServerState }; res: void };
    /** The source delivered no frame for a second: still, or its tab crashed (the background checks). */
    'host/still': { req: Record<string, never>; res: void };
  };
  /** The offscreen document: owns the MediaStream and the PeerJS host for one share, which carries out the controls. */
  offscreen: ControlMessages & {
    'host/start': { req: HostStart; res: void };
    'host/stop': { req: { reason: EndReason }; res: void };
    'host/source': { req: SourceRequest; res: void };
    /** Encoder figures per viewer, for the benchmark now and a stats view later. */
    'host/stats': { req: Record<string, never>; res: SenderStats[] };
    /** Remote-control input dropped so far (not the controlling viewer's, or over its rates). */
    'host/control-stats': { req: Record<string, never>; res: { dropped: number } };
    'clipboard/write': { req: { text: string }; res: void };
  };
}

export type Target = keyof Protocol;
export type MessageType<T extends Target> = keyof Protocol[T] & string;
export type Req<T extends Target, K extends MessageType<T>> = Protocol[T][K] extends { req: infer R } ? R : never;
export type Res<T extends Target, K extends MessageType<T>> = Protocol[T][K] extends { res: infer R } ? R : never;

export type Handlers<T extends Target> = {
  [K in MessageType<T>]: (req: Req<T, K>) => Promise<Res<T, K>> | Res<T, K>;
};

export interface Envelope {
  to: Target;
  type: string;
  payload: unknown;
}
