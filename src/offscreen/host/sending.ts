// Media to each viewer over its own connection. Each viewer gets its own clone of the video track,
// so its quality (the share's preset, or its own Sharper/Smoother) is set on its sender alone, and
// a new source is one replaceTrack away. No track is attached until the viewer is let in and its
// media connection shows the fingerprint its proof was bound to.
import type { MediaConnection } from 'peerjs';
import { mark } from '../../shared/marks';
import { sdpFingerprint } from '../../shared/proof';
import type { SenderStats } from '../../shared/protocol';
import type { ViewerMessage } from '../../shared/wire';
import { applySending } from '../encoding';
import type { Outgoing } from './outgoing';
import { senderStats } from './sender-stats';
import { isPresent, isWatching, type Entry, type Roster } from './viewers';

/** A viewer's "prefer" retunes its sender at most this often. */
export const PREFER_INTERVAL_MS = 2_000;

/** The part of the media server that a viewer's wishes and routes reach. */
export interface RoomLink {
  /** The room is publishing. */
  isOn(): boolean;
  /** A viewer on the room asked for Sharper/Smoother: it applies room-wide. */
  prefer(want: Entry['preference']): void;
  tune(): Promise<void>;
}

export interface SendingDeps {
  out: Outgoing;
  roster: Pick<Roster, 'drop' | 'publish' | 'send' | 'watching'>;
  room: RoomLink;
  /** Places a PeerJS media call (peer.call). */
  call(viewerId: string, stream: MediaStream): MediaConnection;
}

export interface Sending {
  /** Calls a viewer that just connected; nothing is attached yet. */
  call(entry: Entry): void;
  /** Once both are known: the media answer's fingerprint must be the one the proof was bound to. */
  checkMedia(entry: Entry): void;
  /** Attaches the tracks only to a verified, unpaused media connection. */
  gate(entry: Entry): void;
  /** Takes "via" and "prefer"; false for any other message, or "prefer" before the viewer is let in. */
  handle(entry: Entry, message: ViewerMessage): boolean;
  /** Stops its clone and hangs up (it is leaving). */
  hangUp(entry: Entry): void;
  /** Stops everything of it (it is gone). */
  stop(entry: Entry): void;
  /** Every watching viewer's encoding follows the share's look. */
  retune(): void;
  /** False if already so. */
  setPaused(paused: boolean): boolean;
  setVideo(track: MediaStreamTrack): void;
  setAudio(track: MediaStreamTrack): void;
  stats(): Promise<SenderStats>[];
}

