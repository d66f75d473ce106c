// ICE servers, as the settings hold them and as a share link carries them, checked by the same
// rules. The settings may give a TURN server a shared secret instead of its own username and
// credential (SecretIceServer); a link never carries one: it carries the credentials minted from
// it for that share (turn-credentials.ts), so validateIceServers refuses a secret outright.
import { isFieldError } from './field-errors';
import type { FieldError, IceServer, IceServerSetting, SettingsProblem } from './settings-types';

const MAX_ICE_SERVERS = 10;
const MAX_URLS = 5;
const MAX_TEXT = 256;
const ICE_URL_PATTERN = /^(stun|stuns|turn|turns):[^\s]+$/;
/** A shared secret (coturn's static-auth-secret, Janus's api_secret): printable ASCII, no spaces. */
export const SECRET_PATTERN = /^[\x21-\x7e]{1,256}$/;

const bad = (problem: SettingsProblem): FieldError => ({ field: 'iceServers', ...problem });

/** Servers with their own credentials only: a share link's, a host's, a viewer's. */
export function validateIceServers(raw: unknown): IceServer[] | null | FieldError {
  return validateList(raw, false) as IceServer[] | null | FieldError;
}

/** The `iceServers` setting: servers with their own credentials, or TURN servers with a shared secret. */
export function validateIceSettings(raw: unknown): IceServerSetting[] | null | FieldError {
  return validateList(raw, true);
}

/** A server of the setting that takes credentials minted from a shared secret. */
export function hasSecret(server: IceServerSetting): server is Extract<IceServerSetting, { secret: string }> {
  return typeof server.secret === 'string';
}

function validateList(raw: unknown, secrets: boolean): IceServerSetting[] | null | FieldError {
  if (raw === null) return null;
  if (!Array.isArray(raw)) return bad({ code: 'ice-not-list' });
  if (raw.length > MAX_ICE_SERVERS) return bad({ code: 'ice-too-many', max: MAX_ICE_SERVERS });
  const servers: IceServerSetting[] = [];
  for (const [i, entry] of raw.entries()) {
    const server = validateEntry(entry, i + 1, secrets);
    if (isFieldError(server)) return server;
    servers.push(server);
  }
  return servers;
}

function validateEntry(entry: unknown, n: number, secrets: boolean): IceServerSetting | FieldError {
  if (typeof entry !== 'object' || entry === null) return bad({ code: 'ice-malformed', server: n });
  const e = entry as Record<string, unknown>;
  const urls = typeof e.urls === 'string' ? [e.urls] : e.urls;
  if (!Array.isArray(urls) || urls.length === 0 || urls.length > MAX_URLS) return bad({ code: 'ice-urls', server: n });
  for (const url of urls) {
    if (typeof url !== 'string' || !ICE_URL_PATTERN.test(url) || url.length > 512) {
      return bad({ code: 'ice-url', server: n, value: String(url) });
    }
  }
  const isTurn = (urls as string[]).some((u) => u.startsWith('turn'));
  const server: IceServer = { urls: urls as string[] };
  for (const field of ['username', 'credential'] as const) {
    const value = e[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || value.length > MAX_TEXT) return bad({ code: 'ice-text', server: n, name: field });
    server[field] = value;
  }
  if (e.secret !== undefined) {
    // A link, or a host's start, with a secret in it was made by something other than TabBeam.
    if (!secrets) return bad({ code: 'ice-malformed', server: n });
    if (!isTurn) return bad({ code: 'ice-secret-not-turn', server: n });
    if (server.username || server.credential) return bad({ code: 'ice-secret-and-credentials', server: n });
    if (typeof e.secret !== 'string' || !SECRET_PATTERN.test(e.secret)) return bad({ code: 'ice-secret', server: n });
    return { urls: server.urls, secret: e.secret };
  }
  if (isTurn && (!server.username || !server.credential)) return bad({ code: 'ice-turn-credentials', server: n });
  return server;
}
