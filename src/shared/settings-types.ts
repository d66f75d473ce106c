// The shapes of the settings and of what can be wrong with them, apart from the validators
// (settings.ts) so that field-errors.ts, which the popup carries, names them without importing
// settings.ts: that import went both ways before. settings.ts re-exports them all.
import type { Preset } from './quality';

export interface BrokerSettings {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  key: string;
}

/** A STUN or TURN server as RTCPeerConnection takes it, and as a share link carries it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
  /** Never here: a shared secret stays in the extension (SecretIceServer). */
  secret?: never;
}

/**
 * A TURN server that takes short-lived credentials made from a shared secret (coturn's
 * `use-auth-secret` / `static-auth-secret`, the "TURN REST API"). The secret stays in the
 * extension: for each share the sharer's browser mints a username and credential that expire
 * with the share (turn-credentials.ts), and only those go into the link.
 */
export interface SecretIceServer {
  urls: string[];
  secret: string;
  username?: never;
  credential?: never;
}

/** An ICE server as the settings hold it: with its own credentials, or with a shared secret. */
export type IceServerSetting = IceServer | SecretIceServer;

/**
 * A Janus media server (SFU): viewers beyond `threshold` watch through it instead of straight from
 * the sharer's browser. The picture stays end-to-end encrypted: the server passes it on unread.
 */
export interface MediaServer {
  /**
   * `wss://janus.example.com/` (WebSocket transport, any path) or `https://janus.example.com/janus`
   * (HTTP transport).
   */
  url: string;
  /** Janus's `api_secret`, or a token (`token_auth`). */
  apiSecret: string;
  /** Use the server when more than this many viewers watch; 0: always. */
  threshold: number;
}

/** What a share link carries of the media server: where it is and how to get in; the threshold stays with the host. */
export type MediaServerAccess = Omit<MediaServer, 'threshold'>;

export interface Settings {
  /** Base URL of the hosted viewer page; the share link is this plus a #fragment. */
  viewerUrl: string;
  /** A self-hosted PeerServer, or null for the PeerJS public broker. */
  broker: BrokerSettings | null;
  /** STUN/TURN servers, or null for PeerJS's defaults. */
  iceServers: IceServerSetting[] | null;
  /** Each new viewer waits until the host approves (popup or notification). */
  askToJoin: boolean;
  /** Viewers get the shared page's visible text to select, copy and search (the live text layer). */
  liveText: boolean;
  /** The sharer's own mouse or keyboard in the shared tab takes control back from a viewer at once. */
  controlYieldsToSharer: boolean;
  /** Viewers watching or waiting at once. */
  maxViewers: number;
  /** A share stops itself after this many minutes, or never (null). */
  expiryMinutes: number | null;
  /** How video is encoded at the start of each share (src/shared/quality.ts). */
  quality: Preset;
  /** Manual caps over every preset: frame height, frames per second, kbit/s; null = the preset's. */
  maxHeight: number | null;
  maxFramerate: number | null;
  maxBitrateKbps: number | null;
  /** A Janus server for large audiences, or null: peer to peer only. */
  mediaServer: MediaServer | null;
}

/** What is wrong with a setting: a code, and what the sentence needs (a value the user typed, a limit). */
export type SettingsProblem =
  | { code: 'viewer-url-missing' }
  | { code: 'viewer-url-invalid'; value: string }
  | { code: 'viewer-url-insecure' }
  | { code: 'viewer-url-fragment' }
  | { code: 'broker-malformed' }
  | { code: 'broker-host'; value: string }
  | { code: 'broker-port' }
  | { code: 'broker-path' }
  | { code: 'broker-secure' }
  | { code: 'broker-key' }
  | { code: 'broker-insecure' }
  | { code: 'broker-url-invalid'; value: string }
  | { code: 'broker-url-scheme' }
  | { code: 'ice-not-list' }
  | { code: 'ice-too-many'; max: number }
  | { code: 'ice-malformed'; server: number }
  | { code: 'ice-urls'; server: number }
  | { code: 'ice-url'; server: number; value: string }
  | { code: 'ice-text'; server: number; name: 'username' | 'credential' }
  | { code: 'ice-turn-credentials'; server: number }
  /** A shared secret: 1–256 printable characters, no spaces. */
  | { code: 'ice-secret'; server: number }
  /** A shared secret beside a username or credential: one or the other. */
  | { code: 'ice-secret-and-credentials'; server: number }
  /** A shared secret for a server without a turn: or turns: URL (STUN takes no credentials). */
  | { code: 'ice-secret-not-turn'; server: number }
  | { code: 'ask-to-join' }
  | { code: 'live-text' }
  | { code: 'control-yields' }
  | { code: 'max-viewers'; max: number }
  | { code: 'expiry'; maxMinutes: number }
  | { code: 'quality' }
  | { code: 'max-height'; min: number; max: number }
  | { code: 'max-framerate'; min: number; max: number }
  | { code: 'max-bitrate'; min: number; max: number }
  | { code: 'media-server-malformed' }
  | { code: 'media-server-missing' }
  | { code: 'media-server-url'; value: string }
  | { code: 'media-server-scheme' }
  | { code: 'media-server-insecure' }
  | { code: 'media-server-path' }
  | { code: 'media-server-secret' }
  | { code: 'media-server-threshold'; max: number };

export type SettingsCode = SettingsProblem['code'];

/** A problem and the setting it is in. */
export type FieldError = SettingsProblem & { field: keyof Settings };

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
