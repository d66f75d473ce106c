// The one Session value, written only by the background (kept in storage.session so a
// service-worker restart loses nothing) and watched by the popup.
import type { ShareError } from './errors';

export interface Viewer {
  /** The viewer's PeerJS id (random, per page load). */
  id: string;
  joinedAt: number;
  /** Emoji from both DTLS fingerprints; the viewer's page shows the same code. */
  code: string;
  /** 'waiting': proved the secret, waits for the host's approval (ask-to-join). */
  state: 'waiting' | 'watching';
}

export type EndReason = 'stopped' | 'tab-closed' | 'capture-ended' | 'expired';

export type Session =
  | { state: 'idle' }
  | { state: 'starting'; tabId: number; since: number }
  | {
      state: 'live';
      tabId: number;
      peerId: string;
      link: string;
      startedAt: number;
      viewers: Viewer[];
      /** No new viewers while locked. */
      locked: boolean;
      /** Nothing of the tab is sent while paused; viewers see a slate. */
      paused: boolean;
      /** The share stops itself at this time, or never (null). */
      expiresAt: number | null;
      /** False while the broker is unreachable: new viewers cannot join, current ones keep watching. */
      brokerOnline: boolean;
    }
  | { state: 'error'; error: ShareError };

export type SessionEvent =
  | { type: 'start'; tabId: number; at: number }
  | { type: 'started'; peerId: string; link: string; at: number; expiresAt: number | null }
  | { type: 'viewers'; viewers: Viewer[] }
  | { type: 'controls'; locked?: boolean; paused?: boolean; brokerOnline?: boolean }
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
        ? { state: 'live', tabId: session.tabId, peerId: event.peerId, link: event.link, startedAt: event.at, viewers: [], locked: false, paused: false, expiresAt: event.expiresAt, brokerOnline: true }
        : session;
    case 'viewers':
      return session.state === 'live' ? { ...session, viewers: event.viewers } : session;
    case 'controls':
      return session.state === 'live'
        ? {
            ...session,
            locked: event.locked ?? session.locked,
            paused: event.paused ?? session.paused,
            brokerOnline: event.brokerOnline ?? session.brokerOnline,
          }
        : session;
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
