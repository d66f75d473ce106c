// Short-lived TURN credentials from a shared secret: the "TURN REST API" scheme coturn implements
// with `use-auth-secret` and `static-auth-secret`. The username is the expiry (Unix seconds) and a
// name, the credential base64(HMAC-SHA1(secret, username)); the TURN server recomputes it from
// its copy of the secret and refuses it once the time in the username has passed. So a share
// link can carry credentials that stop working when the share does, and never the secret.
import { toBase64 } from './base64url';
import { hasSecret } from './ice-servers';
import type { IceServer, IceServerSetting } from './settings-types';

/** The name after the expiry in a minted username (coturn only reads the part before the colon). */
export const TURN_USER = 'tabbeam';
/** How long credentials last for a share that has no expiry of its own. */
export const OPEN_SHARE_CREDENTIAL_MS = 12 * 60 * 60_000;
/** Added to a share's expiry: a TURN server whose clock runs a little ahead still lets its viewers in. */
export const CLOCK_MARGIN_MS = 5 * 60_000;

/** When the credentials of a share that started at `now` should stop working. */
export function credentialExpiry(now: number, shareExpiresAt: number | null): number {
  return (shareExpiresAt ?? now + OPEN_SHARE_CREDENTIAL_MS) + CLOCK_MARGIN_MS;
}

/** `username = "<expiry in Unix seconds>:tabbeam"`, `credential = base64(HMAC-SHA1(secret, username))`. */
export async function mintTurnCredentials(
  secret: string,
  expiresAt: number,
): Promise<{ username: string; credential: string }> {
  const encoder = new TextEncoder();
  const username = `${Math.ceil(expiresAt / 1000)}:${TURN_USER}`;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(username));
  return { username, credential: toBase64(new Uint8Array(mac)) };
}

/**
 * The ICE servers a share uses, and its link carries: each server with a shared secret gets
 * credentials that expire at `expiresAt`; the others are passed on as they are. null stays null
 * (PeerJS's defaults).
 */
export async function shareIceServers(
  servers: readonly IceServerSetting[] | null,
  expiresAt: number,
): Promise<IceServer[] | null> {
  if (servers === null) return null;
  return Promise.all(
    servers.map(async (server): Promise<IceServer> => {
      if (!hasSecret(server)) return server;
      return { urls: [...server.urls], ...(await mintTurnCredentials(server.secret, expiresAt)) };
    }),
  );
}
