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
//   host → viewer   pointing { state }                at welcome and on every change (pointing.ts)
//   viewer → host   point { at | null }, tap { at }, ink { stroke, points }: marks in the shared
//                   tab, as fractions of the picture; rate-limited by the host, dropped when not allowed
//   host → viewer   relay { room, pin, feed }         above the share's media-server threshold: subscribe to
//                                                     this Janus room (the server is in the link); frames
//                                                     are end-to-end encrypted (src/shared/e2ee)
//                   key { id, k }                     a new frame key after a viewer was removed
//                   direct                            the media server is gone: watch peer to peer again
//   viewer → host   via { route }                     'server': Janus's picture is up, stop sending peer to
//                                                     peer; 'direct': it could not subscribe or decrypt
//   host → viewer   text-state { state }              at welcome and on every change (page-text.ts)
//                   text { seq, part, parts, runs, links, keep? }: the shared page's visible
//                                                     text, in parts of up to PART_CHARS, or as a change
//                                                     to the viewer's last page (keep); a newer seq replaces it
//   host → viewer   control { state }                 at welcome and on every change (remote-control.ts)
//   viewer → host   ask-control, release-control      ask the sharer for control; give it back (or stop asking)
//                   input { input }                   the controlling viewer's clicks, wheel, keys and text;
//                                                     rate-limited, dropped (and counted) from anyone else
//   both            ping every HEARTBEAT_MS
import { OVERLAY_STATES } from './overlay-state';
import { INK_BATCH, isPicturePoint, type PicturePoint, type PointingState } from './pointing';
import { PREFERENCES, type ViewerPreference } from './quality';
import { MAX_KEY_ID } from './e2ee/frame-crypto';
import { PART_CHARS, type TextState } from './page-text';
import { shaped } from './shape';
import { CONTROL_STATES, parseRemoteInput, type ControlState, type RemoteInput } from './remote-control';
import { isTextPart, type TextPart } from './page-text-parts';
import type { EndReason, MediaRoute } from './share-types';

export type { MediaRoute } from './share-types';

/**
 * 8: remote control (ask-control, release-control, input; control). 7: the live text layer (text, text-state). 6: a media server (relay, key, direct; via). 5: pointing (point, tap, ink; pointing). 4: the host calls at once, before hello and the proof.
 * A host and viewer of different versions refuse each other clearly: the host denies with reason
 * 'version' and, from 5 on, its own version, so the viewer can say which side is out of date.
 */
export const WIRE_VERSION = 8;
/** Both sides send a ping this often; silence for HEARTBEAT_TIMEOUT_MS means the other side is gone. */
export const HEARTBEAT_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 4000;
/** Largest message either side accepts (characters of JSON). */
export const MAX_MESSAGE = 1024;
/** A part of the page's text may be larger (page-text.ts PART_CHARS, plus its frame). */
export const MAX_TEXT_MESSAGE = PART_CHARS + 1024;

export type DeniedReason = 'bad-secret' | 'version' | 'full' | 'locked' | 'rejected';

export type ViewerMessage =
  | { t: 'hello'; v: number; nonce: string }
  | { t: 'proof'; mac: string }
  | { t: 'prefer'; want: ViewerPreference }
  | { t: 'point'; at: PicturePoint | null }
  | { t: 'tap'; at: PicturePoint }
  | { t: 'ink'; stroke: number; points: PicturePoint[] }
  | { t: 'via'; route: MediaRoute }
  | { t: 'ask-control' }
  | { t: 'release-control' }
  | { t: 'input'; input: RemoteInput }
  | { t: 'ping' };

/** Marks a viewer asks for in the shared tab. */
export type PointerMessage = Extract<ViewerMessage, { t: 'point' | 'tap' | 'ink' }>;

export type HostMessage =
  | { t: 'challenge'; nonce: string; key: string; mac: string }
  | { t: 'waiting' }
  | { t: 'welcome'; code: string }
  /** `v`: the host's wire version, sent with reason 'version' (absent from hosts before 5). */
  | { t: 'denied'; reason: DeniedReason; v?: number }
  | { t: 'pointing'; state: PointingState }
  | { t: 'paused'; paused: boolean }
  | { t: 'kicked' }
  | { t: 'relay'; room: number; pin: string; feed: number }
  /** `k`: the key's 16 bytes, base64url. */
  | { t: 'key'; id: number; k: string }
  | { t: 'direct' }
  | { t: 'text-state'; state: TextState }
  | ({ t: 'text' } & TextPart)
  | { t: 'control'; state: ControlState }
  | { t: 'end'; reason: EndReason }
  | { t: 'ping' };

const END_REASONS: readonly EndReason[] = ['stopped', 'tab-closed', 'tab-crashed', 'capture-ended', 'expired'];
const DENIED_REASONS: readonly DeniedReason[] = ['bad-secret', 'version', 'full', 'locked', 'rejected'];
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
const PIN = /^[A-Za-z0-9_-]{8,64}$/;
/** 16 bytes, base64url. */
const KEY = /^[A-Za-z0-9_-]{22}$/;
const isJanusId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

function record(data: unknown, max = MAX_MESSAGE): Record<string, unknown> | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  if (Object.getPrototypeOf(data) !== Object.prototype) return null;
  try {
    if (JSON.stringify(data).length > max) return null;
  } catch {
    return null;
  }
  return data as Record<string, unknown>;
}

