// One attempt to watch: one peer, from the broker to the picture. The host calls as soon as we
// connect, so media is negotiated beside the data connection and the proof; the picture is shown
// only once the host has proven the secret bound to this connection, let us in (welcome), and the
// media connection presents the proven fingerprint. Once the attempt's signal is aborted it hears
// nothing (whileAlive) and reaches nothing (index.ts hands it gated calls), so no handler here asks
// whether it is still the current one.
import type { DataConnection, MediaConnection, Peer, PeerError, PeerOptions } from 'peerjs';
import { fromBase64Url } from '../../shared/base64url';
import { importFrameKey } from '../../shared/e2ee/frame-crypto';
import { mark } from '../../shared/marks';
import { textAssembler } from '../../shared/page-text-parts';
import { peerOptions } from '../../shared/peer-options';
import type { PointingState } from '../../shared/pointing';
import type { ControlState } from '../../shared/remote-control';
import {
  certificateFingerprint,
  randomNonce,
  sdpFingerprint,
  sign,
  verificationCode,
  verify,
  type Transcript,
} from '../../shared/proof';
import type { ViewerPreference } from '../../shared/quality';
import { withStartBitrate } from '../../shared/sdp';
import type { ShareTarget } from '../../shared/share-link';
import {
  HEARTBEAT_MS,
  HEARTBEAT_TIMEOUT_MS,
  parseHostMessage,
  WIRE_VERSION,
  type HostMessage,
  type ViewerMessage,
} from '../../shared/wire';
import type { Picture } from './picture';
import { framesDecoded, lowLatency } from './receiving';
import { createRoom, type Room, type ServerReady } from './room';
import type { PageTextUpdate, ViewProblem, ViewState } from './view-state';

export interface AttemptContext {
  target: ShareTarget;
  certificate: RTCCertificate;
  /** The link's secret, for the proof. */
  secret: CryptoKey;
  /** Aborted when this attempt is over: the peer is destroyed and its events are dropped. */
  signal: AbortSignal;
  createPeer(options: PeerOptions): Peer;
  now(): number;
  state(): ViewState;
  setState(next: ViewState): void;
  fail(problem: ViewProblem): void;
  preference(): ViewerPreference;
  /** The shared page's text (the live text layer): whether there is any, and each whole page. */
  text(update: PageTextUpdate): void;
  picture: Pick<Picture, 'via' | 'showHost' | 'showRoom' | 'leaveRoom'>;
  server: { ready: ServerReady | null; keys: Map<number, CryptoKey>; iceServers: RTCIceServer[] };
}

/** `fn`, doing nothing once `signal` is aborted. */
export function whileAlive<A extends unknown[]>(signal: AbortSignal, fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    if (!signal.aborted) fn(...args);
  };
}

const BROKER_TROUBLE = [
  'network',
  'server-error',
  'socket-error',
  'socket-closed',
  'ssl-unavailable',
  'invalid-key',
  'disconnected',
];

export class Attempt {
  private readonly peer: Peer;
  private readonly fingerprint: string;
  private readonly viewerNonce = randomNonce();
  private readonly room: Room;
  private conn: DataConnection | null = null;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard: number;
  /** Set once the host has proven the secret for this connection. */
  private provenHost: { fingerprint: string; code: string } | null = null;
  private media: { call: MediaConnection; stream: MediaStream | null } | null = null;
  private welcomed = false;
  /** The host's pause and pointing state, which may come before the picture (pointing comes with the welcome). */
  private paused = false;
  private pointing: PointingState = 'off';
  private control: ControlState = 'page';
  private readonly pageText = textAssembler();

  constructor(private readonly ctx: AttemptContext) {
    const { signal } = ctx;
    this.lastHeard = ctx.now();
    this.fingerprint = certificateFingerprint(ctx.certificate);
    this.room = createRoom({
      ...ctx.server,
      picture: ctx.picture,
      send: (message) => this.send(message),
      playing: async () => (await framesDecoded(this.media?.call.peerConnection)) > 0,
      signal,
    });
    this.peer = ctx.createPeer(peerOptions(ctx.target.broker, ctx.target.iceServers, ctx.certificate));
    signal.addEventListener('abort', () => {
      clearInterval(this.heartbeat);
      this.peer.destroy();
    });
    this.peer.on(
      'open',
      whileAlive(signal, () => this.connect()),
    );
    this.peer.on(
      'call',
      whileAlive(signal, (call: MediaConnection) => this.answer(call)),
    );
    this.peer.on(
      'error',
      whileAlive(signal, (error: PeerError<string>) => this.peerError(error)),
    );
  }

