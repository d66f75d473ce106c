import { PRESETS, type Preset } from './quality';

// User settings: where the viewer page lives, which PeerJS broker to use, which ICE servers.
// Stored in chrome.storage.sync under the keys of `Settings` (see README "Settings");
// every read is validated, so hand-edited or preset storage gets the same clear errors as the form.

export interface BrokerSettings {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  key: string;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface Settings {
  /** Base URL of the hosted viewer page; the share link is this plus a #fragment. */
  viewerUrl: string;
  /** A self-hosted PeerServer, or null for the PeerJS public broker. */
  broker: BrokerSettings | null;
  /** STUN/TURN servers, or null for PeerJS's defaults. */
  iceServers: IceServer[] | null;
  /** Each new viewer waits until the host approves (popup or notification). */
  askToJoin: boolean;
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
}

export const SETTINGS_KEYS = ['viewerUrl', 'broker', 'iceServers', 'askToJoin', 'maxViewers', 'expiryMinutes', 'quality', 'maxHeight', 'maxFramerate', 'maxBitrateKbps'] as const satisfies readonly (keyof Settings)[];

/** Defaults for the share policy; the connection defaults come from the build (buildDefaults). */
export const POLICY_DEFAULTS = { askToJoin: false, maxViewers: 10, expiryMinutes: null, quality: 'auto', maxHeight: null, maxFramerate: null, maxBitrateKbps: null } as const;
export const MAX_VIEWERS_LIMIT = 50;
const MAX_EXPIRY_MINUTES = 24 * 60;

export interface FieldError {
  field: keyof Settings;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const HOST_PATTERN = /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const IPV4_PATTERN = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const PATH_PATTERN = /^\/[A-Za-z0-9._~\-/]*$/;
const ICE_URL_PATTERN = /^(stun|stuns|turn|turns):[^\s]+$/;

export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export function validateViewerUrl(raw: unknown): string | FieldError {
  const bad = (message: string): FieldError => ({ field: 'viewerUrl', message });
  if (typeof raw !== 'string' || raw.trim() === '') return bad('Enter the address of your viewer page.');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return bad(`"${raw}" is not a web address.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
    return bad('The viewer page must use https:// (http:// is allowed only for localhost).');
  }
  if (url.hash) return bad('The viewer address must not contain a # part.');
  return url.href;
}

export function validateBroker(raw: unknown): BrokerSettings | null | FieldError {
  const bad = (message: string): FieldError => ({ field: 'broker', message });
  if (raw === null) return null;
  if (typeof raw !== 'object') return bad('Broker settings are malformed.');
  const b = raw as Record<string, unknown>;
  const host = typeof b.host === 'string' ? b.host.trim() : '';
  if (!HOST_PATTERN.test(host) && !IPV4_PATTERN.test(host)) return bad(`Broker host "${String(b.host ?? '')}" is not a valid host name.`);
  const port = typeof b.port === 'string' && b.port.trim() !== '' ? Number(b.port) : b.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return bad('Broker port must be a whole number from 1 to 65535.');
  const path = b.path === undefined || b.path === '' ? '/' : b.path;
  if (typeof path !== 'string' || !PATH_PATTERN.test(path)) return bad('Broker path must start with "/" and contain only letters, digits and - . _ ~ /.');
  if (typeof b.secure !== 'boolean') return bad('Choose whether the broker uses TLS (secure).');
  const key = b.key === undefined || b.key === '' ? 'peerjs' : b.key;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return bad('Broker key may contain only letters, digits, - and _ (up to 64).');
  if (!b.secure && !isLocalHost(host) && !IPV4_PATTERN.test(host)) {
    // Plain ws:// to a public name would expose signalling; PeerJS viewers on https pages could not reach it anyway.
    return bad('A broker on a public host name must be secure (TLS).');
  }
  return { host, port, path, secure: b.secure, key };
}

export function validateIceServers(raw: unknown): IceServer[] | null | FieldError {
  const bad = (message: string): FieldError => ({ field: 'iceServers', message });
  if (raw === null) return null;
  if (!Array.isArray(raw)) return bad('ICE servers must be a list.');
  if (raw.length > 10) return bad('Use at most 10 ICE servers.');
  const servers: IceServer[] = [];
  for (const [i, entry] of raw.entries()) {
    const n = i + 1;
    if (typeof entry !== 'object' || entry === null) return bad(`ICE server ${n} is malformed.`);
    const e = entry as Record<string, unknown>;
    const urls = typeof e.urls === 'string' ? [e.urls] : e.urls;
    if (!Array.isArray(urls) || urls.length === 0 || urls.length > 5) return bad(`ICE server ${n} needs one to five URLs.`);
    for (const url of urls) {
      if (typeof url !== 'string' || !ICE_URL_PATTERN.test(url) || url.length > 512) {
        return bad(`ICE server ${n}: "${String(url)}" is not a stun:, stuns:, turn: or turns: URL.`);
      }
    }
    const isTurn = (urls as string[]).some((u) => u.startsWith('turn'));
    const server: IceServer = { urls: urls as string[] };
    for (const field of ['username', 'credential'] as const) {
      const value = e[field];
      if (value === undefined || value === '') continue;
      if (typeof value !== 'string' || value.length > 256) return bad(`ICE server ${n}: ${field} must be text.`);
      server[field] = value;
    }
    if (isTurn && (!server.username || !server.credential)) return bad(`ICE server ${n}: a TURN server needs a username and a credential.`);
    servers.push(server);
  }
  return servers;
}

export function validateAskToJoin(raw: unknown): boolean | FieldError {
  return typeof raw === 'boolean' ? raw : { field: 'askToJoin', message: 'Choose whether to approve each viewer.' };
}

export function validateMaxViewers(raw: unknown): number | FieldError {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_VIEWERS_LIMIT) {
    return { field: 'maxViewers', message: `The viewer limit must be a whole number from 1 to ${MAX_VIEWERS_LIMIT}.` };
  }
  return n;
}

export function validateExpiry(raw: unknown): number | null | FieldError {
  if (raw === null || raw === '') return null;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > MAX_EXPIRY_MINUTES) {
    return { field: 'expiryMinutes', message: 'A share can stop itself after up to 24 hours (1440 minutes), or never.' };
  }
  return n;
}

export function validateQuality(raw: unknown): Preset | FieldError {
  return PRESETS.includes(raw as Preset) ? (raw as Preset) : { field: 'quality', message: 'Choose Auto, Text or Motion.' };
}

/** A manual cap: empty means none; otherwise a whole number in [min, max]. */
function validateCap(field: 'maxHeight' | 'maxFramerate' | 'maxBitrateKbps', min: number, max: number, what: string) {
  return (raw: unknown): number | null | FieldError => {
    if (raw === null || raw === '') return null;
    const n = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) return { field, message: `${what} must be a whole number from ${min} to ${max}, or empty for the preset's.` };
    return n;
  };
}
export const validateMaxHeight = validateCap('maxHeight', 144, 2160, 'Maximum resolution (lines)');
export const validateMaxFramerate = validateCap('maxFramerate', 1, 60, 'Maximum frame rate');
export const validateMaxBitrate = validateCap('maxBitrateKbps', 100, 20000, 'Maximum bitrate (kbit/s)');

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && 'field' in value && 'message' in value;
}

/** Validates stored (or typed) values; missing keys fall back to `defaults`. */
export function validateSettings(raw: Partial<Record<keyof Settings, unknown>>, defaults: Settings): Validated<Settings> {
  const pick = <K extends keyof Settings>(key: K): unknown => (raw[key] === undefined ? defaults[key] : raw[key]);
  const viewerUrl = validateViewerUrl(pick('viewerUrl'));
  const broker = validateBroker(pick('broker'));
  const iceServers = validateIceServers(pick('iceServers'));
  const askToJoin = validateAskToJoin(pick('askToJoin'));
  const maxViewers = validateMaxViewers(pick('maxViewers'));
  const expiryMinutes = validateExpiry(pick('expiryMinutes'));
  const quality = validateQuality(pick('quality'));
  const maxHeight = validateMaxHeight(pick('maxHeight'));
  const maxFramerate = validateMaxFramerate(pick('maxFramerate'));
  const maxBitrateKbps = validateMaxBitrate(pick('maxBitrateKbps'));
  const errors = [viewerUrl, broker, iceServers, askToJoin, maxViewers, expiryMinutes, quality, maxHeight, maxFramerate, maxBitrateKbps].filter(isFieldError);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      viewerUrl: viewerUrl as string,
      broker: broker as BrokerSettings | null,
      iceServers: iceServers as IceServer[] | null,
      askToJoin: askToJoin as boolean,
      maxViewers: maxViewers as number,
      expiryMinutes: expiryMinutes as number | null,
      quality: quality as Preset,
      maxHeight: maxHeight as number | null,
      maxFramerate: maxFramerate as number | null,
      maxBitrateKbps: maxBitrateKbps as number | null,
    },
  };
}

