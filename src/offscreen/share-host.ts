// The host side of a share: a PeerJS peer under the share's ID. A viewer must prove it holds the
// link secret, bound to the DTLS fingerprints of this very connection (src/shared/proof.ts),
// before anything else happens; only then is it admitted (or asked about) and called with the
// stream, and no track is attached to its media connection until that connection's fingerprint
// matches the proven one. Viewers are data (the `entries` map); the UI learns of them via onViewers.
// Each viewer gets its own clone of the video track, so its quality (the share's preset, or its own
// "sharper"/"smoother" request) is set on its sender alone, and a new source is one replaceTrack away.
// Above the media-server threshold the picture goes once to a Janus room instead (server-room.ts):
// each viewer is told where to subscribe, and its own connection stops sending once it says the
// room's picture is up (`route`). The data connection, the proof and the controls stay here.
import type { DataConnection, MediaConnection, Peer, PeerError, PeerOptions } from 'peerjs';
import { toBase64Url } from '../shared/base64url';
import { deriveShareKey, importFrameKey, MAX_KEY_ID, newKeyBytes } from '../shared/e2ee/frame-crypto';
import { AppError } from '../shared/errors';
import { mark } from '../shared/marks';
import { INK_STROKE_POINTS, MARK_COLOURS, POINT_RATE, POINTING_RECENT_MS, rateLimiter, type MarkOwner, type OverlayMessage, type PointingState } from '../shared/pointing';
import { importSecret, randomNonce, sdpFingerprint, sign, verificationCode, verify, type Transcript } from '../shared/proof';
import type { SenderStats } from '../shared/protocol';
import { lookFor, shareLook, videoSending, type Look, type Preset, type QualityLimits, type ViewerPreference } from '../shared/quality';
import { LEFT_NOTICE_MS, type Departure, type EndReason, type ServerState, type Viewer } from '../shared/session';
import type { MediaServer } from '../shared/settings';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, parseViewerMessage, WIRE_VERSION, type DeniedReason, type HostMessage, type MediaRoute, type PointerMessage } from '../shared/wire';
import { applySending } from './encoding';
import { openServerRoom, type ServerRoom, type ServerRoomOptions } from './server-room';

/** How long the broker may take to register the share before we call it unreachable. */
export const OPEN_TIMEOUT_MS = 10_000;
/** A new connection must complete the proof within this time. */
export const PROOF_TIMEOUT_MS = 5_000;
/** Connections that have not proven the secret yet; more are refused at once. */
export const MAX_PENDING = 20;
/** A viewer's "prefer" retunes its sender at most this often. */
export const PREFER_INTERVAL_MS = 2_000;
/** Time for a last message ("end", "denied") to leave before the channel closes. */
const FLUSH_MS = 250;
/** After a media server failed, the next viewer let in tries it again only after this long. */
export const SERVER_RETRY_MS = 30_000;
/** A new frame key is sent to viewers this long before frames are encrypted with it. */
export const KEY_SWITCH_MS = 1_000;

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
  /** The sharer lets viewers point (setPointing changes it). */
  pointing: boolean;
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

/** Waits between attempts to reach the broker again: quick at first, never longer than 2 s. */
export const BROKER_BACKOFF_MS = [250, 500, 1000, 2000];

export interface ShareHost {
  end(reason: EndReason): Promise<void>;
  lock(locked: boolean): void;
  pause(paused: boolean): void;
  /** Shows a new source to every viewer on its existing connection. */
  setVideo(track: MediaStreamTrack): void;
  /** Sends another sound track on every viewer's existing connection (src/offscreen/mixer.ts). */
  setAudio(track: MediaStreamTrack): void;
  quality(preset: Preset): void;
  /** What Auto currently sees in the source (src/shared/quality.ts autoLook). */
  setAutoLook(look: Look): void;
  admit(viewerId: string, allow: boolean): void;
  kick(viewerId: string): void;
  /** The sharer's switch for everyone: off removes every mark at once. */
  pointing(allowed: boolean): void;
  /** The sharer's switch for one viewer: off removes that viewer's marks. */
  viewerPointing(viewerId: string, allowed: boolean): void;
  /**
   * Where marks are drawn: the overlay in the shared tab, or nowhere. `surface`: 'tab' while a
   * tab is shown (marks need its overlay), 'other' for a screen, window, camera or picked tab.
   */
  setOverlay(surface: 'tab' | 'other', overlay: ((message: OverlayMessage) => void) | null): void;
  stats(): Promise<SenderStats[]>;
}

