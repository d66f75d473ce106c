// The connection defaults baked in at build time, checked like stored settings. Apart from
// settings.ts because its English words would otherwise ride along into every bundle that
// validates settings (the popup loads only its own language's words).
import { settings as englishSettingsText } from './i18n/en-popup';
import { describeFieldError } from './i18n/format';
import { isFieldError } from './field-errors';
import {
  brokerFromUrl,
  POLICY_DEFAULTS,
  validateIceSettings,
  validateMediaServer,
  validateViewerUrl,
  type BrokerSettings,
  type FieldError,
  type IceServerSetting,
  type MediaServer,
  type Settings,
} from './settings';

/** Where `npm run build` points links when TABBEAM_VIEWER_URL is not set: the project's hosted viewer. */
export const DEFAULT_VIEWER_URL = 'https://tabbeam.github.io/watch/';

/** A bad build-time default stops the build, in English (the person building reads it in a terminal). */
const buildError = (variable: string, error: FieldError) =>
  new Error(`${variable}: ${describeFieldError(error, englishSettingsText)}`);

/**
 * The defaults baked in at build time (README: TABBEAM_VIEWER_URL, TABBEAM_PEER_SERVER,
 * TABBEAM_ICE_SERVERS, TABBEAM_MEDIA_SERVER — the last as JSON `{"url","apiSecret","threshold"?}`).
 */
export function buildDefaults(env: {
  viewerUrl?: string;
  peerServer?: string;
  iceServers?: string;
  mediaServer?: string;
}): Settings {
  const viewerUrl = env.viewerUrl || DEFAULT_VIEWER_URL;
  let broker: BrokerSettings | null = null;
  if (env.peerServer) {
    const parsed = brokerFromUrl(env.peerServer);
    if (isFieldError(parsed)) throw buildError('TABBEAM_PEER_SERVER', parsed);
    broker = parsed;
  }
  let iceServers: IceServerSetting[] | null = null;
  if (env.iceServers) {
    const parsed = validateIceSettings(JSON.parse(env.iceServers));
    if (isFieldError(parsed)) throw buildError('TABBEAM_ICE_SERVERS', parsed);
    iceServers = parsed;
  }
  let mediaServer: MediaServer | null = null;
  if (env.mediaServer) {
    let json: unknown;
    try {
      json = JSON.parse(env.mediaServer);
    } catch {
      throw buildError('TABBEAM_MEDIA_SERVER', { field: 'mediaServer', code: 'media-server-malformed' });
    }
    const parsed = validateMediaServer(json);
    if (isFieldError(parsed)) throw buildError('TABBEAM_MEDIA_SERVER', parsed);
    mediaServer = parsed;
  }
  const url = validateViewerUrl(viewerUrl);
  if (isFieldError(url)) throw buildError('TABBEAM_VIEWER_URL', url);
  return { viewerUrl: url, broker, iceServers, ...POLICY_DEFAULTS, mediaServer };
}