/** `https://peer.example.com:443/app?key=peerjs` → BrokerSettings. Used for the build-time default. */
export function brokerFromUrl(raw: string): BrokerSettings | FieldError {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { field: 'broker', message: `"${raw}" is not a broker URL like https://peer.example.com:443/path.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { field: 'broker', message: 'A broker URL starts with https:// or http://.' };
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const result = validateBroker({ host: url.hostname, port, path: url.pathname, secure, key: url.searchParams.get('key') ?? 'peerjs' });
  return result === null ? { field: 'broker', message: 'Missing broker.' } : result;
}

/** The defaults baked in at build time (README: TABBEAM_VIEWER_URL, TABBEAM_PEER_SERVER, TABBEAM_ICE_SERVERS). */
export function buildDefaults(env: { viewerUrl?: string; peerServer?: string; iceServers?: string }): Settings {
  const viewerUrl = env.viewerUrl || DEFAULT_VIEWER_URL;
  let broker: BrokerSettings | null = null;
  if (env.peerServer) {
    const parsed = brokerFromUrl(env.peerServer);
    if (isFieldError(parsed)) throw new Error(`TABBEAM_PEER_SERVER: ${parsed.message}`);
    broker = parsed;
  }
  let iceServers: IceServer[] | null = null;
  if (env.iceServers) {
    const parsed = validateIceServers(JSON.parse(env.iceServers));
    if (isFieldError(parsed)) throw new Error(`TABBEAM_ICE_SERVERS: ${parsed.message}`);
    iceServers = parsed;
  }
  const url = validateViewerUrl(viewerUrl);
  if (isFieldError(url)) throw new Error(`TABBEAM_VIEWER_URL: ${url.message}`);
  return { viewerUrl: url, broker, iceServers, ...POLICY_DEFAULTS };
}

/** Where `npm run build` points links when TABBEAM_VIEWER_URL is not set: the project's hosted viewer. */
export const DEFAULT_VIEWER_URL = 'https://tabbeam.github.io/watch/';
