// The one Session value, written only by the background (kept in storage.session so a
// service-worker restart loses nothing) and watched by the popup.
import type { ShareError } from './errors';

export interface Viewer {
  /** The viewer's PeerJS id (random, per page load). */
  id: string;
  joinedAt: number;
}

export type EndReason = 'stopped' | 'tab-closed' | 'capture-ended' | 'replaced';

export type Session =
  | { state: 'idle' }
  | { state: 'starting'; tabId: number; since: number }
  | { state: 'live'; tabId: number; peerId: string; link: string; startedAt: number; viewers: Viewer[] }
  | { state: 'error'; error: ShareError };

export type SessionEvent =
  | { type: 'start'; tabId: number; at: number }
  | { type: 'started'; peerId: string; link: string; at: number }
  | { type: 'viewers'; viewers: Viewer[] }
  | { type: 'failed'; error: ShareError }
  | { type: 'ended' }
  | { type: 'dismissed' };

export const IDLE: Session = { state: 'idle' };

/** Pure transitions. An event that makes no sense in the current state leaves it unchanged. */
export function nextSession(session: Session, event: SessionEvent): Session {
  switch (event.type) {
    case 'start':
      return session.state === 'idle' || session.state === 'error' ? { state: 'starting', tabId: event.tabId, since: event.at } : session;
    case 'started':
      return session.state === 'starting'
        ? { state: 'live', tabId: session.tabId, peerId: event.peerId, link: event.link, startedAt: event.at, viewers: [] }
        : session;
    case 'viewers':
      return session.state === 'live' ? { ...session, viewers: event.viewers } : session;
    case 'failed':
      return session.state === 'starting' ? { state: 'error', error: event.error } : session;
    case 'ended':
      return session.state === 'live' || session.state === 'starting' ? IDLE : session;
    case 'dismissed':
      return session.state === 'error' ? IDLE : session;
  }
}

export function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const state = (value as { state?: unknown }).state;
  return state === 'idle' || state === 'starting' || state === 'live' || state === 'error';
}