type Phase = 'hello' | 'challenged' | 'verifying' | 'waiting' | 'watching' | 'leaving';

interface Entry {
  conn: DataConnection;
  phase: Phase;
  transcript: Transcript | null;
  code: string;
  call: MediaConnection | null;
  /** The media connection presented the proven fingerprint. */
  mediaVerified: boolean;
  /** This viewer's clone of the video track (null while not sending), and how it is tuned. */
  video: MediaStreamTrack | null;
  preference: ViewerPreference;
  look: Look | null;
  joinedAt: number;
  lastSeen: number;
  proofTimer: ReturnType<typeof setTimeout>;
  preferTimer: ReturnType<typeof setTimeout> | undefined;
  /** The sharer lets this viewer point (the viewer list's switch). */
  canPoint: boolean;
  /** What this viewer was last told about pointing (null: nothing yet). */
  pointingSent: PointingState | null;
  /** Its marks' colour and name, from when it was let in. */
  owner: MarkOwner | null;
  /** When its last mark was drawn (0: never): the popup shows "pointing" for a while after. */
  lastMark: number;
  /** Whether the popup was last told it is pointing. */
  shownPointing: boolean;
  /** Pointer messages beyond POINT_RATE a second are dropped, never queued. */
  pointRate: { allow(): boolean };
  /** Points drawn per stroke id, for the last few strokes. */
  strokes: Map<number, number>;
  /** 'server': its picture comes from the media server, so its own connection sends nothing. */
  route: MediaRoute;
}

/** Proved the secret and not leaving: counted, listed in the popup, pinged. */
const isPresent = (entry: Entry) => entry.phase === 'waiting' || entry.phase === 'watching';