const token = (value: unknown): value is string => typeof value === 'string' && TOKEN.test(value);
const isStrokeId = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 31;

export function parseViewerMessage(data: unknown): ViewerMessage | null {
  const m = record(data);
  if (!m) return null;
  if ((m.t === 'ping' || m.t === 'ask-control' || m.t === 'release-control') && shaped(m, ['t'])) return { t: m.t };
  if (m.t === 'hello' && shaped(m, ['t', 'v', 'nonce']) && Number.isInteger(m.v) && token(m.nonce))
    return { t: 'hello', v: m.v as number, nonce: m.nonce };
  if (m.t === 'proof' && shaped(m, ['t', 'mac']) && token(m.mac)) return { t: 'proof', mac: m.mac };
  if (m.t === 'prefer' && shaped(m, ['t', 'want']) && PREFERENCES.includes(m.want as ViewerPreference))
    return { t: 'prefer', want: m.want as ViewerPreference };
  if (m.t === 'point' && shaped(m, ['t', 'at']) && (m.at === null || isPicturePoint(m.at)))
    return { t: 'point', at: m.at };
  if (m.t === 'tap' && shaped(m, ['t', 'at']) && isPicturePoint(m.at)) return { t: 'tap', at: m.at };
  if (m.t === 'input' && shaped(m, ['t', 'input'])) {
    const input = parseRemoteInput(m.input);
    return input && { t: 'input', input };
  }
  if (m.t === 'via' && shaped(m, ['t', 'route']) && (m.route === 'direct' || m.route === 'server'))
    return { t: 'via', route: m.route };
  if (
    m.t === 'ink' &&
    shaped(m, ['t', 'stroke', 'points']) &&
    isStrokeId(m.stroke) &&
    Array.isArray(m.points) &&
    m.points.length >= 1 &&
    m.points.length <= INK_BATCH &&
    m.points.every(isPicturePoint)
  ) {
    return { t: 'ink', stroke: m.stroke, points: m.points as PicturePoint[] };
  }
  return null;
}

export function parseHostMessage(data: unknown): HostMessage | null {
  const m = record(data, (data as { t?: unknown } | null)?.t === 'text' ? MAX_TEXT_MESSAGE : MAX_MESSAGE);
  if (!m) return null;
  switch (m.t) {
    case 'text':
      return (shaped(m, ['t', 'seq', 'part', 'parts', 'runs', 'links']) ||
        shaped(m, ['t', 'seq', 'part', 'parts', 'runs', 'links', 'keep'])) &&
        isTextPart(m)
        ? ({ t: 'text', ...m } as HostMessage)
        : null;
    case 'text-state':
      return shaped(m, ['t', 'state']) && OVERLAY_STATES.includes(m.state as TextState)
        ? { t: 'text-state', state: m.state as TextState }
        : null;
    case 'ping':
    case 'waiting':
    case 'kicked':
    case 'direct':
      return shaped(m, ['t']) ? { t: m.t } : null;
    case 'challenge':
      return shaped(m, ['t', 'nonce', 'key', 'mac']) && token(m.nonce) && token(m.key) && token(m.mac)
        ? { t: 'challenge', nonce: m.nonce, key: m.key, mac: m.mac }
        : null;
    case 'welcome':
      return shaped(m, ['t', 'code']) && typeof m.code === 'string' && m.code.length <= 64
        ? { t: 'welcome', code: m.code }
        : null;
    case 'denied':
      if (!DENIED_REASONS.includes(m.reason as DeniedReason)) return null;
      if (shaped(m, ['t', 'reason'])) return { t: 'denied', reason: m.reason as DeniedReason };
      return shaped(m, ['t', 'reason', 'v']) && Number.isInteger(m.v)
        ? { t: 'denied', reason: m.reason as DeniedReason, v: m.v as number }
        : null;
    case 'control':
      return shaped(m, ['t', 'state']) && CONTROL_STATES.includes(m.state as ControlState)
        ? { t: 'control', state: m.state as ControlState }
        : null;
    case 'pointing':
      return shaped(m, ['t', 'state']) && OVERLAY_STATES.includes(m.state as PointingState)
        ? { t: 'pointing', state: m.state as PointingState }
        : null;
    case 'relay':
      return shaped(m, ['t', 'room', 'pin', 'feed']) &&
        isJanusId(m.room) &&
        isJanusId(m.feed) &&
        typeof m.pin === 'string' &&
        PIN.test(m.pin)
        ? { t: 'relay', room: m.room, pin: m.pin, feed: m.feed }
        : null;
    case 'key':
      return shaped(m, ['t', 'id', 'k']) &&
        Number.isInteger(m.id) &&
        (m.id as number) >= 1 &&
        (m.id as number) <= MAX_KEY_ID &&
        typeof m.k === 'string' &&
        KEY.test(m.k)
        ? { t: 'key', id: m.id as number, k: m.k }
        : null;
    case 'paused':
      return shaped(m, ['t', 'paused']) && typeof m.paused === 'boolean' ? { t: 'paused', paused: m.paused } : null;
    case 'end':
      return shaped(m, ['t', 'reason']) && END_REASONS.includes(m.reason as EndReason)
        ? { t: 'end', reason: m.reason as EndReason }
        : null;
    default:
      return null;
  }
}