  /** Sends to the host while the data connection is open. */
  send(message: ViewerMessage): void {
    if (!this.ctx.signal.aborted && this.conn?.open) void this.conn.send(message);
  }

  /** A closed or failed connection: the share was lost if it had started, else we never got through. */
  private readonly closed = () => {
    const kind = this.ctx.state().kind;
    this.ctx.fail(kind === 'live' || kind === 'waiting' ? 'lost' : 'connection-failed');
  };

  private connect(): void {
    const { ctx } = this;
    const kind = ctx.state().kind;
    if (kind === 'ended' || kind === 'error') return;
    mark('broker-open');
    ctx.setState({ kind: 'connecting', step: 'host' });
    const conn = this.peer.connect(ctx.target.peerId, { serialization: 'json', reliable: true });
    this.conn = conn;
    conn.on(
      'open',
      whileAlive(ctx.signal, () => {
        mark('data-open');
        this.lastHeard = ctx.now();
        this.send({ t: 'hello', v: WIRE_VERSION, nonce: this.viewerNonce });
        ctx.setState({ kind: 'connecting', step: 'proof' });
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => {
          // Silence counts only once the host pings us (waiting or live): before that it answers
          // just the hello and the proof, and a slow answer is the step deadline's to judge.
          const pinged = ctx.state().kind === 'live' || ctx.state().kind === 'waiting';
          if (pinged && ctx.now() - this.lastHeard > HEARTBEAT_TIMEOUT_MS) this.closed();
          else this.send({ t: 'ping' });
        }, HEARTBEAT_MS);
      }),
    );
    conn.on(
      'data',
      whileAlive(ctx.signal, (data: unknown) => {
        const message = parseHostMessage(data);
        if (!message) return; // a host speaking nonsense is ignored, never trusted
        this.lastHeard = ctx.now();
        void this.onHostMessage(conn, message).catch(() => ctx.fail('connection-failed'));
      }),
    );
    conn.on('close', whileAlive(ctx.signal, this.closed));
  }

  private async onHostMessage(conn: DataConnection, message: HostMessage): Promise<void> {
    const { ctx } = this;
    const state = ctx.state();
    const connecting = state.kind === 'connecting' || state.kind === 'reconnecting';
    switch (message.t) {
      case 'challenge':
        if (this.provenHost || !connecting) return ctx.fail('security');
        return this.answerChallenge(conn, message.nonce, message.key, message.mac);
      case 'waiting':
        if (!this.provenHost || !connecting) return;
        return ctx.setState({ kind: 'waiting', code: this.provenHost.code });
      case 'welcome':
        mark('welcome');
        if (!this.provenHost) return;
        this.welcomed = true;
        if (!this.media?.stream) ctx.setState({ kind: 'connecting', step: 'media' });
        return this.reveal();
      case 'paused':
        this.paused = message.paused;
        if (state.kind === 'live') ctx.setState({ ...state, paused: this.paused });
        return;
      case 'pointing':
        this.pointing = message.state;
        if (state.kind !== 'live' || state.pointing === this.pointing) return;
        return ctx.setState({ ...state, pointing: this.pointing });
      case 'control':
        this.control = message.state;
        if (state.kind !== 'live' || state.control === this.control) return;
        return ctx.setState({ ...state, control: this.control });
      case 'text-state':
        if (!this.provenHost) return;
        this.pageText.reset(); // the host sends the next page whole
        return ctx.text({ state: message.state });
      case 'text': {
        const page = this.provenHost ? this.pageText.add(message) : null;
        if (page) ctx.text({ page });
        return;
      }
      case 'relay':
        if (!this.provenHost || !this.welcomed) return;
        return void this.room.join(message.room, message.pin, message.feed);
      case 'key':
        if (!this.provenHost) return;
        return void importFrameKey(fromBase64Url(message.k)).then((key) => {
          ctx.server.keys.set(message.id, key);
          this.room.setKey(message.id, key);
        });
      case 'direct':
        return this.room.leave();
      case 'kicked':
        return ctx.fail('kicked');
      case 'denied':
        if (message.reason === 'version') return ctx.fail(outdatedSide(message.v));
        return ctx.fail(message.reason === 'bad-secret' ? 'denied' : message.reason);
      case 'end':
        return ctx.setState({ kind: 'ended' });
      case 'ping':
        return;
    }
  }

  private async answerChallenge(conn: DataConnection, hostNonce: string, keyMac: string, hostMac: string) {
    const { ctx } = this;
    const hostFingerprint = sdpFingerprint(conn.peerConnection?.remoteDescription?.sdp);
    if (!hostFingerprint) return ctx.fail('connection-failed');
    const { fingerprint: viewerFingerprint, viewerNonce } = this;
    const transcript: Transcript = { hostFingerprint, viewerFingerprint, hostNonce, viewerNonce };
    // The key MAC covers the secret alone: if it fails, the link is wrong; if only the
    // fingerprint-bound MAC fails, the secret is right and someone sits in between.
    if (!(await verify(ctx.secret, 'key', transcript, keyMac))) return ctx.fail('denied');
    if (!(await verify(ctx.secret, 'host', transcript, hostMac))) return ctx.fail('security');
    this.provenHost = { fingerprint: hostFingerprint, code: await verificationCode(hostFingerprint, this.fingerprint) };
    this.send({ t: 'proof', mac: await sign(ctx.secret, 'viewer', transcript) });
    mark('proof-sent');
  }

  /** Shows the picture once everything above holds. */
  private reveal(): void {
    const { ctx, media, provenHost } = this;
    if (!media?.stream || !this.welcomed || !provenHost) return;
    if (sdpFingerprint(media.call.peerConnection?.remoteDescription?.sdp) !== provenHost.fingerprint) {
      // Fail first: closing the call fires 'close' at once, which would be taken for a lost connection.
      ctx.fail('security');
      return media.call.close();
    }
    const state = ctx.state();
    if (state.kind === 'live') return;
    const { call, stream } = media;
    ctx.picture.showHost({ stream, stats: async () => (await call.peerConnection?.getStats()) ?? null });
    const { paused, pointing, control } = this;
    ctx.setState({ kind: 'live', code: provenHost.code, paused, pointing, control, via: ctx.picture.via });
    const preference = ctx.preference();
    if (preference !== 'auto') this.send({ t: 'prefer', want: preference });
  }

  private answer(call: MediaConnection): void {
    // Only the host we said hello to, once, and never after the picture is up.
    if (call.peer !== this.ctx.target.peerId || !this.conn || this.media || this.ctx.state().kind === 'live') {
      call.close();
      return;
    }
    mark('call');
    const media: { call: MediaConnection; stream: MediaStream | null } = { call, stream: null };
    this.media = media;
    call.answer(undefined, { sdpTransform: withStartBitrate });
    call.on(
      'stream',
      whileAlive(this.ctx.signal, (stream: MediaStream) => {
        mark('stream');
        media.stream = stream;
        // Play what arrives at once: the jitter buffer's default target adds latency for no gain on a good link.
        for (const receiver of call.peerConnection?.getReceivers() ?? []) lowLatency(receiver);
        this.reveal();
      }),
    );
    call.on('close', whileAlive(this.ctx.signal, this.closed));
  }

  private peerError(error: PeerError<string>): void {
    const { ctx } = this;
    if (error.type === 'peer-unavailable') return ctx.fail('not-found');
    const state = ctx.state();
    if (state.kind === 'live' || state.kind === 'waiting') return; // broker trouble does not touch a running stream
    const atBroker = BROKER_TROUBLE.includes(error.type) && state.kind === 'connecting' && state.step === 'broker';
    ctx.fail(atBroker ? 'broker-unreachable' : 'connection-failed');
  }
}

/**
 * Which side a 'version' denial asks to update: hosts from wire 5 on send their version; one
 * that sends none is older than 5, so older than this page.
 */
function outdatedSide(hostVersion: number | undefined): 'version' | 'host-outdated' {
  return hostVersion === undefined || hostVersion < WIRE_VERSION ? 'host-outdated' : 'version';
}