export async function openHost(options: HostOptions): Promise<ShareHost> {
  const now = options.now ?? Date.now;
  const key = await importSecret(options.secret);
  const peer = options.createPeer(options.peerId, options.peerOptions);
  try {
    await whenOpen(peer, options.brokerLabel);
  } catch (error) {
    peer.destroy();
    throw error;
  }

  let video = options.video;
  let audio = options.audio;
  const entries = new Map<DataConnection, Entry>();
  let locked = false;
  let paused = false;
  let preset = options.quality;
  let autoLook: Look = 'text';
  let pointingAllowed = options.pointing;
  let surface: 'tab' | 'other' = 'other';
  let overlay: ((message: OverlayMessage) => void) | null = null;
  /** Colours go round in the order viewers are let in. */
  let nextColour = 0;
  let ended = false;

  // The media server: 'on' while the room publishes; a failure is tried again at the next
  // admission after SERVER_RETRY_MS. Once on, the share stays on it (no flapping at the threshold).
  const openRoom = options.openServerRoom ?? openServerRoom;
  let server: { state: 'off' } | { state: 'opening' } | { state: 'on'; room: ServerRoom } | { state: 'unreachable' | 'lost'; at: number } = { state: 'off' };
  /** Frames to the room are encrypted under this key; 0 is derived from the link secret (e2ee/frame-crypto.ts). */
  let frameKey: { id: number; key: CryptoKey; raw: string } | null = null;
  /** Sharper/Smoother from a viewer on the room applies to the whole room. */
  let roomPreference: ViewerPreference = 'auto';

  let departures: Departure[] = [];

  const present = () => [...entries.values()].filter(isPresent);
  const publish = () => {
    const viewers: Viewer[] = present().map((e) => {
      e.shownPointing = isPointing(e);
      return { id: e.conn.peer, joinedAt: e.joinedAt, code: e.code, state: e.phase === 'waiting' ? 'waiting' : 'watching', canPoint: e.canPoint, pointing: e.shownPointing, via: e.route };
    });
    // A viewer that came back (same code: it keeps its certificate) is no longer gone.
    departures = departures.filter((d) => d.at > now() - LEFT_NOTICE_MS && !viewers.some((v) => v.code === d.code));
    options.onViewers(viewers, departures);
  };
  const byId = (id: string) => [...entries.values()].find((e) => e.conn.peer === id);
  const isPointing = (entry: Entry) => entry.lastMark > 0 && now() - entry.lastMark < POINTING_RECENT_MS;

  /** What a watching viewer may do with its pointer now, and why not. */
  function pointingFor(entry: Entry): PointingState {
    if (!pointingAllowed || !entry.canPoint) return 'off';
    if (surface !== 'tab') return 'source';
    return overlay ? 'on' : 'page';
  }

  /** Tells every watching viewer whose pointing changed; the overlay forgets marks no longer allowed. */
  function updatePointing(): void {
    for (const entry of entries.values()) {
      if (entry.phase !== 'watching') continue;
      const state = pointingFor(entry);
      if (state === entry.pointingSent) continue;
      if (entry.pointingSent === 'on') clearMarks(entry);
      entry.pointingSent = state;
      send(entry.conn, { t: 'pointing', state });
    }
  }

  function clearMarks(entry: Entry): void {
    entry.strokes.clear();
    if (entry.lastMark > 0) overlay?.({ t: 'clear', viewer: entry.conn.peer });
    entry.lastMark = 0;
  }

  /** Draws an admitted, allowed viewer's mark; anything else, or more than POINT_RATE a second, is dropped. */
  function onPointer(entry: Entry, message: PointerMessage): void {
    if (entry.phase !== 'watching' || !entry.owner || !overlay || pointingFor(entry) !== 'on' || !entry.pointRate.allow()) return;
    const owner = entry.owner;
    if (message.t === 'point') overlay({ t: 'dot', at: message.at, ...owner });
    else if (message.t === 'tap') overlay({ t: 'ripple', at: message.at, ...owner });
    else {
      const drawn = entry.strokes.get(message.stroke) ?? 0;
      if (drawn + message.points.length > INK_STROKE_POINTS) return;
      entry.strokes.delete(message.stroke); // re-inserted last: the map keeps the newest strokes
      entry.strokes.set(message.stroke, drawn + message.points.length);
      if (entry.strokes.size > 32) entry.strokes.delete(entry.strokes.keys().next().value!);
      overlay({ t: 'ink', stroke: message.stroke, points: message.points, ...owner });
    }
    entry.lastMark = now();
    if (!entry.shownPointing) publish();
  }

  const send = (conn: DataConnection, message: HostMessage) => {
    if (conn.open) void conn.send(message);
  };

  function release(entry: Entry): void {
    entry.video?.stop();
    entry.video = null;
    entry.look = null;
  }

  function drop(entry: Entry): void {
    if (!entries.delete(entry.conn)) return;
    clearMarks(entry);
    clearTimeout(entry.proofTimer);
    clearTimeout(entry.preferTimer);
    release(entry);
    entry.call?.close();
    entry.conn.close();
    // Not the host's decision (that goes through dismiss): a waiting viewer went silent or closed.
    if (entry.phase === 'waiting') departures.push({ id: entry.conn.peer, code: entry.code, at: now() });
    if (isPresent(entry)) publish();
  }

  /** Sends a last message, then closes once it has had time to leave. */
  function dismiss(entry: Entry, message: HostMessage): void {
    const wasPresent = isPresent(entry);
    entry.phase = 'leaving';
    clearMarks(entry);
    send(entry.conn, message);
    release(entry);
    entry.call?.close();
    entry.call = null;
    if (wasPresent) publish();
    setTimeout(() => drop(entry), FLUSH_MS);
  }
  const deny = (entry: Entry, reason: DeniedReason) => dismiss(entry, { t: 'denied', reason });

  const isSending = (entry: Entry) => entry.phase === 'watching' && entry.mediaVerified && !paused && entry.route === 'direct';

  /** Attaches the tracks only to a verified, unpaused media connection. */
  function gate(entry: Entry): void {
    if (!entry.call) return;
    if (!isSending(entry)) {
      release(entry);
      return attach(entry);
    }
    if (entry.video) {
      attach(entry);
      return void tune(entry);
    }
    // A new clone is tuned before it is attached: a hint or encoding set on a running encoder
    // reconfigures it, and the viewer waits for the key frame after that.
    const clone = video.clone();
    entry.video = clone;
    void tune(entry).finally(() => {
      if (entry.video !== clone) return;
      mark('host:attach');
      attach(entry);
    });
  }

  /** Puts on each of the viewer's senders what it should send now: its clone and the sound, or nothing. */
  function attach(entry: Entry): void {
    const sending = isSending(entry);
    for (const transceiver of entry.call?.peerConnection?.getTransceivers() ?? []) {
      const track = sending ? (transceiver.receiver.track.kind === 'video' ? entry.video : audio) : null;
      if (transceiver.sender.track === track) continue;
      void transceiver.sender.replaceTrack(track).catch(() => undefined);
    }
  }

  /** Sets this viewer's video encoding for its look: the share's, or the one it asked for. */
  async function tune(entry: Entry): Promise<void> {
    const sender = videoSender(entry);
    const look = lookFor(entry.preference, shareLook(preset, autoLook));
    if (!sender || !entry.video || entry.look === look) return;
    entry.look = look;
    const applied = await applySending(sender, entry.video, videoSending(look, video.getSettings().height ?? 0, options.limits));
    if (!applied && entry.look === look) entry.look = null; // untuned: the next retune tries again
  }

  function retune(): void {
    for (const entry of entries.values()) if (entry.phase === 'watching') void tune(entry);
    void tuneRoom();
  }

  /** The room's encoding: the share's look, or the last Sharper/Smoother asked by one of its viewers. */
  async function tuneRoom(): Promise<void> {
    if (server.state !== 'on') return;
    await server.room.tune(videoSending(lookFor(roomPreference, shareLook(preset, autoLook)), video.getSettings().height ?? 0, options.limits));
  }

  /** Opens the media server once more viewers watch than its threshold. */
  function considerServer(): void {
    const wanted = options.mediaServer;
    if (!wanted || ended) return;
    if (server.state === 'opening' || server.state === 'on') return;
    if ((server.state === 'unreachable' || server.state === 'lost') && now() - server.at < SERVER_RETRY_MS) return;
    if (present().filter((e) => e.phase === 'watching').length <= wanted.threshold) return;
    server = { state: 'opening' };
    void openServer(wanted);
  }

  async function openServer(wanted: MediaServer): Promise<void> {
    let room: ServerRoom | null = null;
    try {
      frameKey ??= { id: 0, key: await deriveShareKey(options.secret, options.peerId), raw: '' };
      room = await openRoom({
        server: { url: wanted.url, apiSecret: wanted.apiSecret },
        video,
        audio,
        keyId: frameKey.id,
        key: frameKey.key,
        bitrate: options.limits.maxBitrateKbps === null ? 0 : options.limits.maxBitrateKbps * 1000,
        iceServers: options.peerOptions.config?.iceServers ?? [],
        onLost: () => serverLost(room),
      });
    } catch (error) {
      // Viewers keep watching peer to peer; the popup says the server could not be reached.
      console.warn('TabBeam: the media server could not be used', error);
      server = { state: 'unreachable', at: now() };
      options.onServer?.('unreachable');
      return;
    }
    if (ended) return void room.close();
    server = { state: 'on', room };
    if (paused) room.setTracks(null, null);
    void tuneRoom();
    for (const entry of entries.values()) if (entry.phase === 'watching') relay(entry);
    options.onServer?.('on');
  }

  /** Tells a watching viewer where the room is (with the current key, if it is not the first). */
  function relay(entry: Entry): void {
    if (server.state !== 'on' || !frameKey) return;
    if (frameKey.id > 0) send(entry.conn, { t: 'key', id: frameKey.id, k: frameKey.raw });
    send(entry.conn, { t: 'relay', room: server.room.room, pin: server.room.pin, feed: server.room.feed });
  }

  /** Janus or the publishing connection is gone: everyone back on their own connection. */
  function serverLost(room: ServerRoom | null): void {
    if (server.state !== 'on' || server.room !== room) return;
    server = { state: 'lost', at: now() };
    void room.close();
    for (const entry of entries.values()) {
      if (entry.phase !== 'watching') continue;
      send(entry.conn, { t: 'direct' });
      entry.route = 'direct';
      gate(entry);
    }
    options.onServer?.('lost');
    publish();
  }

  /**
   * After a viewer is removed: a fresh key for everyone else, used for frames once they have had
   * time to receive it, and a new PIN. Janus cannot kick a subscriber, so the key is what shuts
   * the removed viewer out.
   */
  async function rotateKey(): Promise<void> {
    if (server.state !== 'on' || !frameKey) return;
    const room = server.room;
    const raw = newKeyBytes();
    const next = { id: (frameKey.id % MAX_KEY_ID) + 1, key: await importFrameKey(raw), raw: toBase64Url(raw) };
    frameKey = next;
    for (const entry of entries.values()) if (entry.phase === 'watching') send(entry.conn, { t: 'key', id: next.id, k: next.raw });
    setTimeout(() => {
      if (frameKey === next) room.setKey(next.id, next.key);
    }, KEY_SWITCH_MS);
    await room.changePin().catch((error: unknown) => console.warn('TabBeam: could not change the room PIN', error));
  }

  /**
   * Media is negotiated beside the data connection and the proof, to take their round trips off
   * the way to the first frame: the call is placed as soon as a viewer connects, but gate()
   * attaches no track until the viewer has proven the secret, is let in, and its media answer
   * shows the fingerprint its proof was bound to.
   */
  function callViewer(entry: Entry): void {
    mark('host:connection');
    const call = peer.call(entry.conn.peer, new MediaStream(audio ? [video, audio] : [video]));
    entry.call = call;
    gate(entry); // detaches the tracks PeerJS added: nothing is sent before the checks
    const pc = call.peerConnection;
    pc.addEventListener('signalingstatechange', () => checkMedia(entry));
    const lost = () => entry.phase !== 'leaving' && drop(entry);
    call.on('close', lost);
    call.on('error', lost);
  }

  /** Once both are known: the media answer's fingerprint must be the one the data connection showed. */
  function checkMedia(entry: Entry): void {
    const answer = entry.call?.peerConnection.remoteDescription;
    if (!answer || !entry.transcript || entry.mediaVerified) return;
    if (sdpFingerprint(answer.sdp) !== entry.transcript.viewerFingerprint) return drop(entry);
    mark('host:media-verified');
    entry.mediaVerified = true;
    gate(entry);
  }

  function startWatching(entry: Entry): void {
    mark('host:welcome');
    entry.phase = 'watching';
    entry.owner = { viewer: entry.conn.peer, colour: MARK_COLOURS[nextColour++ % MARK_COLOURS.length]!, label: entry.code.split(' ')[0] ?? '' };
    send(entry.conn, { t: 'welcome', code: entry.code });
    if (paused) send(entry.conn, { t: 'paused', paused: true });
    updatePointing();
    // With the room open, a new viewer goes straight to it: its own connection sends nothing
    // unless it says it could not watch there.
    if (server.state === 'on') {
      entry.route = 'server';
      relay(entry);
    }
    gate(entry);
    publish();
    considerServer();
  }

  async function onHello(entry: Entry, version: number, viewerNonce: string): Promise<void> {
    if (version !== WIRE_VERSION) return dismiss(entry, { t: 'denied', reason: 'version', v: WIRE_VERSION });
    const viewerFingerprint = sdpFingerprint(entry.conn.peerConnection?.remoteDescription?.sdp);
    if (!viewerFingerprint) return drop(entry);
    const transcript: Transcript = { hostFingerprint: options.fingerprint, viewerFingerprint, hostNonce: randomNonce(), viewerNonce };
    entry.transcript = transcript;
    checkMedia(entry);
    const [keyMac, hostMac] = await Promise.all([sign(key, 'key', transcript), sign(key, 'host', transcript)]);
    send(entry.conn, { t: 'challenge', nonce: transcript.hostNonce, key: keyMac, mac: hostMac });
  }

  async function onProof(entry: Entry, mac: string): Promise<void> {
    const transcript = entry.transcript!;
    if (!(await verify(key, 'viewer', transcript, mac))) return deny(entry, 'bad-secret');
    if (!entries.has(entry.conn)) return;
    clearTimeout(entry.proofTimer);
    entry.code = await verificationCode(transcript.hostFingerprint, transcript.viewerFingerprint);
    if (locked) return deny(entry, 'locked');
    if (present().length >= options.maxViewers) return deny(entry, 'full');
    entry.joinedAt = now();
    if (!options.askToJoin) return startWatching(entry);
    entry.phase = 'waiting';
    send(entry.conn, { t: 'waiting' });
    publish();
  }

  function onData(entry: Entry, data: unknown): void {
    const message = parseViewerMessage(data);
    if (!message) return drop(entry);
    entry.lastSeen = now();
    if (message.t === 'ping') return;
    if (message.t === 'point' || message.t === 'tap' || message.t === 'ink') return onPointer(entry, message);
    if (message.t === 'via') {
      if (entry.phase !== 'watching' || (message.route === 'server' && server.state !== 'on')) return;
      entry.route = message.route;
      gate(entry);
      return publish();
    }
    if (message.t === 'prefer' && isPresent(entry)) {
      entry.preference = message.want;
      if (entry.route === 'server') roomPreference = message.want;
      // At most one retune per PREFER_INTERVAL_MS (the latest wish wins): switching codecs
      // restarts the encoder, and a viewer must not be able to keep the host's CPU busy with it.
      if (entry.preferTimer !== undefined) return;
      const retuneFor = () => void (entry.route === 'server' ? tuneRoom() : tune(entry));
      retuneFor();
      entry.preferTimer = setTimeout(() => {
        entry.preferTimer = undefined;
        retuneFor();
      }, PREFER_INTERVAL_MS);
      return;
    }
    // Each step once, in order: a second hello, an early proof or a late one closes the connection.
    if (message.t === 'hello' && entry.phase === 'hello') {
      entry.phase = 'challenged';
      void onHello(entry, message.v, message.nonce).catch(() => drop(entry));
    } else if (message.t === 'proof' && entry.phase === 'challenged' && entry.transcript) {
      entry.phase = 'verifying';
      void onProof(entry, message.mac).catch(() => drop(entry));
    } else {
      drop(entry);
    }
  }

  peer.on('connection', (conn) => {
    const pending = [...entries.values()].filter((e) => e.phase === 'hello' || e.phase === 'challenged' || e.phase === 'verifying').length;
    if (pending >= MAX_PENDING || byId(conn.peer)) {
      conn.close();
      return;
    }
    const entry: Entry = {
      conn,
      phase: 'hello',
      transcript: null,
      code: '',
      call: null,
      mediaVerified: false,
      video: null,
      preference: 'auto',
      look: null,
      joinedAt: now(),
      lastSeen: now(),
      proofTimer: setTimeout(() => drop(entry), PROOF_TIMEOUT_MS),
      preferTimer: undefined,
      canPoint: true,
      pointingSent: null,
      owner: null,
      lastMark: 0,
      shownPointing: false,
      pointRate: rateLimiter(POINT_RATE, now),
      strokes: new Map(),
      route: 'direct',
    };
    entries.set(conn, entry);
    conn.on('data', (data) => onData(entry, data));
    conn.on('close', () => drop(entry));
    conn.on('error', () => drop(entry));
    callViewer(entry);
  });

  // Losing the broker does not touch viewers already connected (media is peer to peer);
  // reconnecting keeps the same ID, so the link works again for new viewers once it is back.
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  peer.on('disconnected', () => {
    if (attempts === 0) options.onBroker(false);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(
      () => {
        if (peer.destroyed || !peer.disconnected) return;
        attempts++;
        peer.reconnect();
      },
      BROKER_BACKOFF_MS[Math.min(attempts, BROKER_BACKOFF_MS.length - 1)],
    );
  });
  peer.on('open', () => {
    if (attempts === 0) return;
    attempts = 0;
    options.onBroker(true);
  });
  peer.on('error', () => undefined); // per-connection failures are handled on the connection

  const heartbeat = setInterval(() => {
    const cutoff = now() - HEARTBEAT_TIMEOUT_MS;
    for (const entry of [...entries.values()]) {
      if (entry.lastSeen < cutoff) drop(entry);
      else if (isPresent(entry)) send(entry.conn, { t: 'ping' });
    }
    // A viewer stopped pointing, or the notice of one who left has been shown long enough.
    if (present().some((e) => isPointing(e) !== e.shownPointing) || departures.some((d) => d.at <= now() - LEFT_NOTICE_MS)) publish();
  }, HEARTBEAT_MS);

  return {
    async end(reason) {
      ended = true;
      clearInterval(heartbeat);
      clearTimeout(reconnectTimer);
      for (const entry of entries.values()) send(entry.conn, { t: 'end', reason });
      await new Promise((resolve) => setTimeout(resolve, entries.size > 0 ? FLUSH_MS : 0));
      for (const entry of entries.values()) {
        clearTimeout(entry.proofTimer);
        clearTimeout(entry.preferTimer);
        release(entry);
        entry.call?.close();
        entry.conn.close();
      }
      entries.clear();
      peer.destroy();
      if (server.state === 'on') await server.room.close();
    },
    lock(value) {
      locked = value;
    },
    pause(value) {
      if (paused === value) return;
      paused = value;
      for (const entry of present()) {
        if (entry.phase !== 'watching') continue;
        send(entry.conn, { t: 'paused', paused });
        gate(entry);
      }
      if (server.state === 'on') {
        server.room.setTracks(paused ? null : video, paused ? null : audio);
        if (!paused) void tuneRoom(); // a new clone: its content hint too
      }
    },
    setAudio(track) {
      audio = track;
      for (const entry of entries.values()) if (entry.phase === 'watching') gate(entry);
      if (server.state === 'on' && !paused) server.room.setTracks(video, audio);
    },
    setVideo(track) {
      video = track;
      for (const entry of entries.values()) {
        if (entry.phase !== 'watching') continue;
        release(entry);
        gate(entry);
      }
      if (server.state === 'on' && !paused) {
        server.room.setTracks(video, audio);
        void tuneRoom();
      }
    },
    quality(value) {
      preset = value;
      retune();
    },
    setAutoLook(look) {
      if (autoLook === look) return;
      autoLook = look;
      retune();
    },
    admit(viewerId, allow) {
      const entry = byId(viewerId);
      if (entry?.phase !== 'waiting') return;
      if (allow) startWatching(entry);
      else deny(entry, 'rejected');
    },
    kick(viewerId) {
      const entry = byId(viewerId);
      if (!entry || !isPresent(entry)) return;
      dismiss(entry, { t: 'kicked' });
      void rotateKey();
    },
    pointing(allowed) {
      pointingAllowed = allowed;
      if (!allowed) {
        overlay?.({ t: 'clear', viewer: null }); // everyone's marks at once
        for (const entry of entries.values()) entry.lastMark = 0;
      }
      updatePointing();
    },
    viewerPointing(viewerId, allowed) {
      const entry = byId(viewerId);
      if (!entry || entry.canPoint === allowed) return;
      entry.canPoint = allowed;
      updatePointing();
      publish();
    },
    setOverlay(kind, next) {
      surface = kind;
      overlay = next;
      updatePointing();
    },
    async stats() {
      const watching = present().filter((e) => e.phase === 'watching' && e.call && e.route === 'direct');
      const direct = watching.map(async (entry) => senderStats(entry.conn.peer, videoSender(entry), entry.look ?? 'text', entry.video?.contentHint ?? '', await entry.call!.peerConnection.getStats()));
      const room = server.state === 'on' ? server.room : null;
      const roomLook = lookFor(roomPreference, shareLook(preset, autoLook));
      const viaServer = room ? [room.stats().then((report) => senderStats(SERVER_VIEWER_ID, room.videoSender(), roomLook, room.contentHint(), report))] : [];
      return Promise.all([...direct, ...viaServer]);
    },
  };
}

