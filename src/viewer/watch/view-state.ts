// What the viewer's side of a share reports and accepts: its states, problems, options and deadlines.
import type { Peer, PeerOptions } from 'peerjs';
import type { PageText, TextState } from '../../shared/page-text';
import type { PointingState } from '../../shared/pointing';
import type { ViewerPreference } from '../../shared/quality';
import type { ControlState } from '../../shared/remote-control';
import type { DeniedReason, MediaRoute, PointerMessage, ViewerMessage } from '../../shared/wire';
import type { NetworkSignals } from './network-change';
import type { subscribeFeed } from './server-feed';

export type ViewProblem =
  | 'bad-link'
  | 'not-found'
  | 'broker-unreachable'
  | 'connection-failed'
  | 'security'
  | 'lost'
  | 'kicked'
  /** The host refused the secret: a wrong or expired link. */
  | 'denied'
  /** Reason 'version' from a host of an older wire version (or one too old to say which): it needs updating. */
  | 'host-outdated'
  /** Reason 'version' otherwise: a host newer than this page, which needs reloading. */
  | Exclude<DeniedReason, 'bad-secret'>;

export type ViewState =
  | { kind: 'connecting'; step: 'broker' | 'host' | 'proof' | 'media' }
  | { kind: 'waiting'; code: string }
  | { kind: 'reconnecting'; attempt: number }
  /**
   * `pointing`: whether the host draws this viewer's marks now ('off' until it says); `via`: where the picture
   * comes from; `control`: what this viewer may do about controlling the shared tab ('page' until it says).
   */
  | { kind: 'live'; code: string; paused: boolean; pointing: PointingState; via: MediaRoute; control: ControlState }
  | { kind: 'ended' }
  | { kind: 'error'; problem: ViewProblem; broker?: string };

/** Deadline for each connecting step. */
export const STEP_TIMEOUT_MS = 10_000;
/**
 * Shorter while reconnecting: an attempt started during an outage cannot succeed (its TURN
 * allocation or ICE checks already gave up), so a fresh one soon after the network returns wins.
 */
export const RECONNECT_STEP_TIMEOUT_MS = 3_000;
/** Waits before each attempt to get back to a share that was playing; then the viewer gives up. */
export const RETRY_BACKOFF_MS = [250, 500, 1000, 2000, 4000, 4000, 4000, 4000];
/**
 * Reconnect attempts in a row that the broker answers with "no such peer" before the viewer
 * concludes the share has ended (the host's tab crashed, or it ended while we were cut off).
 * One or two are allowed: a host that lost the broker too needs a moment to register again.
 */
export const NOT_FOUND_MEANS_ENDED = 3;
/** A refused subscription to the media server is tried once more after this long; then the host's picture stays. */
export const SUBSCRIBE_RETRY_MS = 1_000;

/** From the host: whether the shared page's text comes (state), or a whole new page of it. */
export type PageTextUpdate = { state: TextState } | { page: PageText };

export interface WatchOptions {
  hash: string;
  createPeer(options: PeerOptions): Peer;
  createCertificate(): Promise<RTCCertificate>;
  onState(state: ViewState): void;
  /**
   * The stream to play, or null. Across a move to the media server and back it stays the same
   * object (its tracks change), so the page's player never restarts.
   */
  onStream(stream: MediaStream | null): void;
  /** The shared page's text as the host sends it (the live text layer). */
  onText?(update: PageTextUpdate): void;
  /** The real one by default (server-feed.ts); tests pass their own. */
  subscribeFeed?: typeof subscribeFeed;
  /** The page's network and its changes (network-change.ts): the browser's by default. */
  network?: NetworkSignals;
  now?: () => number;
}

/** What a viewer sends about controlling the shared tab. */
export type ControlMessage = Extract<ViewerMessage, { t: 'ask-control' | 'release-control' | 'input' }>;

export interface Watching {
  /** Asks the host for a sharper or smoother picture on this viewer's connection; kept across reconnects. */
  prefer(want: ViewerPreference): void;
  /** The statistics of the connection the picture arrives on, or null when there is none. */
  stats(): Promise<RTCStatsReport | null>;
  /** Sends a pointer mark while live, not paused and pointing is 'on'; otherwise drops it (the host would). */
  point(message: PointerMessage): void;
  /** Asks for control, gives it back, or sends input while live and not paused; otherwise drops it. */
  control(message: ControlMessage): void;
  close(): void;
}
