// The viewer's side of a share, without UI: parse the link, reach the broker, prove the link
// secret bound to this connection's DTLS fingerprints (and check the host's proof), answer the
// host's call only once it presents the proven fingerprint, and report one ViewState at a time.
// Every waiting step but the host's approval has a deadline, so the page never sits on "connecting".
// A viewer that was watching, or waiting to be let in, and lost the connection tries again with
// backoff (a new peer and a fresh proof each time, the page's one certificate) until the share is
// back (or it waits again), has ended, or too many attempts failed.
// Once live, it passes the viewer's pointer marks to the host while the host says pointing is on.
// When the host moves its audience to a media server (relay), the picture comes from the share's
// Janus room instead (server-feed.ts) once its picture flows; if that fails, back to the host's.
import { util, type DataConnection, type MediaConnection, type Peer, type PeerError, type PeerOptions } from 'peerjs';
import { fromBase64Url } from '../shared/base64url';
import { deriveShareKey, importFrameKey } from '../shared/e2ee/frame-crypto';
import { mark } from '../shared/marks';
import type { PointingState } from '../shared/pointing';
import { brokerLabel, peerOptions } from '../shared/peer-options';
import { certificateFingerprint, importSecret, randomNonce, sdpFingerprint, sign, verificationCode, verify, type Transcript } from '../shared/proof';
import type { ViewerPreference } from '../shared/quality';
import { withStartBitrate } from '../shared/sdp';
import { parseShareLink } from '../shared/share-link';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, parseHostMessage, WIRE_VERSION, type DeniedReason, type HostMessage, type MediaRoute, type PointerMessage, type ViewerMessage } from '../shared/wire';
import { framesDecoded, lowLatency } from './receiving';
import type { ServerFeed, subscribeFeed } from './server-feed';

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
  /** `pointing`: whether the host draws this viewer's marks now ('off' until it says); `via`: where the picture comes from. */
  | { kind: 'live'; code: string; paused: boolean; pointing: PointingState; via: MediaRoute }
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
/** A refused subscription to the media server is tried once more after this long, then the viewer stays peer to peer. */
export const SUBSCRIBE_RETRY_MS = 1_000;
/** Problems worth another attempt once the share had played: the network, not the host's decision. */
const RETRYABLE: readonly ViewProblem[] = ['connection-failed', 'broker-unreachable', 'not-found', 'lost'];

export interface WatchOptions {
  hash: string;
  createPeer(options: PeerOptions): Peer;
  createCertificate(): Promise<RTCCertificate>;
  onState(state: ViewState): void;
  onStream(stream: MediaStream | null): void;
  /** The real one by default (server-feed.ts); tests pass their own. */
  subscribeFeed?: typeof subscribeFeed;
  now?: () => number;
}

export interface Watching {
  /** Asks the host for a sharper or smoother picture on this viewer's connection; kept across reconnects. */
  prefer(want: ViewerPreference): void;
  /** The statistics of the connection the picture arrives on, or null when there is none. */
  stats(): Promise<RTCStatsReport | null>;
  /** Sends a pointer mark while live, not paused and pointing is 'on'; otherwise drops it (the host would). */
  point(message: PointerMessage): void;
  close(): void;
}


