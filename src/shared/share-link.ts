// The share link: <viewer page>#id=<peer id>&k=<secret>[&c=<connection config>]
// The config is base64url JSON: { b?: broker, i?: ICE servers, m?: { u: media server URL, s: its secret } }.
// Everything the viewer needs rides in the #fragment, which browsers never send to the viewer's
// web host. The link is hostile input on the viewer side: parseShareLink accepts nothing else.
import { fromBase64Url, toBase64Url } from './base64url';
import { TOKEN_PATTERN } from './random-id';
import { isFieldError } from './field-errors';
import {
  validateBroker,
  validateIceServers,
  validateMediaServerAccess,
  type BrokerSettings,
  type IceServer,
  type MediaServerAccess,
} from './settings';

export interface ShareTarget {
  peerId: string;
  secret: string;
  /** null: the PeerJS public broker. */
  broker: BrokerSettings | null;
  /** null: PeerJS's default ICE servers. */
  iceServers: IceServer[] | null;
  /**
   * The sharer's Janus media server (address and secret), so viewers beyond the host's threshold
   * reach the same one; null: peer to peer only. The threshold itself stays with the host.
   */
  mediaServer: MediaServerAccess | null;
}

/** What a link is made from: a target without `mediaServer` is one without a media server. */
export type LinkTarget = Omit<ShareTarget, 'mediaServer'> & { mediaServer?: MediaServerAccess | null };

export type LinkProblem = 'missing' | 'malformed' | 'too-long';

const MAX_FRAGMENT = 4096;

export function buildShareLink(viewerUrl: string, target: LinkTarget): string {
  const params = new URLSearchParams({ id: target.peerId, k: target.secret });
  if (target.broker || target.iceServers || target.mediaServer) {
    const config: { b?: BrokerSettings; i?: IceServer[]; m?: { u: string; s: string } } = {};
    if (target.broker) config.b = target.broker;
    // Field by field: whatever else a server object holds stays out of the link.
    if (target.iceServers)
      config.i = target.iceServers.map(({ urls, username, credential }) => ({ urls, username, credential }));
    if (target.mediaServer) config.m = { u: target.mediaServer.url, s: target.mediaServer.apiSecret };
    params.set('c', toBase64Url(new TextEncoder().encode(JSON.stringify(config))));
  }
  const url = new URL(viewerUrl);
  url.hash = params.toString();
  return url.href;
}

export function parseShareLink(hash: string): { ok: true; target: ShareTarget } | { ok: false; problem: LinkProblem } {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return { ok: false, problem: 'missing' };
  if (fragment.length > MAX_FRAGMENT) return { ok: false, problem: 'too-long' };
  const malformed = { ok: false, problem: 'malformed' } as const;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(fragment);
  } catch {
    return malformed;
  }
  for (const key of params.keys()) if (!['id', 'k', 'c'].includes(key)) return malformed;
  if (params.getAll('id').length !== 1 || params.getAll('k').length !== 1 || params.getAll('c').length > 1)
    return malformed;
  const peerId = params.get('id') ?? '';
  const secret = params.get('k') ?? '';
  if (!TOKEN_PATTERN.test(peerId) || !TOKEN_PATTERN.test(secret)) return malformed;

  let broker: BrokerSettings | null = null;
  let iceServers: IceServer[] | null = null;
  let mediaServer: MediaServerAccess | null = null;
  const c = params.get('c');
  if (c !== null) {
    let config: unknown;
    try {
      config = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(c)));
    } catch {
      return malformed;
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return malformed;
    const { b, i, m, ...rest } = config as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return malformed;
    if (b !== undefined) {
      const parsed = validateBroker(b);
      if (parsed === null || 'field' in parsed) return malformed;
      broker = parsed;
    }
    if (i !== undefined) {
      const parsed = validateIceServers(i);
      if (parsed === null || 'field' in parsed) return malformed;
      iceServers = parsed;
    }
    if (m !== undefined) {
      // `{ u, s }` and nothing else, held to the settings' own rules (wss:, or ws: on this machine…).
      if (typeof m !== 'object' || m === null || Array.isArray(m)) return malformed;
      const { u, s, ...extra } = m as Record<string, unknown>;
      if (Object.keys(extra).length > 0 || typeof u !== 'string') return malformed;
      const parsed = validateMediaServerAccess({ url: u, apiSecret: s });
      if (isFieldError(parsed)) return malformed;
      mediaServer = parsed;
    }
  }
  return { ok: true, target: { peerId, secret, broker, iceServers, mediaServer } };
}
