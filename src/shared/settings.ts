import { isFieldError } from './field-errors';
import { SECRET_PATTERN, validateIceSettings } from './ice-servers';
import { PRESETS, type Preset } from './quality';
import type {
  BrokerSettings,
  FieldError,
  IceServerSetting,
  MediaServer,
  MediaServerAccess,
  Settings,
  SettingsProblem,
  Validated,
} from './settings-types';

export { hasSecret, validateIceServers, validateIceSettings } from './ice-servers';
export type {
  BrokerSettings,
  FieldError,
  IceServer,
  IceServerSetting,
  MediaServer,
  MediaServerAccess,
  SecretIceServer,
  Settings,
  SettingsCode,
  SettingsProblem,
  Validated,
} from './settings-types';

// User settings: where the viewer page lives, which PeerJS broker to use, which ICE servers, which
// media server (if any) carries large audiences, and the share policy.
// Stored in chrome.storage.sync under the keys of `Settings` (see README "Settings");
// every read is validated, so hand-edited or preset storage gets the same clear errors as the form.
// Validation says what is wrong as a code and its figures (SettingsProblem); the words, in every
// language, are in the catalogue (src/shared/i18n, `settings`).

export const SETTINGS_KEYS = [
  'viewerUrl',
  'broker',
  'iceServers',
  'askToJoin',
  'liveText',
  'controlYieldsToSharer',
  'maxViewers',
  'expiryMinutes',
  'quality',
  'maxHeight',
  'maxFramerate',
  'maxBitrateKbps',
  'mediaServer',
] as const satisfies readonly (keyof Settings)[];

/** Defaults for the share policy; the connection defaults come from the build (build-defaults.ts). */
export const POLICY_DEFAULTS = {
  askToJoin: false,
  liveText: true,
  controlYieldsToSharer: true,
  maxViewers: 10,
  expiryMinutes: null,
  quality: 'auto',
  maxHeight: null,
  maxFramerate: null,
  maxBitrateKbps: null,
  mediaServer: null,
} as const;
export const MAX_VIEWERS_LIMIT = 50;
/** "Use it above this many viewers" when a stored or build-time media server does not say. */
export const MEDIA_SERVER_THRESHOLD_DEFAULT = 3;
const MAX_EXPIRY_MINUTES = 24 * 60;

const HOST_PATTERN =
  /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const IPV4_PATTERN = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const PATH_PATTERN = /^\/[A-Za-z0-9._~\-/]*$/;
const MAX_MEDIA_URL = 512;

export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

export function validateViewerUrl(raw: unknown): string | FieldError {
  const bad = (problem: SettingsProblem): FieldError => ({ field: 'viewerUrl', ...problem });
  if (typeof raw !== 'string' || raw.trim() === '') return bad({ code: 'viewer-url-missing' });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return bad({ code: 'viewer-url-invalid', value: raw });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) {
    return bad({ code: 'viewer-url-insecure' });
  }
  if (url.hash) return bad({ code: 'viewer-url-fragment' });
  return url.href;
}

export function validateBroker(raw: unknown): BrokerSettings | null | FieldError {
  const bad = (problem: SettingsProblem): FieldError => ({ field: 'broker', ...problem });
  if (raw === null) return null;
  if (typeof raw !== 'object') return bad({ code: 'broker-malformed' });
  const b = raw as Record<string, unknown>;
  const host = typeof b.host === 'string' ? b.host.trim() : '';
  if (!HOST_PATTERN.test(host) && !IPV4_PATTERN.test(host))
    return bad({ code: 'broker-host', value: String(b.host ?? '') });
  const port = typeof b.port === 'string' && b.port.trim() !== '' ? Number(b.port) : b.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    return bad({ code: 'broker-port' });
  const path = b.path === undefined || b.path === '' ? '/' : b.path;
  if (typeof path !== 'string' || !PATH_PATTERN.test(path)) return bad({ code: 'broker-path' });
  if (typeof b.secure !== 'boolean') return bad({ code: 'broker-secure' });
  const key = b.key === undefined || b.key === '' ? 'peerjs' : b.key;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return bad({ code: 'broker-key' });
  if (!b.secure && !isLocalHost(host) && !IPV4_PATTERN.test(host)) {
    // Plain ws:// to a public name would expose signalling; PeerJS viewers on https pages could not reach it anyway.
    return bad({ code: 'broker-insecure' });
  }
  return { host, port, path, secure: b.secure, key };
}

