// The host side of a share: a PeerJS peer under the share's ID. A viewer must prove it holds the
// link secret, bound to the DTLS fingerprints of this very connection (src/shared/proof.ts),
// before anything else happens; only then is it admitted (or asked about) and called with the
// stream, and no track is attached to its media connection until that connection's fingerprint
// matches the proven one. Viewers are data (the `entries` map); the UI learns of them via onViewers.
import type { DataConnection, MediaConnection, Peer, PeerError, PeerOptions } from 'peerjs';
import { AppError } from '../shared/errors';
import { importSecret, randomNonce, sdpFingerprint, sign, verificationCode, verify, type Transcript } from '../shared/proof';
import type { SenderStats } from '../shared/protocol';
import type { EndReason, Viewer } from '../shared/session';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, parseViewerMessage, WIRE_VERSION, type DeniedReason, type HostMessage } from '../shared/wire';

/** How long the broker may take to register the share before we call it unreachable. */
export const OPEN_TIMEOUT_MS = 10_000;
/** A new connection must complete the proof within this time. */
export const PROOF_TIMEOUT_MS = 5_000;
/** Connections that have not proven the secret yet; more are refused at once. */
export const MAX_PENDING = 20;
/** Time for a last message ("end", "denied") to leave before the channel closes. */
const FLUSH_MS = 250;

export interface HostOptions {
  peerId: string;
  secret: string;
  stream: MediaStream;
  /** Must carry `fingerprint`'s certificate in config.certificates (peerOptions()). */
  peerOptions: PeerOptions;
  /** This host's DTLS certificate fingerprint (sha-256, upper-case hex). */
  fingerprint: string;
  askToJoin: boolean;
  maxViewers: number;
  /** For error messages: which broker we tried. */
  brokerLabel: string;
  createPeer(id: string, options: PeerOptions): Peer;
  onViewers(viewers: Viewer[]): void;
  /** The broker connection dropped (false) or came back (true); viewers watching are not affected. */
  onBroker(online: boolean): void;
  now?: () => number;
}

/** Waits between attempts to reach the broker again: quick at first, never longer than 2 s. */
export const BROKER_BACKOFF_MS = [250, 500, 1000, 2000];

