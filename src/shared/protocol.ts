// Every message between extension contexts, declared once. Adding an entry forces a handler
// in the receiving context (serve() takes a Handlers<Target>) and types every request() call.
import type { EndReason, Viewer } from './session';
import type { BrokerSettings, IceServer } from './settings';

/** The tab to share, as the toolbar click or the popup saw it. */
export interface TabInfo {
  id: number;
  url?: string;
  /** CSS pixels of the tab's content area: the capture keeps this size (up to 1080p). */
  width?: number;
  height?: number;
}

export interface HostStart {
  streamId: string;
  size: { width: number; height: number } | null;
  peerId: string;
  secret: string;
  broker: BrokerSettings | null;
  iceServers: IceServer[] | null;
  askToJoin: boolean;
  maxViewers: number;
  /** The host ends the share itself at this time (Date.now() clock), or never. */
  expiresAt: number | null;
}

/** What the encoder is doing for one viewer (RTCStatsReport outbound-rtp, video). */
export interface SenderStats {
  viewerId: string;
  timestamp: number;
  bytesSent: number;
  framesEncoded: number;
  frameWidth: number;
  frameHeight: number;
  framesPerSecond: number;
  qualityLimitationReason: string;
}

export interface Protocol {
  /** The service worker: owns the Session. */
  background: {
    'share/start': { req: TabInfo; res: void };
    'share/stop': { req: Record<string, never>; res: void };
    'share/dismiss': { req: Record<string, never>; res: void };
    'share/lock': { req: { locked: boolean }; res: void };
    'share/pause': { req: { paused: boolean }; res: void };
    'viewer/admit': { req: { id: string; allow: boolean }; res: void };
    'viewer/kick': { req: { id: string }; res: void };
    'host/viewers': { req: { viewers: Viewer[] }; res: void };
    'host/ended': { req: { reason: EndReason }; res: void };
    'host/broker': { req: { online: boolean }; res: void };
  };
  /** The offscreen document: owns the MediaStream and the PeerJS host for one share. */
  offscreen: {
    'host/start': { req: HostStart; res: void };
    'host/stop': { req: { reason: EndReason }; res: void };
    'host/lock': { req: { locked: boolean }; res: void };
    'host/pause': { req: { paused: boolean }; res: void };
    'host/admit': { req: { id: string; allow: boolean }; res: void };
    'host/kick': { req: { id: string }; res: void };
    /** Encoder figures per viewer, for the benchmark now and a stats view later. */
    'host/stats': { req: Record<string, never>; res: SenderStats[] };
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
