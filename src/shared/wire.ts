// The protocol on the PeerJS data connection between the host (offscreen document) and a viewer.
// Versioned and validated on both ends: anything that does not parse closes that connection.
import { TOKEN_PATTERN } from './random-id';
import type { EndReason } from './session';

export const WIRE_VERSION = 1;
/** Both sides send a ping this often; silence for HEARTBEAT_TIMEOUT_MS means the other side is gone. */
export const HEARTBEAT_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 5000;
/** Largest message either side accepts (characters of JSON). */
export const MAX_MESSAGE = 1024;

export type DeniedReason = 'bad-secret' | 'version';

export type ViewerMessage = { t: 'hello'; v: number; secret: string } | { t: 'ping' };

export type HostMessage = { t: 'welcome' } | { t: 'denied'; reason: DeniedReason } | { t: 'end'; reason: EndReason } | { t: 'ping' };

const END_REASONS: readonly EndReason[] = ['stopped', 'tab-closed', 'capture-ended', 'replaced'];
const DENIED_REASONS: readonly DeniedReason[] = ['bad-secret', 'version'];

function record(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  if (JSON.stringify(data).length > MAX_MESSAGE) return null;
  return data as Record<string, unknown>;
}

function hasOnlyKeys(m: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(m).every((k) => keys.includes(k));
}

export function parseViewerMessage(data: unknown): ViewerMessage | null {
  const m = record(data);
  if (!m) return null;
  if (m.t === 'ping' && hasOnlyKeys(m, ['t'])) return { t: 'ping' };
  if (m.t === 'hello' && hasOnlyKeys(m, ['t', 'v', 'secret']) && Number.isInteger(m.v) && typeof m.secret === 'string' && TOKEN_PATTERN.test(m.secret)) {
    return { t: 'hello', v: m.v as number, secret: m.secret };
  }
  return null;
}

export function parseHostMessage(data: unknown): HostMessage | null {
  const m = record(data);
  if (!m) return null;
  if ((m.t === 'ping' || m.t === 'welcome') && hasOnlyKeys(m, ['t'])) return { t: m.t };
  if (m.t === 'denied' && hasOnlyKeys(m, ['t', 'reason']) && DENIED_REASONS.includes(m.reason as DeniedReason)) {
    return { t: 'denied', reason: m.reason as DeniedReason };
  }
  if (m.t === 'end' && hasOnlyKeys(m, ['t', 'reason']) && END_REASONS.includes(m.reason as EndReason)) {
    return { t: 'end', reason: m.reason as EndReason };
  }
  return null;
}