export function createSending(deps: SendingDeps): Sending {
  const { out, roster, room } = deps;

  function gate(entry: Entry): void {
    if (!entry.call) return;
    if (!isSending(entry, out)) {
      release(entry);
      return attach(entry, out);
    }
    if (entry.video) {
      attach(entry, out);
      return void tune(entry, out);
    }
    // A new clone is tuned before it is attached: a hint or encoding set on a running encoder
    // reconfigures it, and the viewer waits for the key frame after that.
    const clone = out.video.clone();
    entry.video = clone;
    void tune(entry, out).finally(() => {
      if (entry.video !== clone) return;
      mark('host:attach');
      attach(entry, out);
    });
  }

  function checkMedia(entry: Entry): void {
    const answer = entry.call?.peerConnection.remoteDescription;
    if (!answer || !entry.transcript || entry.mediaVerified) return;
    if (sdpFingerprint(answer.sdp) !== entry.transcript.viewerFingerprint) return roster.drop(entry);
    mark('host:media-verified');
    entry.mediaVerified = true;
    gate(entry);
  }

  function prefer(entry: Entry, want: Entry['preference']): void {
    entry.preference = want;
    if (entry.route === 'server') room.prefer(want);
    // At most one retune per PREFER_INTERVAL_MS (the latest wish wins): switching codecs
    // restarts the encoder, and a viewer must not be able to keep the host's CPU busy with it.
    if (entry.preferTimer !== undefined) return;
    const retuneFor = () => void (entry.route === 'server' ? room.tune() : tune(entry, out));
    retuneFor();
    entry.preferTimer = setTimeout(() => {
      entry.preferTimer = undefined;
      retuneFor();
    }, PREFER_INTERVAL_MS);
  }

  return {
    // Media is negotiated beside the data connection and the proof, to take their round trips off
    // the way to the first frame; gate() keeps every track off until the checks pass.
    call(entry) {
      mark('host:connection');
      const call = deps.call(entry.conn.peer, new MediaStream(out.audio ? [out.video, out.audio] : [out.video]));
      entry.call = call;
      gate(entry); // detaches the tracks PeerJS added: nothing is sent before the checks
      call.peerConnection.addEventListener('signalingstatechange', () => checkMedia(entry));
      const lost = () => entry.phase !== 'leaving' && roster.drop(entry);
      call.on('close', lost);
      call.on('error', lost);
    },
    checkMedia,
    gate,
    handle(entry, message) {
      if (message.t === 'via') {
        if (!isWatching(entry) || (message.route === 'server' && !room.isOn())) return true;
        entry.route = message.route;
        gate(entry);
        roster.publish();
        return true;
      }
      if (message.t !== 'prefer' || !isPresent(entry)) return false;
      prefer(entry, message.want);
      return true;
    },
    hangUp(entry) {
      release(entry);
      entry.call?.close();
      entry.call = null;
    },
    stop(entry) {
      clearTimeout(entry.preferTimer);
      release(entry);
      entry.call?.close();
    },
    retune() {
      for (const entry of roster.watching()) void tune(entry, out);
    },
    setPaused(paused) {
      if (out.paused === paused) return false;
      out.paused = paused;
      for (const entry of roster.watching()) {
        roster.send(entry, { t: 'paused', paused });
        gate(entry);
      }
      return true;
    },
    setVideo(track) {
      out.video = track;
      for (const entry of roster.watching()) {
        release(entry);
        gate(entry);
      }
    },
    setAudio(track) {
      out.audio = track;
      for (const entry of roster.watching()) gate(entry);
    },
    stats: () =>
      roster
        .watching()
        .filter((e) => e.call && e.route === 'direct')
        .map(directStats),
  };
}

function videoSender(entry: Entry): RTCRtpSender | undefined {
  return entry.call?.peerConnection.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
}

const isSending = (entry: Entry, out: Outgoing) =>
  isWatching(entry) && entry.mediaVerified && !out.paused && entry.route === 'direct';

function release(entry: Entry): void {
  entry.video?.stop();
  entry.video = null;
  entry.look = null;
}

/** Puts on each of the viewer's senders what it should send now: its clone and the sound, or nothing. */
function attach(entry: Entry, out: Outgoing): void {
  const sending = isSending(entry, out);
  for (const transceiver of entry.call?.peerConnection?.getTransceivers() ?? []) {
    const track = sending ? (transceiver.receiver.track.kind === 'video' ? entry.video : out.audio) : null;
    if (transceiver.sender.track === track) continue;
    void transceiver.sender.replaceTrack(track).catch(() => undefined);
  }
}

/** Sets this viewer's video encoding for its look: the share's, or the one it asked for. */
async function tune(entry: Entry, out: Outgoing): Promise<void> {
  const sender = videoSender(entry);
  const look = out.lookFor(entry.preference);
  if (!sender || !entry.video || entry.look === look) return;
  entry.look = look;
  const applied = await applySending(sender, entry.video, out.sendingFor(look));
  if (!applied && entry.look === look) entry.look = null; // untuned: the next retune tries again
}

async function directStats(entry: Entry): Promise<SenderStats> {
  const [sender, look, hint] = [videoSender(entry), entry.look ?? 'text', entry.video?.contentHint ?? ''];
  return senderStats(entry.conn.peer, sender, look, hint, await entry.call!.peerConnection.getStats());
}
