// The protocol on the PeerJS data connection between the host (offscreen document) and a viewer.
// Versioned and validated on both ends: anything that does not parse closes that connection.
//
//   (the host places the media call as soon as the connection arrives, with no track attached)
//   viewer → host   hello { v, nonce }
//   host → viewer   challenge { nonce, key, mac }     key: MAC of the secret and nonces alone,
//                                                     mac: bound to both DTLS fingerprints (proof.ts)
//   viewer → host   proof { mac }
//   host → viewer   waiting (ask-to-join) → welcome { code }: tracks attach once the media answer
//                   shows the proven fingerprint; or denied { reason }; later paused { paused },
//                   kicked, end { reason }
//   viewer → host   prefer { want }                   sharper / smoother / auto, for this viewer only
//   both            ping every HEARTBEAT_MS
import { PREFERENCES, type ViewerPreference } from './quality';
import type { EndReason } from './session';

/**
 * 4: the host calls at once, before hello and the proof (no track until it holds); a v3 viewer
 * would hang up on that early call. A host and viewer of different versions refuse each other clearly.
 */
export const WIRE_VERSION = 4;
/** Both sides send a ping this often; silence for HEARTBEAT_TIMEOUT_MS means the other side is gone. */
export const HEARTBEAT_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 4000;
/** Largest message either side accepts (characters of JSON). */
export const MAX_MESSAGE = 1024;

export type DeniedReason = 'bad-secret' | 'version' | 'full' | 'locked' | 'rejected';

export type ViewerMessage = { t: 'hello'; v: number; nonce: string } | { t: 'proof'; mac: string } | { t: 'prefer'; want: ViewerPreference } | { t: 'ping' };

export type HostMessage =
  | { t: 'challenge'; nonce: string; key: string; mac: string }
  | { t: 'waiting' }
  | { t: 'welcome'; code: string }
  | { t: 'denied'; reason: DeniedReason }
  | { t: 'paused'; paused: boolean }
  | { t: 'kicked' }
  | { t: 'end'; reason: EndReason }
  | { t: 'ping' };

const END_REASONS: readonly EndReason[] = ['stopped', 'tab-closed', 'tab-crashed', 'capture-ended', 'expired'];
const DENIED_REASONS: readonly DeniedReason[] = ['bad-secret', 'version', 'full', 'locked', 'rejected'];
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

function record(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  if (Object.getPrototypeOf(data) !== Object.prototype) return null;
  try {
    if (JSON.stringify(data).length > MAX_MESSAGE) return null;
  } catch {
    return null;
  }
  return data as Record<string, unknown>;
}

function shaped(m: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(m).length === keys.length && keys.every((k) => Object.hasOwn(m, k));
}

const token = (value: unknown): value is string => typeof value === 'string' && TOKEN.test(value);

export function parseViewerMessage(data: unknown): ViewerMessage | null {
  const m = record(data);
  if (!m) return null;
  if (m.t === 'ping' && shaped(m, ['t'])) return { t: 'ping' };
  if (m.t === 'hello' && shaped(m, ['t', 'v', 'nonce']) && Number.isInteger(m.v) && token(m.nonce)) return { t: 'hello', v: m.v as number, nonce: m.nonce };
  if (m.t === 'proof' && shaped(m, ['t', 'mac']) && token(m.mac)) return { t: 'proof', mac: m.mac };
  if (m.t === 'prefer' && shaped(m, ['t', 'want']) && PREFERENCES.includes(m.want as ViewerPreference)) return { t: 'prefer', want: m.want as ViewerPreference };
  return null;
}

export function parseHostMessage(data: unknown): HostMessage | null {
  const m = record(data);
  if (!m) return null;
  switch (m.t) {
    case 'ping':
    case 'waiting':
    case 'kicked':
      return shaped(m, ['t']) ? { t: m.t } : null;
    case 'challenge':
      return shaped(m, ['t', 'nonce', 'key', 'mac']) && token(m.nonce) && token(m.key) && token(m.mac) ? { t: 'challenge', nonce: m.nonce, key: m.key, mac: m.mac } : null;
    case 'welcome':
      return shaped(m, ['t', 'code']) && typeof m.code === 'string' && m.code.length <= 64 ? { t: 'welcome', code: m.code } : null;
    case 'denied':
      return shaped(m, ['t', 'reason']) && DENIED_REASONS.includes(m.reason as DeniedReason) ? { t: 'denied', reason: m.reason as DeniedReason } : null;
    case 'paused':
      return shaped(m, ['t', 'paused']) && typeof m.paused === 'boolean' ? { t: 'paused', paused: m.paused } : null;
    case 'end':
      return shaped(m, ['t', 'reason']) && END_REASONS.includes(m.reason as EndReason) ? { t: 'end', reason: m.reason as EndReason } : null;
    default:
      return null;
  }
}
