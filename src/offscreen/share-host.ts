// The host side of a share: a PeerJS peer under the share's ID that admits viewers who prove
// they hold the link secret, then calls each of them with the captured stream.
// Viewers are data (the `viewers` map); the UI learns about them only through onViewers.
import type { DataConnection, MediaConnection, Peer, PeerError, PeerOptions } from 'peerjs';
import { AppError } from '../shared/errors';
import type { EndReason, Viewer } from '../shared/session';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, parseViewerMessage, WIRE_VERSION, type HostMessage } from '../shared/wire';

/** How long the broker may take to register the share before we call it unreachable. */
export const OPEN_TIMEOUT_MS = 10_000;
/** A new connection must say hello (with the secret) within this time. */
export const HELLO_TIMEOUT_MS = 5_000;
/** Connections that have not said hello yet; more are refused at once. */
export const MAX_PENDING = 20;
/** Time for the last "end" message to leave before the peer is destroyed. */
const END_FLUSH_MS = 250;

export interface HostOptions {
  peerId: string;
  secret: string;
  stream: MediaStream;
  peerOptions: PeerOptions;
  /** For error messages: which broker we tried. */
  brokerLabel: string;
  createPeer(id: string, options: PeerOptions): Peer;
  onViewers(viewers: Viewer[]): void;
  now?: () => number;
}

export interface ShareHost {
  end(reason: EndReason): Promise<void>;
}

interface Entry {
  conn: DataConnection;
  call: MediaConnection | null;
  admitted: boolean;
  joinedAt: number;
  lastSeen: number;
  helloTimer: ReturnType<typeof setTimeout>;
}

export async function openHost(options: HostOptions): Promise<ShareHost> {
  const now = options.now ?? Date.now;
  const peer = options.createPeer(options.peerId, options.peerOptions);
  try {
    await whenOpen(peer, options.brokerLabel);
  } catch (error) {
    peer.destroy();
    throw error;
  }

  const entries = new Map<DataConnection, Entry>();
  const admitted = () => [...entries.values()].filter((e) => e.admitted);
  const publish = () => options.onViewers(admitted().map((e) => ({ id: e.conn.peer, joinedAt: e.joinedAt })));

  const send = (conn: DataConnection, message: HostMessage) => {
    if (conn.open) void conn.send(message);
  };

  function drop(entry: Entry): void {
    if (!entries.delete(entry.conn)) return;
    clearTimeout(entry.helloTimer);
    entry.call?.close();
    entry.conn.close();
    if (entry.admitted) publish();
  }

  function refuse(entry: Entry, message: HostMessage): void {
    send(entry.conn, message);
    // Let the refusal reach the viewer before the channel closes.
    setTimeout(() => drop(entry), END_FLUSH_MS);
  }

  function onData(entry: Entry, data: unknown): void {
    const message = parseViewerMessage(data);
    if (!message) return drop(entry);
    entry.lastSeen = now();
    if (message.t === 'ping') return;
    if (entry.admitted) return drop(entry); // one hello per connection
    if (message.v !== WIRE_VERSION) return refuse(entry, { t: 'denied', reason: 'version' });
    if (!sameSecret(message.secret, options.secret)) return refuse(entry, { t: 'denied', reason: 'bad-secret' });
    clearTimeout(entry.helloTimer);
    entry.admitted = true;
    send(entry.conn, { t: 'welcome' });
    const call = peer.call(entry.conn.peer, options.stream);
    entry.call = call;
    call.on('close', () => drop(entry));
    call.on('error', () => drop(entry));
    publish();
  }

  peer.on('connection', (conn) => {
    const pending = [...entries.values()].filter((e) => !e.admitted).length;
    const duplicate = [...entries.keys()].some((c) => c.peer === conn.peer);
    if (pending >= MAX_PENDING || duplicate) {
      conn.close();
      return;
    }
    const entry: Entry = { conn, call: null, admitted: false, joinedAt: now(), lastSeen: now(), helloTimer: setTimeout(() => drop(entry), HELLO_TIMEOUT_MS) };
    entries.set(conn, entry);
    conn.on('data', (data) => onData(entry, data));
    conn.on('close', () => drop(entry));
    conn.on('error', () => drop(entry));
  });

  // Losing the broker does not touch viewers already connected (media is peer to peer);
  // reconnecting keeps the same ID, so the link keeps working for new viewers.
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  peer.on('disconnected', () => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      if (!peer.destroyed && peer.disconnected) peer.reconnect();
    }, 1000);
  });
  peer.on('error', () => undefined); // per-connection failures are handled on the connection

  const heartbeat = setInterval(() => {
    const cutoff = now() - HEARTBEAT_TIMEOUT_MS;
    for (const entry of [...entries.values()]) {
      if (entry.lastSeen < cutoff) drop(entry);
      else if (entry.admitted) send(entry.conn, { t: 'ping' });
    }
  }, HEARTBEAT_MS);

  return {
    async end(reason) {
      clearInterval(heartbeat);
      clearTimeout(reconnectTimer);
      for (const entry of entries.values()) send(entry.conn, { t: 'end', reason });
      await new Promise((resolve) => setTimeout(resolve, entries.size > 0 ? END_FLUSH_MS : 0));
      for (const entry of [...entries.values()]) {
        clearTimeout(entry.helloTimer);
        entry.call?.close();
        entry.conn.close();
      }
      entries.clear();
      peer.destroy();
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

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