/**
 * Where the media server is and its secret: a share link carries exactly this (share-link.ts), so
 * the link is held to the same rules as the settings. The address is returned normalised (URL.href).
 */
export function validateMediaServerAccess(raw: unknown): MediaServerAccess | FieldError {
  const bad = (problem: SettingsProblem): FieldError => ({ field: 'mediaServer', ...problem });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad({ code: 'media-server-malformed' });
  const m = raw as Record<string, unknown>;
  if (m.url !== undefined && typeof m.url !== 'string') return bad({ code: 'media-server-malformed' });
  const text = (m.url ?? '').trim();
  if (text === '') return bad({ code: 'media-server-missing' });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad({ code: 'media-server-url', value: text });
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) return bad({ code: 'media-server-scheme' });
  // The secret has its own field; a #part could not be sent; a very long address is not one.
  if (url.username || url.password || url.hash || text.length > MAX_MEDIA_URL)
    return bad({ code: 'media-server-url', value: text });
  // Viewers are on an https page: browsers let it reach plain ws:// or http:// on this machine only.
  if ((url.protocol === 'ws:' || url.protocol === 'http:') && !isLocalHost(url.hostname))
    return bad({ code: 'media-server-insecure' });
  // Janus's HTTP API lives under a path (its default /janus); its WebSocket transport answers on any.
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/')
    return bad({ code: 'media-server-path' });
  if (typeof m.apiSecret !== 'string' || !SECRET_PATTERN.test(m.apiSecret)) return bad({ code: 'media-server-secret' });
  return { url: url.href, apiSecret: m.apiSecret };
}

/** The media server setting: null (peer to peer only), or a valid address, secret and threshold (typed as text or stored as a number). */
export function validateMediaServer(raw: unknown): MediaServer | null | FieldError {
  if (raw === null) return null;
  const access = validateMediaServerAccess(raw);
  if (isFieldError(access)) return access;
  const given = (raw as Record<string, unknown>).threshold;
  const threshold =
    given === undefined
      ? MEDIA_SERVER_THRESHOLD_DEFAULT
      : typeof given === 'string' && given.trim() !== ''
        ? Number(given)
        : given;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0 || threshold > MAX_VIEWERS_LIMIT) {
    return { field: 'mediaServer', code: 'media-server-threshold', max: MAX_VIEWERS_LIMIT };
  }
  return { ...access, threshold };
}

export function validateAskToJoin(raw: unknown): boolean | FieldError {
  return typeof raw === 'boolean' ? raw : { field: 'askToJoin', code: 'ask-to-join' };
}

export function validateLiveText(raw: unknown): boolean | FieldError {
  return typeof raw === 'boolean' ? raw : { field: 'liveText', code: 'live-text' };
}

export function validateControlYields(raw: unknown): boolean | FieldError {
  return typeof raw === 'boolean' ? raw : { field: 'controlYieldsToSharer', code: 'control-yields' };
}

export function validateMaxViewers(raw: unknown): number | FieldError {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_VIEWERS_LIMIT) {
    return { field: 'maxViewers', code: 'max-viewers', max: MAX_VIEWERS_LIMIT };
  }
  return n;
}

export function validateExpiry(raw: unknown): number | null | FieldError {
  if (raw === null || raw === '') return null;
  const n = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > MAX_EXPIRY_MINUTES) {
    return { field: 'expiryMinutes', code: 'expiry', maxMinutes: MAX_EXPIRY_MINUTES };
  }
  return n;
}

