// A small in-memory stand-in for PeerJS's Peer, DataConnection and MediaConnection:
// enough behaviour to drive the host and viewer logic, and a record of what they did.
import { EventEmitter } from 'node:events';
import type { Peer } from 'peerjs';

/** The parts of RTCPeerConnection the host and viewer look at: the remote SDP and the senders. */
export class FakePeerConnection extends EventTarget {
  remoteDescription: { sdp: string } | null;
  readonly transceivers = (['video', 'audio'] as const).map((kind) => ({
    receiver: { track: { kind } },
    sender: {
      track: { kind, id: `${kind}-track` } as unknown,
      async replaceTrack(track: unknown) {
        this.track = track;
      },
    },
  }));
  constructor(remoteFingerprint: string | null) {
    super();
    this.remoteDescription = remoteFingerprint ? { sdp: `v=0\r\na=fingerprint:sha-256 ${remoteFingerprint}\r\n` } : null;
  }
  getTransceivers() {
    return this.transceivers;
  }
  /** The answer arrives: the remote description is set. */
  answerWith(fingerprint: string): void {
    this.remoteDescription = { sdp: `a=fingerprint:sha-256 ${fingerprint}` };
    this.dispatchEvent(new Event('signalingstatechange'));
  }
  sending(): unknown[] {
    return this.transceivers.map((t) => t.sender.track);
  }
}

export const HOST_FP = 'AA:'.repeat(31) + 'AA';
export const VIEWER_FP = 'BB:'.repeat(31) + 'BB';
export const ATTACKER_FP = 'CC:'.repeat(31) + 'CC';

export class FakeConnection extends EventEmitter {
  open = true;
  closed = false;
  sent: unknown[] = [];
  answered = false;
  readonly peerConnection: FakePeerConnection;
  constructor(
    readonly peer: string,
    remoteFingerprint: string | null = null,
  ) {
    super();
    this.peerConnection = new FakePeerConnection(remoteFingerprint);
  }
  send(data: unknown): void {
    if (!this.open) throw new Error('send on closed connection');
    this.sent.push(data);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.open = false;
    this.emit('close');
  }
  answer(): void {
    this.answered = true;
  }
}

export class FakePeer extends EventEmitter {
  destroyed = false;
  disconnected = false;
  calls: { to: string; stream: unknown; call: FakeConnection }[] = [];
  connections: FakeConnection[] = [];
  reconnects = 0;
  constructor(
    readonly id: string,
    readonly options: unknown,
  ) {
    super();
  }
  call(to: string, stream: unknown): FakeConnection {
    const call = new FakeConnection(to, null);
    this.calls.push({ to, stream, call });
    return call;
  }
  /** What this (viewer) peer's outgoing connections see as the remote certificate. */
  remoteFingerprint = HOST_FP;
  connect(to: string): FakeConnection {
    const conn = new FakeConnection(to, this.remoteFingerprint);
    conn.open = false;
    this.connections.push(conn);
    return conn;
  }
  reconnect(): void {
    this.reconnects++;
    this.disconnected = false;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** A remote viewer opening a data connection to this (host) peer, with its DTLS fingerprint. */
  incoming(from: string, fingerprint = VIEWER_FP): FakeConnection {
    const conn = new FakeConnection(from, fingerprint);
    this.emit('connection', conn);
    return conn;
  }
  fail(type: string, message = type): void {
    this.emit('error', Object.assign(new Error(message), { type }));
  }
  asPeer(): Peer {
    return this as unknown as Peer;
  }
}
