// The options form as typed (text, so a half-typed number stays as typed), to and from Settings, and
// which control a settings problem is about.
import type { Preset } from '../shared/quality';
import { MEDIA_SERVER_THRESHOLD_DEFAULT, type FieldError, type Settings } from '../shared/settings';
import { iceToLines, linesToIce } from './ice-lines';

export interface Form {
  viewerUrl: string;
  ownBroker: boolean;
  host: string;
  port: string;
  path: string;
  secure: boolean;
  key: string;
  customIce: boolean;
  ice: string;
  askToJoin: boolean;
  liveText: boolean;
  controlYieldsToSharer: boolean;
  maxViewers: string;
  expiryMinutes: string;
  quality: Preset;
  maxHeight: string;
  maxFramerate: string;
  maxBitrateKbps: string;
  /** The media server: its fields keep what was typed while it is switched off. */
  mediaServerOn: boolean;
  mediaServerUrl: string;
  mediaServerSecret: string;
  mediaServerThreshold: string;
}

/** The form's text fields (their inputs are made by `textField`). */
export type TextField = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

const optional = (n: number | null) => (n === null ? '' : String(n));

export function toForm(s: Settings): Form {
  return {
    viewerUrl: s.viewerUrl,
    ownBroker: s.broker !== null,
    host: s.broker?.host ?? '',
    port: String(s.broker?.port ?? 443),
    path: s.broker?.path ?? '/',
    secure: s.broker?.secure ?? true,
    key: s.broker?.key ?? 'peerjs',
    customIce: s.iceServers !== null,
    ice: iceToLines(s.iceServers ?? []),
    askToJoin: s.askToJoin,
    liveText: s.liveText,
    controlYieldsToSharer: s.controlYieldsToSharer,
    maxViewers: String(s.maxViewers),
    expiryMinutes: optional(s.expiryMinutes),
    quality: s.quality,
    maxHeight: optional(s.maxHeight),
    maxFramerate: optional(s.maxFramerate),
    maxBitrateKbps: optional(s.maxBitrateKbps),
    mediaServerOn: s.mediaServer !== null,
    mediaServerUrl: s.mediaServer?.url ?? '',
    mediaServerSecret: s.mediaServer?.apiSecret ?? '',
    mediaServerThreshold: String(s.mediaServer?.threshold ?? MEDIA_SERVER_THRESHOLD_DEFAULT),
  };
}

export function fromForm(f: Form) {
  return {
    viewerUrl: f.viewerUrl,
    broker: f.ownBroker ? { host: f.host, port: f.port, path: f.path, secure: f.secure, key: f.key } : null,
    iceServers: f.customIce ? linesToIce(f.ice) : null,
    askToJoin: f.askToJoin,
    liveText: f.liveText,
    controlYieldsToSharer: f.controlYieldsToSharer,
    maxViewers: f.maxViewers,
    expiryMinutes: f.expiryMinutes.trim(),
    quality: f.quality,
    maxHeight: f.maxHeight.trim(),
    maxFramerate: f.maxFramerate.trim(),
    maxBitrateKbps: f.maxBitrateKbps.trim(),
    // A pasted secret often brings a space or a line break along.
    mediaServer: f.mediaServerOn
      ? { url: f.mediaServerUrl, apiSecret: f.mediaServerSecret.trim(), threshold: f.mediaServerThreshold.trim() }
      : null,
  };
}

/** The fields under Advanced: the plumbing, which most people never change. */
export const ADVANCED: readonly FieldError['field'][] = ['viewerUrl', 'broker', 'iceServers', 'mediaServer'];

/** The broker's own fields, by the problem's code; a problem with the whole broker points at the choice of broker. */
const BROKER_CONTROL: Partial<Record<FieldError['code'], string>> = {
  'broker-host': 'host',
  'broker-port': 'port',
  'broker-path': 'path',
  'broker-key': 'key',
  'broker-secure': 'secure',
  'broker-insecure': 'secure',
};

/** The media server's own fields, by the problem's code; a malformed one points at its switch. */
const MEDIA_SERVER_CONTROL: Partial<Record<FieldError['code'], string>> = {
  'media-server-missing': 'mediaServerUrl',
  'media-server-url': 'mediaServerUrl',
  'media-server-scheme': 'mediaServerUrl',
  'media-server-insecure': 'mediaServerUrl',
  'media-server-path': 'mediaServerUrl',
  'media-server-secret': 'mediaServerSecret',
  'media-server-threshold': 'mediaServerThreshold',
};

/** The control (its id) a problem is about, so the field says it is wrong and which error explains it. */
export function controlFor(error: FieldError, form: Form): string {
  switch (error.field) {
    case 'broker':
      return (form.ownBroker && BROKER_CONTROL[error.code]) || 'ownBroker';
    case 'iceServers':
      return form.customIce ? 'ice' : 'customIce';
    case 'mediaServer':
      return (form.mediaServerOn && MEDIA_SERVER_CONTROL[error.code]) || 'mediaServerOn';
    default:
      return error.field;
  }
}