export function validateQuality(raw: unknown): Preset | FieldError {
  return PRESETS.includes(raw as Preset) ? (raw as Preset) : { field: 'quality', code: 'quality' };
}

/** A manual cap: empty means none; otherwise a whole number in [min, max]. */
function validateCap(
  field: 'maxHeight' | 'maxFramerate' | 'maxBitrateKbps',
  min: number,
  max: number,
  code: 'max-height' | 'max-framerate' | 'max-bitrate',
) {
  return (raw: unknown): number | null | FieldError => {
    if (raw === null || raw === '') return null;
    const n = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) return { field, code, min, max };
    return n;
  };
}
export const validateMaxHeight = validateCap('maxHeight', 144, 2160, 'max-height');
export const validateMaxFramerate = validateCap('maxFramerate', 1, 60, 'max-framerate');
export const validateMaxBitrate = validateCap('maxBitrateKbps', 100, 20000, 'max-bitrate');

/** Validates stored (or typed) values; missing keys fall back to `defaults`. */
export function validateSettings(
  raw: Partial<Record<keyof Settings, unknown>>,
  defaults: Settings,
): Validated<Settings> {
  const pick = <K extends keyof Settings>(key: K): unknown => (raw[key] === undefined ? defaults[key] : raw[key]);
  const viewerUrl = validateViewerUrl(pick('viewerUrl'));
  const broker = validateBroker(pick('broker'));
  const iceServers = validateIceSettings(pick('iceServers'));
  const askToJoin = validateAskToJoin(pick('askToJoin'));
  const liveText = validateLiveText(pick('liveText'));
  const controlYieldsToSharer = validateControlYields(pick('controlYieldsToSharer'));
  const maxViewers = validateMaxViewers(pick('maxViewers'));
  const expiryMinutes = validateExpiry(pick('expiryMinutes'));
  const quality = validateQuality(pick('quality'));
  const maxHeight = validateMaxHeight(pick('maxHeight'));
  const maxFramerate = validateMaxFramerate(pick('maxFramerate'));
  const maxBitrateKbps = validateMaxBitrate(pick('maxBitrateKbps'));
  const mediaServer = validateMediaServer(pick('mediaServer'));
  const errors = [
    viewerUrl,
    broker,
    iceServers,
    askToJoin,
    liveText,
    controlYieldsToSharer,
    maxViewers,
    expiryMinutes,
    quality,
    maxHeight,
    maxFramerate,
    maxBitrateKbps,
    mediaServer,
  ].filter(isFieldError);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      viewerUrl: viewerUrl as string,
      broker: broker as BrokerSettings | null,
      iceServers: iceServers as IceServerSetting[] | null,
      askToJoin: askToJoin as boolean,
      liveText: liveText as boolean,
      controlYieldsToSharer: controlYieldsToSharer as boolean,
      maxViewers: maxViewers as number,
      expiryMinutes: expiryMinutes as number | null,
      quality: quality as Preset,
      maxHeight: maxHeight as number | null,
      maxFramerate: maxFramerate as number | null,
      maxBitrateKbps: maxBitrateKbps as number | null,
      mediaServer: mediaServer as MediaServer | null,
    },
  };
}

/** `https://peer.example.com:443/app?key=peerjs` → BrokerSettings. Used for the build-time default. */
export function brokerFromUrl(raw: string): BrokerSettings | FieldError {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { field: 'broker', code: 'broker-url-invalid', value: raw };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { field: 'broker', code: 'broker-url-scheme' };
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const result = validateBroker({
    host: url.hostname,
    port,
    path: url.pathname,
    secure,
    key: url.searchParams.get('key') ?? 'peerjs',
  });
  return result === null ? { field: 'broker', code: 'broker-malformed' } : result;
}
