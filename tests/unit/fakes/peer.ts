// A small in-memory stand-in for PeerJS's Peer, DataConnection and MediaConnection:
// enough behaviour to drive the host and viewer logic, and a record of what they did.
import { EventEmitter } from 'node:events';
import type { Peer } from 'peerjs';

/**
 * Codecs a video sender reports once negotiated, VP9 profile 2 and rtx among them. The host leaves
 * the choice to the negotiation: the host tests (tests/unit/host) check that no encoding names a codec.
 */
export const VIDEO_CODECS: RTCRtpCodecParameters[] = [
  { mimeType: 'video/VP9', clockRate: 90000, payloadType: 100, sdpFmtpLine: 'profile-id=2' },
  { mimeType: 'video/rtx', clockRate: 90000, payloadType: 101, sdpFmtpLine: 'apt=100' },
  { mimeType: 'video/VP8', clockRate: 90000, payloadType: 96 },
  { mimeType: 'video/VP9', clockRate: 90000, payloadType: 98, sdpFmtpLine: 'profile-id=0' },
];

/**
 * An RTCRtpSender that keeps its track and parameters and records every change. Like Chrome, it
 * accepts setParameters only with the transactionId of a getParameters() made since the last
 * setParameters (whether that one succeeded or failed).
 */
export class FakeSender {
  /** What PeerJS attached from the call's stream, until replaceTrack changes it. */
  track: unknown;
  /** Every track passed to replaceTrack, in order. */
  replaced: unknown[] = [];
  /** Every parameters object passed to setParameters, accepted or not. */
  setCalls: RTCRtpSendParameters[] = [];
  /** Like a sender whose connection is going away: every setParameters rejects. */
  refuseAll = false;
  private params: RTCRtpSendParameters;
  private transactions = 0;
  private lastReturned: string | null = null;
  constructor(
    readonly kind: 'video' | 'audio',
    track: unknown = null,
  ) {
    this.track = track;
    const codecs =
      kind === 'video' ? VIDEO_CODECS : [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 }];
    this.params = { transactionId: '', encodings: [{ active: true }], codecs, headerExtensions: [], rtcp: {} };
  }
  async replaceTrack(track: unknown): Promise<void> {
    this.track = track;
    this.replaced.push(track);
  }
  getParameters(): RTCRtpSendParameters {
    this.lastReturned = `t${++this.transactions}`;
    return { ...structuredClone(this.params), transactionId: this.lastReturned };
  }
  async setParameters(params: RTCRtpSendParameters): Promise<void> {
    this.setCalls.push(params);
    const expected = this.lastReturned;
    this.lastReturned = null;
    if (expected === null)
      throw new DOMException('getParameters() needs to be called before setParameters().', 'InvalidStateError');
    if (params.transactionId !== expected)
      throw new DOMException('Read-only field modified in setParameters().', 'InvalidModificationError');
    if (this.refuseAll) throw new DOMException('refused', 'InvalidStateError');
    this.params = structuredClone(params);
  }
  /** Like a sender negotiated with several encodings (simulcast layers). */
  useEncodings(encodings: RTCRtpEncodingParameters[]): void {
    this.params.encodings = structuredClone(encodings);
  }
  /** Every encoding as last set. */
  get encodings(): RTCRtpEncodingParameters[] {
    return this.params.encodings;
  }
  /** The first encoding as last set, and the degradation preference. */
  get encoding(): RTCRtpEncodingParameters & { codec?: RTCRtpCodecParameters } {
    return this.params.encodings[0]!;
  }
  get degradationPreference(): RTCDegradationPreference | undefined {
    return this.params.degradationPreference;
  }
}

/** A receiver's own settings the viewer changes. */
export interface FakeReceiver {
  track: { kind: 'video' | 'audio' };
  jitterBufferTarget: number | null;
}

/** What a call's stream offers the peer connection (a FakeMediaStream, or anything with tracks). */
interface TrackSource {
  getTracks(): { kind: string }[];
}

/** The parts of RTCPeerConnection the host and viewer look at: the remote SDP, the senders and receivers, stats. */
export class FakePeerConnection extends EventTarget {
  remoteDescription: { sdp: string } | null;
  /** Like PeerJS, which adds the call's stream to the connection: each sender starts with its track. */
  readonly transceivers: { receiver: FakeReceiver; sender: FakeSender }[];
  /** What getStats() reports (RTCStatsReport is a read-only Map). */
  stats = new Map<string, Record<string, unknown>>();
  constructor(remoteFingerprint: string | null, stream?: TrackSource) {
    super();
    this.remoteDescription = remoteFingerprint
      ? { sdp: `v=0\r\na=fingerprint:sha-256 ${remoteFingerprint}\r\n` }
      : null;
    this.transceivers = (['video', 'audio'] as const).map((kind) => ({
      receiver: { track: { kind }, jitterBufferTarget: null },
      sender: new FakeSender(kind, stream?.getTracks().find((t) => t.kind === kind) ?? null),
    }));
  }
  getTransceivers() {
    return this.transceivers;
  }
  getSenders() {
    return this.transceivers.map((t) => t.sender);
  }
  getReceivers() {
    return this.transceivers.map((t) => t.receiver);
  }
  get videoSender(): FakeSender {
    return this.transceivers[0]!.sender;
  }
  get audioSender(): FakeSender {
    return this.transceivers[1]!.sender;
  }
  async getStats() {
    return this.stats;
  }
  /** The answer arrives: the remote description is set. */
  answerWith(fingerprint: string): void {
    this.remoteDescription = { sdp: `a=fingerprint:sha-256 ${fingerprint}` };
    this.dispatchEvent(new Event('signalingstatechange'));
  }
  sending(): unknown[] {
    return this.transceivers.map((t) => t.sender.track);
  }
  /** Every track the host put on this connection with replaceTrack, and what it sends now; nulls left out. */
  everSent(): unknown[] {
    return [...this.transceivers.flatMap((t) => t.sender.replaced), ...this.sending()].filter((t) => t !== null);
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
  /** What answer() was given (MediaConnection.answer(stream, options)). */
  answerStream: unknown;
  answerOptions: { sdpTransform?: (sdp: string) => string } | undefined;
  readonly peerConnection: FakePeerConnection;
  constructor(
    readonly peer: string,
    remoteFingerprint: string | null = null,
    /** A media connection's outgoing stream (the caller's). */
    stream?: TrackSource,
  ) {
    super();
    this.peerConnection = new FakePeerConnection(remoteFingerprint, stream);
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
  answer(stream?: unknown, options?: { sdpTransform?: (sdp: string) => string }): void {
    this.answered = true;
    this.answerStream = stream;
    this.answerOptions = options;
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
  call(to: string, stream: TrackSource): FakeConnection {
    const call = new FakeConnection(to, null, stream);
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
