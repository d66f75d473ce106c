// The one Session value, written only by the background (kept in storage.session so a
// service-worker restart loses nothing) and watched by the popup.
import type { ShareError } from './errors';
import type { Preset } from './quality';
import type { MediaRoute } from './share-types';

export type { EndReason } from './share-types';

export interface Viewer {
  /** The viewer's PeerJS id (random, per page load). */
  id: string;
  joinedAt: number;
  /** Emoji from both DTLS fingerprints; the viewer's page shows the same code. */
  code: string;
  /** 'waiting': proved the secret, waits for the host's approval (ask-to-join). */
  state: 'waiting' | 'watching';
  /** The sharer lets this viewer point (on unless switched off for it). */
  canPoint: boolean;
  /** It drew a mark in the last moments (src/shared/pointing.ts POINTING_RECENT_MS). */
  pointing: boolean;
  /** 'server': it watches through the media server. */
  via: MediaRoute;
  /** It asks to control the shared tab, or controls it (src/shared/remote-control.ts). */
  control: ViewerControl;
}

export type ViewerControl = 'asking' | 'controlling' | null;

/**
 * The media server of a share: 'off' until needed (or not set up), 'on' while viewers can watch
 * through it, 'unreachable' when it could not be opened, 'lost' when it went away mid-share.
 * In the last two, viewers watch peer to peer.
 */
export type ServerState = 'off' | 'on' | 'unreachable' | 'lost';

/** How long the host is told that a waiting viewer left before it answered. */
export const LEFT_NOTICE_MS = 8_000;

/** A viewer that was waiting to be let in and went away before the host answered (ask-to-join). */
export interface Departure {
  id: string;
  code: string;
  /** When the host noticed. */
  at: number;
}

/**
 * What is being shown. Only a 'tab' source is tied to a tab id (closing that tab ends the share);
 * 'picked' is whatever the user chose in Chrome's picker: a screen, a window or another tab.
 */
export type ShareSource = { kind: 'tab'; tabId: number } | { kind: 'picked' } | { kind: 'camera' };

export type Session =
  | { state: 'idle' }
  | { state: 'starting'; source: ShareSource; since: number }
  | {
      state: 'live';
      source: ShareSource;
      peerId: string;
      link: string;
      startedAt: number;
      viewers: Viewer[];
      /** Waiting viewers that left in the last few seconds (the popup says so); absent before the first. */
      left?: Departure[];
      /** No new viewers while locked. */
      locked: boolean;
      /** Nothing of the tab is sent while paused; viewers see a slate. */
      paused: boolean;
      /** The share stops itself at this time, or never (null). */
      expiresAt: number | null;
      /** False while the broker is unreachable: new viewers cannot join, current ones keep watching. */
      brokerOnline: boolean;
      /** The microphone is mixed into the outgoing audio. */
      mic: boolean;
      /** The source's sound is silent for the sharer but still streamed. */
      mutedForMe: boolean;
      quality: Preset;
      /** The sharer lets viewers point (each viewer may also be switched off: Viewer.canPoint). */
      pointing: boolean;
      /** The sharer lets viewers read and copy the shared page's text (the live text layer). */
      copying: boolean;
      /**
       * Where marks are drawn: 'on' in the shared tab's overlay; 'blocked' where Chrome does not let
       * TabBeam draw on the tab's page; 'none' for a screen, window, camera or picked tab.
       */
      overlay: 'on' | 'blocked' | 'none';
      server: ServerState;
    }
  | { state: 'error'; error: ShareError };

export type SessionEvent =
  | { type: 'start'; source: ShareSource; at: number }
  | {
      type: 'started';
      peerId: string;
      link: string;
      at: number;
      expiresAt: number | null;
      quality: Preset;
      /** Whether viewers get the page's text from the start (Settings: liveText). */
      copying: boolean;
    }
  | { type: 'switched'; source: ShareSource }
  | { type: 'viewers'; viewers: Viewer[]; left?: Departure[] }
  | { type: 'controls'; controls: Partial<Controls> }
  | { type: 'failed'; error: ShareError }
  | { type: 'ended' }
  | { type: 'dismissed' };

/** The switches of a live share that the popup flips. */
export type Controls = Pick<
  Extract<Session, { state: 'live' }>,
  | 'locked'
  | 'paused'
  | 'brokerOnline'
  | 'mic'
  | 'mutedForMe'
  | 'quality'
  | 'pointing'
  | 'copying'
  | 'overlay'
  | 'server'
>;

export const IDLE: Session = { state: 'idle' };

/** Pure transitions. An event that makes no sense in the current state leaves it unchanged. */
export function nextSession(session: Session, event: SessionEvent): Session {
  switch (event.type) {
    case 'start':
      return session.state === 'idle' || session.state === 'error'
        ? { state: 'starting', source: event.source, since: event.at }
        : session;
    case 'started':
      return session.state === 'starting'
        ? {
            state: 'live',
            source: session.source,
            peerId: event.peerId,
            link: event.link,
            startedAt: event.at,
            viewers: [],
            expiresAt: event.expiresAt,
            locked: false,
            paused: false,
            brokerOnline: true,
            mic: false,
            mutedForMe: false,
            quality: event.quality,
            pointing: true,
            copying: event.copying,
            overlay: 'none',
            server: 'off',
          }
        : session;
    case 'switched':
      return session.state === 'live' ? { ...session, source: event.source } : session;
    case 'viewers':
      return session.state === 'live' ? { ...session, viewers: event.viewers, left: event.left ?? [] } : session;
    case 'controls':
      return session.state === 'live' ? { ...session, ...event.controls } : session;
    case 'failed':
      if (session.state !== 'starting') return session;
      // Closing the picker is a choice, not a failure: back to idle without a message.
      return event.error.code === 'cancelled' ? IDLE : { state: 'error', error: event.error };
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