export interface ShareHost {
  end(reason: EndReason): Promise<void>;
  setLocked(locked: boolean): void;
  setPaused(paused: boolean): void;
  admit(viewerId: string, allow: boolean): void;
  kick(viewerId: string): void;
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
  joinedAt: number;
  lastSeen: number;
  proofTimer: ReturnType<typeof setTimeout>;
}

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

  const tracks: Record<string, MediaStreamTrack | null> = {
    video: options.stream.getVideoTracks()[0] ?? null,
    audio: options.stream.getAudioTracks()[0] ?? null,
  };
  const entries = new Map<DataConnection, Entry>();
  let locked = false;
  let paused = false;

  const present = () => [...entries.values()].filter((e) => e.phase === 'waiting' || e.phase === 'watching');
  const publish = () => options.onViewers(present().map((e) => ({ id: e.conn.peer, joinedAt: e.joinedAt, code: e.code, state: e.phase === 'waiting' ? 'waiting' : 'watching' })));
  const byId = (id: string) => [...entries.values()].find((e) => e.conn.peer === id);

  const send = (conn: DataConnection, message: HostMessage) => {
    if (conn.open) void conn.send(message);
  };

  function drop(entry: Entry): void {
    if (!entries.delete(entry.conn)) return;
    clearTimeout(entry.proofTimer);
    entry.call?.close();
    entry.conn.close();
    if (entry.phase === 'waiting' || entry.phase === 'watching') publish();
  }

  /** Sends a last message, then closes once it has had time to leave. */
  function dismiss(entry: Entry, message: HostMessage): void {
    const wasPresent = entry.phase === 'waiting' || entry.phase === 'watching';
    entry.phase = 'leaving';
    send(entry.conn, message);
    entry.call?.close();
    entry.call = null;
    if (wasPresent) publish();
    setTimeout(() => drop(entry), FLUSH_MS);
  }
  const deny = (entry: Entry, reason: DeniedReason) => dismiss(entry, { t: 'denied', reason });

  /** Attaches the tab's tracks only to a verified, unpaused media connection. */
  function gate(entry: Entry): void {
    const pc = entry.call?.peerConnection;
    if (!pc) return;
    const sending = entry.mediaVerified && !paused;
    for (const transceiver of pc.getTransceivers()) {
      void transceiver.sender.replaceTrack(sending ? (tracks[transceiver.receiver.track.kind] ?? null) : null).catch(() => undefined);
    }
  }

  function startWatching(entry: Entry): void {
    entry.phase = 'watching';
    send(entry.conn, { t: 'welcome', code: entry.code });
    if (paused) send(entry.conn, { t: 'paused', paused: true });
    const call = peer.call(entry.conn.peer, options.stream);
    entry.call = call;
    gate(entry); // closed until the answer shows the proven fingerprint
    const pc = call.peerConnection;
    const check = () => {
      if (!pc.remoteDescription || entry.mediaVerified) return;
      if (sdpFingerprint(pc.remoteDescription.sdp) !== entry.transcript?.viewerFingerprint) return drop(entry);
      entry.mediaVerified = true;
      gate(entry);
    };
    pc.addEventListener('signalingstatechange', check);
    check();
    const lost = () => entry.phase === 'watching' && drop(entry);
    call.on('close', lost);
    call.on('error', lost);
    publish();
  }

  async function onHello(entry: Entry, version: number, viewerNonce: string): Promise<void> {
    if (version !== WIRE_VERSION) return deny(entry, 'version');
    const viewerFingerprint = sdpFingerprint(entry.conn.peerConnection?.remoteDescription?.sdp);
    if (!viewerFingerprint) return drop(entry);
    const transcript: Transcript = { hostFingerprint: options.fingerprint, viewerFingerprint, hostNonce: randomNonce(), viewerNonce };
    entry.transcript = transcript;
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
      joinedAt: now(),
      lastSeen: now(),
      proofTimer: setTimeout(() => drop(entry), PROOF_TIMEOUT_MS),
    };
    entries.set(conn, entry);
    conn.on('data', (data) => onData(entry, data));
    conn.on('close', () => drop(entry));
    conn.on('error', () => drop(entry));
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
      else if (entry.phase === 'waiting' || entry.phase === 'watching') send(entry.conn, { t: 'ping' });
    }
  }, HEARTBEAT_MS);

  return {
    async end(reason) {
      clearInterval(heartbeat);
      clearTimeout(reconnectTimer);
      for (const entry of entries.values()) send(entry.conn, { t: 'end', reason });
      await new Promise((resolve) => setTimeout(resolve, entries.size > 0 ? FLUSH_MS : 0));
      for (const entry of entries.values()) {
        clearTimeout(entry.proofTimer);
        entry.call?.close();
        entry.conn.close();
      }
      entries.clear();
      peer.destroy();
    },
    setLocked(value) {
      locked = value;
    },
    setPaused(value) {
      if (paused === value) return;
      paused = value;
      for (const entry of present()) {
        if (entry.phase !== 'watching') continue;
        send(entry.conn, { t: 'paused', paused });
        gate(entry);
      }
    },
    admit(viewerId, allow) {
      const entry = byId(viewerId);
      if (entry?.phase !== 'waiting') return;
      if (allow) startWatching(entry);
      else deny(entry, 'rejected');
    },
    kick(viewerId) {
      const entry = byId(viewerId);
      if (entry && (entry.phase === 'waiting' || entry.phase === 'watching')) dismiss(entry, { t: 'kicked' });
    },
    async stats() {
      const watching = present().filter((e) => e.phase === 'watching' && e.call);
      return Promise.all(watching.map(async (entry) => senderStats(entry.conn.peer, await entry.call!.peerConnection.getStats())));
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
      reject(new AppError(rejected ? 'broker-rejected' : 'broker-unreachable', `${brokerLabel}: ${error.message}`));
    });
  });
}

function senderStats(viewerId: string, report: RTCStatsReport): SenderStats {
  const stats: SenderStats = { viewerId, timestamp: 0, bytesSent: 0, framesEncoded: 0, frameWidth: 0, frameHeight: 0, framesPerSecond: 0, qualityLimitationReason: 'none' };
  report.forEach((entry: RTCOutboundRtpStreamStats & { type: string }) => {
    if (entry.type !== 'outbound-rtp' || entry.kind !== 'video') return;
    Object.assign(stats, {
      timestamp: entry.timestamp,
      bytesSent: entry.bytesSent ?? 0,
      framesEncoded: entry.framesEncoded ?? 0,
      frameWidth: entry.frameWidth ?? 0,
      frameHeight: entry.frameHeight ?? 0,
      framesPerSecond: entry.framesPerSecond ?? 0,
      qualityLimitationReason: entry.qualityLimitationReason ?? 'none',
    });
  });
  return stats;
}
