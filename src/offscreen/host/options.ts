// What a share's host is opened with (index.ts openHost).
import type { Peer, PeerOptions } from 'peerjs';
import type { Preset, QualityLimits } from '../../shared/quality';
import type { Departure, ServerState, Viewer } from '../../shared/session';
import type { MediaServer } from '../../shared/settings';
import type { ServerRoom, ServerRoomOptions } from './server-room';

export interface HostOptions {
  peerId: string;
  secret: string;
  /** The outgoing tracks; setVideo() and setAudio() swap them later. */
  video: MediaStreamTrack;
  audio: MediaStreamTrack | null;
  quality: Preset;
  limits: QualityLimits;
  /** Must carry `fingerprint`'s certificate in config.certificates (peerOptions()). */
  peerOptions: PeerOptions;
  /** This host's DTLS certificate fingerprint (sha-256, upper-case hex). */
  fingerprint: string;
  askToJoin: boolean;
  maxViewers: number;
  /** The sharer lets viewers point (the pointing control changes it). */
  pointing: boolean;
  /** The sharer lets viewers read and copy the page's text (the copying control changes it). */
  copying: boolean;
  /** The sharer's own mouse or keyboard in the shared tab takes control back (Settings: controlYieldsToSharer). */
  controlYieldsToSharer: boolean;
  /** A Janus server to publish to once more than its threshold of viewers watch, or null: always peer to peer. */
  mediaServer: MediaServer | null;
  /** For error messages: which broker we tried. */
  brokerLabel: string;
  createPeer(id: string, options: PeerOptions): Peer;
  /** The real one by default (server-room.ts); tests pass their own. */
  openServerRoom?(options: ServerRoomOptions): Promise<ServerRoom>;
  /** The media server was opened, could not be reached, or was lost. */
  onServer?(state: ServerState): void;
  /** `left`: viewers that were waiting to be let in and went away (silent, closed) in the last LEFT_NOTICE_MS. */
  onViewers(viewers: Viewer[], left: Departure[]): void;
  /** The broker connection dropped (false) or came back (true); viewers watching are not affected. */
  onBroker(online: boolean): void;
  now?: () => number;
}