function whenOpen(peer: Peer, brokerLabel: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new AppError('broker-unreachable', brokerLabel)), OPEN_TIMEOUT_MS);
    peer.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    peer.once('error', (error: PeerError<string>) => {
      clearTimeout(timer);
      const rejected = ['unavailable-id', 'invalid-id', 'invalid-key'].includes(error.type);
      // The user is told which broker; PeerJS's own words ("Lost connection to server.") are for the console.
      console.warn(`TabBeam: broker ${brokerLabel} failed (${error.type}): ${error.message}`);
      reject(new AppError(rejected ? 'broker-rejected' : 'broker-unreachable', brokerLabel));
    });
  });
}

function videoSender(entry: Entry): RTCRtpSender | undefined {
  return entry.call?.peerConnection.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
}

/** The media server's room in stats(): it sends once for every viewer on it. */
export const SERVER_VIEWER_ID = 'media-server';

function senderStats(viewerId: string, sender: RTCRtpSender | undefined, look: Look, contentHint: string, report: RTCStatsReport): SenderStats {
  const params = sender?.getParameters();
  const encoding = params?.encodings[0];
  const stats: SenderStats = {
    viewerId,
    look,
    codec: '',
    maxBitrate: encoding?.maxBitrate ?? null,
    maxFramerate: encoding?.maxFramerate ?? null,
    scaleResolutionDownBy: encoding?.scaleResolutionDownBy ?? null,
    degradationPreference: params?.degradationPreference ?? null,
    contentHint,
    timestamp: 0,
    bytesSent: 0,
    framesEncoded: 0,
    qpSum: 0,
    frameWidth: 0,
    frameHeight: 0,
    framesPerSecond: 0,
    qualityLimitationReason: 'none',
  };
  report.forEach((entry: RTCOutboundRtpStreamStats & { type: string }) => {
    if (entry.type !== 'outbound-rtp' || entry.kind !== 'video') return;
    stats.codec = entry.codecId ? ((report.get(entry.codecId) as { mimeType?: string } | undefined)?.mimeType ?? '') : '';
    Object.assign(stats, {
      timestamp: entry.timestamp,
      bytesSent: entry.bytesSent ?? 0,
      framesEncoded: entry.framesEncoded ?? 0,
      qpSum: entry.qpSum ?? 0,
      frameWidth: entry.frameWidth ?? 0,
      frameHeight: entry.frameHeight ?? 0,
      framesPerSecond: entry.framesPerSecond ?? 0,
      qualityLimitationReason: entry.qualityLimitationReason ?? 'none',
    });
  });
  return stats;
}