export function watchShare(options: WatchOptions): Watching {
  const now = options.now ?? Date.now;
  mark('watch');
  const link = parseShareLink(options.hash);
  if (!link.ok) {
    options.onState({ kind: 'error', problem: 'bad-link' });
    return { prefer: () => undefined, stats: async () => null, point: () => undefined, close: () => undefined };
  }
  const { target } = link;
  const broker = brokerLabel(target.broker);
  // A link with a media server may be moved there: its code and key are made ready beside the
  // broker's connection, not after the host says so (no Janus session is opened before that).
  // Loaded only for such links: most viewers never need it, and every first frame waits for the bundle.
  const serverReady = target.mediaServer
    ? {
        server: target.mediaServer,
        subscribe: options.subscribeFeed ? Promise.resolve(options.subscribeFeed) : import('./server-feed').then((m) => m.subscribeFeed),
        key: deriveShareKey(target.secret, target.peerId),
      }
    : null;
  // A failed load or key is met again, and handled, when it is needed.
  serverReady?.subscribe.catch(() => undefined);
  serverReady?.key.catch(() => undefined);

  let state: ViewState = { kind: 'connecting', step: 'broker' };
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let peer: Peer | null = null;
  let disposed = false;
  let lastHeard = now();
  /** Set once the host has proven the secret for this connection. */
  let provenHost: { fingerprint: string; code: string } | null = null;
  let everLive = false;
  let retries = 0;
  let notFoundInARow = 0;
  /** The host had put us in line (ask-to-join): a lost connection is worth getting back in line for. */
  let everWaited = false;
  /** One certificate per page (SECURITY.md), so a viewer that comes back shows the host the same code. */
  let certificate: Promise<RTCCertificate> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let preference: ViewerPreference = 'auto';
  let sendToHost: ((message: ViewerMessage) => void) | null = null;
  /** The media connection whose picture is shown. */
  let shownCall: MediaConnection | null = null;
  /** The share's media-server room, once subscribed; `via` says whether its picture is shown. */
  let feed: ServerFeed | null = null;
  let via: MediaRoute = 'direct';
  /** The share's frame keys by ID: 0 from the link, later ones from the host (wire 'key'). */
  const keys = new Map<number, CryptoKey>();

  const finished = () => state.kind === 'ended' || state.kind === 'error';

  function setState(next: ViewState): void {
    if (finished() || disposed) return;
    clearTimeout(deadline);
    if (next.kind === 'connecting') {
      deadline = setTimeout(() => fail(next.step === 'broker' ? 'broker-unreachable' : 'connection-failed'), retries > 0 ? RECONNECT_STEP_TIMEOUT_MS : STEP_TIMEOUT_MS);
    }
    // While getting back to a share, the steps show as one "reconnecting" state.
    state = retries > 0 && next.kind === 'connecting' ? { kind: 'reconnecting', attempt: retries } : next;
    if (finished()) teardown();
    options.onState(state);
  }

  /** Ends this attempt's peer and everything on it. */
  function teardown(): void {
    clearInterval(heartbeat);
    feed?.close();
    feed = null;
    via = 'direct';
    options.onStream(null);
    const old = peer;
    peer = null; // first, so the old peer's close events are recognised as stale
    provenHost = null;
    sendToHost = null;
    shownCall = null;
    old?.destroy();
  }

  function fail(problem: ViewProblem): void {
    const reached = everLive || everWaited;
    if (reached && problem === 'not-found' && ++notFoundInARow >= NOT_FOUND_MEANS_ENDED) return setState({ kind: 'ended' });
    if (reached && RETRYABLE.includes(problem) && !finished() && !disposed) return retry();
    setState(problem === 'broker-unreachable' ? { kind: 'error', problem, broker } : { kind: 'error', problem });
  }

  function retry(): void {
    teardown();
    clearTimeout(deadline);
    if (retries >= RETRY_BACKOFF_MS.length) return setState({ kind: 'error', problem: 'lost' });
    const wait = RETRY_BACKOFF_MS[retries]!;
    retries++;
    state = { kind: 'reconnecting', attempt: retries };
    options.onState(state);
    retryTimer = setTimeout(() => {
      setState({ kind: 'connecting', step: 'broker' }); // shown as "reconnecting", with its deadline
      void start().catch(() => fail('connection-failed'));
    }, wait);
  }

  async function start(): Promise<void> {
    certificate ??= options.createCertificate().catch((error: unknown) => {
      certificate = null; // the next attempt tries again
      throw error;
    });
    const [pageCertificate, key] = await Promise.all([certificate, importSecret(target.secret)]);
    if (disposed) return;
    mark('certificate');
    const fingerprint = certificateFingerprint(pageCertificate);
    const viewerNonce = randomNonce();
    const current = options.createPeer(peerOptions(target.broker, target.iceServers, pageCertificate));
    peer = current;
    /** A closed or failed connection: the share was lost if it had started, else we never got through. */
    const closed = () => {
      if (peer === current) fail(state.kind === 'live' || state.kind === 'waiting' ? 'lost' : 'connection-failed');
    };
    // The host calls as soon as we connect, so media is negotiated beside the data connection and
    // the proof; the picture is shown only once the host has proven the secret, let us in
    // (welcome), and the media connection presents the proven fingerprint.
    let media: { call: MediaConnection; stream: MediaStream | null } | null = null;
    let welcomed = false;
    /** The host's pause and pointing state, which may arrive before the picture does (pointing comes with the welcome). */
    let paused = false;
    let pointing: PointingState = 'off';

    current.on('open', () => {
      if (finished() || peer !== current) return;
      mark('broker-open');
      setState({ kind: 'connecting', step: 'host' });
      const conn = current.connect(target.peerId, { serialization: 'json', reliable: true });
      const send = (message: ViewerMessage) => {
        if (conn.open) void conn.send(message);
      };
      sendToHost = send;
      conn.on('open', () => {
        mark('data-open');
        lastHeard = now();
        send({ t: 'hello', v: WIRE_VERSION, nonce: viewerNonce });
        setState({ kind: 'connecting', step: 'proof' });
        clearInterval(heartbeat);
        heartbeat = setInterval(() => {
          // Silence counts only once the host pings us (waiting or live): before that it answers
          // just the hello and the proof, and a slow answer is the step deadline's to judge.
          const pinged = state.kind === 'live' || state.kind === 'waiting';
          if (pinged && now() - lastHeard > HEARTBEAT_TIMEOUT_MS) closed();
          else send({ t: 'ping' });
        }, HEARTBEAT_MS);
      });
      conn.on('data', (data) => {
        const message = parseHostMessage(data);
        if (!message) return; // a host speaking nonsense is ignored, never trusted
        lastHeard = now();
        void onHostMessage(conn, message, send).catch(() => fail('connection-failed'));
      });
      conn.on('close', closed);
    });

    async function onHostMessage(conn: DataConnection, message: HostMessage, send: (m: ViewerMessage) => void): Promise<void> {
      switch (message.t) {
        case 'challenge': {
          if (provenHost || (state.kind !== 'connecting' && state.kind !== 'reconnecting')) return fail('security');
          const hostFingerprint = sdpFingerprint(conn.peerConnection?.remoteDescription?.sdp);
          if (!hostFingerprint) return fail('connection-failed');
          const transcript: Transcript = { hostFingerprint, viewerFingerprint: fingerprint, hostNonce: message.nonce, viewerNonce };
          // The key MAC covers the secret alone: if it fails, the link is wrong; if only the
          // fingerprint-bound MAC fails, the secret is right and someone sits in between.
          if (!(await verify(key, 'key', transcript, message.key))) return fail('denied');
          if (!(await verify(key, 'host', transcript, message.mac))) return fail('security');
          provenHost = { fingerprint: hostFingerprint, code: await verificationCode(hostFingerprint, fingerprint) };
          send({ t: 'proof', mac: await sign(key, 'viewer', transcript) });
          mark('proof-sent');
          return;
        }
        case 'waiting':
          if (!provenHost || (state.kind !== 'connecting' && state.kind !== 'reconnecting')) return;
          // In line (again): a connection lost from here is retried like a live one.
          everWaited = true;
          retries = 0;
          notFoundInARow = 0;
          return setState({ kind: 'waiting', code: provenHost.code });
        case 'welcome':
          mark('welcome');
          if (!provenHost) return;
          welcomed = true;
          if (!media?.stream) setState({ kind: 'connecting', step: 'media' });
          return reveal();
        case 'paused':
          paused = message.paused;
          if (state.kind === 'live') setState({ ...state, paused });
          return;
        case 'pointing':
          pointing = message.state;
          if (state.kind === 'live' && state.pointing !== pointing) setState({ ...state, pointing });
          return;
        case 'relay':
          if (!provenHost || !welcomed) return;
          return void useServer(message.room, message.pin, message.feed, send);
        case 'key':
          if (!provenHost) return;
          return void importFrameKey(fromBase64Url(message.k)).then((key) => {
            keys.set(message.id, key);
            feed?.setKey(message.id, key);
          });
        case 'direct':
          return leaveServer();
        case 'kicked':
          return fail('kicked');
        case 'denied':
          if (message.reason === 'version') return fail(outdatedSide(message.v));
          return fail(message.reason === 'bad-secret' ? 'denied' : message.reason);
        case 'end':
          return setState({ kind: 'ended' });
        case 'ping':
          return;
      }
    }

    /**
     * Subscribes to the share's room; its picture replaces the host's once it flows (server-feed.ts), and only
     * then is the host told to stop sending its own. Any failure keeps (or brings back) the host's.
     */
    async function useServer(room: number, pin: string, feedId: number, send: (m: ViewerMessage) => void): Promise<void> {
      if (!serverReady || feed) return serverReady ? undefined : send({ t: 'via', route: 'direct' });
      const { server } = serverReady;
      let subscribed: ServerFeed | null = null;
      try {
        keys.set(0, await serverReady.key);
        const subscribe = await serverReady.subscribe;
        // A viewer sent straight to the room has no picture of the host's to keep meanwhile.
        const replacing = (await framesDecoded(media?.call.peerConnection)) > 0;
        const attempt = () => subscribe({
          server: { url: server.url, apiSecret: server.apiSecret },
          room,
          pin,
          feed: feedId,
          keys,
          iceServers: target.iceServers ?? util.defaultConfig.iceServers ?? [],
          replacing,
          onFirstFrame: () => {
            if (feed !== subscribed || peer !== current) return;
            via = 'server';
            send({ t: 'via', route: 'server' });
            show();
          },
          onLost: () => {
            if (feed === subscribed) leaveServer();
          },
        });
        // Once more after a moment: a refusal can be passing (a server busy with a crowd joining).
        subscribed = await attempt().catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_RETRY_MS));
          if (peer !== current || disposed) throw new Error('this connection is gone');
          return attempt();
        });
      } catch (error) {
        console.warn('TabBeam: could not watch through the media server', error);
        if (peer === current) send({ t: 'via', route: 'direct' });
        return;
      }
      if (peer !== current || disposed || feed) return subscribed.close();
      feed = subscribed;
    }

    /** Back to the host's own connection (the server is gone, or its feed failed). */
    function leaveServer(): void {
      feed?.close();
      feed = null;
      if (peer !== current) return;
      sendToHost?.({ t: 'via', route: 'direct' });
      if (via === 'direct') return;
      via = 'direct';
      show();
    }

    /** Puts the chosen picture on screen while live. */
    function show(): void {
      if (state.kind !== 'live') return reveal();
      options.onStream(via === 'server' && feed ? feed.stream : (media?.stream ?? null));
      setState({ ...state, via });
    }

    /** Shows the picture once everything above holds. */
    function reveal(): void {
      const stream = media?.stream;
      if (!stream || !welcomed || !provenHost || peer !== current) return;
      if (sdpFingerprint(media!.call.peerConnection?.remoteDescription?.sdp) !== provenHost.fingerprint) {
        // Fail first: closing the call fires 'close' at once, which would be taken for a lost connection.
        fail('security');
        return media!.call.close();
      }
      if (state.kind === 'live') return;
      options.onStream(via === 'server' && feed ? feed.stream : stream);
      shownCall = media!.call;
      everLive = true;
      retries = 0;
      notFoundInARow = 0;
      setState({ kind: 'live', code: provenHost.code, paused, pointing, via });
      if (preference !== 'auto') sendToHost?.({ t: 'prefer', want: preference });
    }

    current.on('call', (call: MediaConnection) => {
      // Only the host we said hello to, once, and never after the picture is up.
      if (call.peer !== target.peerId || !sendToHost || media || state.kind === 'live') {
        call.close();
        return;
      }
      mark('call');
      media = { call, stream: null };
      call.answer(undefined, { sdpTransform: withStartBitrate });
      call.on('stream', (stream) => {
        mark('stream');
        if (media?.call !== call) return;
        media.stream = stream;
        // Play what arrives at once: the jitter buffer's default target adds latency for no gain on a good link.
        for (const receiver of call.peerConnection?.getReceivers() ?? []) lowLatency(receiver);
        reveal();
      });
      call.on('close', closed);
    });

    current.on('error', (error: PeerError<string>) => {
      if (peer !== current) return; // an earlier attempt's peer
      if (error.type === 'peer-unavailable') return fail('not-found');
      if (state.kind === 'live' || state.kind === 'waiting') return; // broker trouble does not touch a running stream
      const brokerTrouble = ['network', 'server-error', 'socket-error', 'socket-closed', 'ssl-unavailable', 'invalid-key', 'disconnected'];
      fail(brokerTrouble.includes(error.type) && state.kind === 'connecting' && state.step === 'broker' ? 'broker-unreachable' : 'connection-failed');
    });
  }

  setState(state);
  start().catch(() => fail('connection-failed'));
  return {
    prefer(want) {
      preference = want;
      if (state.kind === 'live') sendToHost?.({ t: 'prefer', want });
    },
    async stats() {
      if (via === 'server' && feed) return feed.stats();
      return (await shownCall?.peerConnection?.getStats()) ?? null;
    },
    point(message) {
      if (state.kind === 'live' && !state.paused && state.pointing === 'on') sendToHost?.(message);
    },
    close() {
      disposed = true;
      feed?.close();
      clearTimeout(deadline);
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      peer?.destroy();
    },
  };
}

/**
 * Which side a 'version' denial asks to update: hosts from wire 5 on send their version; one
 * that sends none is older than 5, so older than this page.
 */
function outdatedSide(hostVersion: number | undefined): 'version' | 'host-outdated' {
  return hostVersion === undefined || hostVersion < WIRE_VERSION ? 'host-outdated' : 'version';
}
