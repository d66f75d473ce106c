// A small in-memory stand-in for PeerJS's Peer, DataConnection and MediaConnection:
// enough behaviour to drive the host and viewer logic, and a record of what they did.
import { EventEmitter } from 'node:events';
import type { Peer } from 'peerjs';

export class FakeConnection extends EventEmitter {
  open = true;
  closed = false;
  sent: unknown[] = [];
  answered = false;
  constructor(readonly peer: string) {
    super();
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
    const call = new FakeConnection(to);
    this.calls.push({ to, stream, call });
    return call;
  }
  connect(to: string): FakeConnection {
    const conn = new FakeConnection(to);
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
  /** A remote viewer opening a data connection to this (host) peer. */
  incoming(from: string): FakeConnection {
    const conn = new FakeConnection(from);
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
