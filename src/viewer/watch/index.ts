// The viewer's side of a share, without UI: parse the link, reach the broker, prove the link
// secret bound to this connection's DTLS fingerprints (and check the host's proof), answer the
// host's call only once it presents the proven fingerprint, and report one ViewState at a time.
// Every waiting step but the host's approval has a deadline, so the page never sits on "connecting".
// A viewer that was watching, or waiting to be let in, and lost the connection tries again with
// backoff (a new Attempt and a fresh proof each time, the page's one certificate) until the share is
// back (or it waits again), has ended, or too many attempts failed.
// Once live, it passes the viewer's pointer marks to the host while the host says pointing is on,
// and its requests for control and input (the host acts only on a granted viewer's).
// When the host moves its audience to a media server (relay), the picture comes from the share's
// Janus room instead (room.ts) once its picture flows, in the same player (picture.ts).
// When the page's network changes under a live picture and its connection goes quiet, it gets back
// at once instead of waiting for the heartbeat (network-change.ts).
import { util } from 'peerjs';
import { deriveShareKey } from '../../shared/e2ee/frame-crypto';
import { mark } from '../../shared/marks';
import { brokerLabel } from '../../shared/peer-options';
import { importSecret } from '../../shared/proof';
import type { ViewerPreference } from '../../shared/quality';
import { parseShareLink } from '../../shared/share-link';
import { Attempt, whileAlive, type AttemptContext } from './attempt';
import { browserNetwork, transportBytes, watchNetwork, type NetworkSignals } from './network-change';
import { createPicture, type Picture } from './picture';
import type { ServerReady } from './room';
import { RECONNECT_STEP_TIMEOUT_MS, RETRY_BACKOFF_MS, NOT_FOUND_MEANS_ENDED, STEP_TIMEOUT_MS } from './view-state';
import type { PageTextUpdate, ViewProblem, ViewState, WatchOptions, Watching } from './view-state';

export * from './view-state';

/** Problems worth another attempt once the share had played: the network, not the host's decision. */
const RETRYABLE: readonly ViewProblem[] = ['connection-failed', 'broker-unreachable', 'not-found', 'lost'];

const nothing = () => undefined;
/** A link that does not parse watches nothing. */
const UNWATCHED: Watching = {
  prefer: nothing,
  stats: async () => null,
  point: nothing,
  control: nothing,
  close: nothing,
};

export function watchShare(options: WatchOptions): Watching {
  const now = options.now ?? Date.now;
  mark('watch');
  const link = parseShareLink(options.hash);
  if (!link.ok) {
    options.onState({ kind: 'error', problem: 'bad-link' });
    return UNWATCHED;
  }
  const { target } = link;
  const broker = brokerLabel(target.broker);
  const server = {
    ready: serverReady(target.mediaServer, options.subscribeFeed, target.secret, target.peerId),
    keys: new Map<number, CryptoKey>(),
    iceServers: target.iceServers ?? util.defaultConfig.iceServers ?? [],
  };

  let state: ViewState = { kind: 'connecting', step: 'broker' };
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let attempt: { run: Attempt; stop: AbortController } | null = null;
  let everLive = false;
  let retries = 0;
  let notFoundInARow = 0;
  /** The host had put us in line (ask-to-join): a lost connection is worth getting back in line for. */
  let everWaited = false;
  const certificate = onePerPage(options.createCertificate);
  let preference: ViewerPreference = 'auto';
  const picture = createPicture({
    onStream: options.onStream,
    onVia: (via) => {
      if (state.kind === 'live') setState({ ...state, via });
    },
  });

  const finished = () => state.kind === 'ended' || state.kind === 'error';

  function setState(next: ViewState): void {
    if (finished() || disposed) return;
    clearTimeout(deadline);
    if (next.kind === 'connecting') {
      const problem = next.step === 'broker' ? 'broker-unreachable' : 'connection-failed';
      deadline = setTimeout(() => fail(problem), retries > 0 ? RECONNECT_STEP_TIMEOUT_MS : STEP_TIMEOUT_MS);
    }
    // In line, or the picture up (again): a connection lost from here is retried afresh.
    if (next.kind === 'waiting') everWaited = true;
    if (next.kind === 'live' && state.kind !== 'live') everLive = true;
    if (next.kind === 'waiting' || (next.kind === 'live' && state.kind !== 'live')) retries = notFoundInARow = 0;
    // While getting back to a share, the steps show as one "reconnecting" state.
    state = retries > 0 && next.kind === 'connecting' ? { kind: 'reconnecting', attempt: retries } : next;
    if (finished()) teardown();
    options.onState(state);
  }

  /** Ends the current attempt and everything on it. */
  function teardown(): void {
    attempt?.stop.abort();
    attempt = null;
    picture.clear();
  }

  function fail(problem: ViewProblem): void {
    const reached = everLive || everWaited;
    if (reached && problem === 'not-found' && ++notFoundInARow >= NOT_FOUND_MEANS_ENDED) {
      return setState({ kind: 'ended' });
    }
    if (reached && RETRYABLE.includes(problem) && !finished() && !disposed) return retry();
    setState(problem === 'broker-unreachable' ? { kind: 'error', problem, broker } : { kind: 'error', problem });
  }

  /** `now`: the network changed, so an attempt made now can work: no backoff, and any attempt under way goes. */
  function retry(now = false): void {
    teardown();
    clearTimeout(deadline);
    clearTimeout(retryTimer);
    if (retries >= RETRY_BACKOFF_MS.length) return setState({ kind: 'error', problem: 'lost' });
    const wait = now ? 0 : RETRY_BACKOFF_MS[retries]!;
    retries++;
    state = { kind: 'reconnecting', attempt: retries };
    options.onState(state);
    retryTimer = setTimeout(() => {
      setState({ kind: 'connecting', step: 'broker' }); // shown as "reconnecting", with its deadline
      void start().catch(() => fail('connection-failed'));
    }, wait);
  }

  async function start(): Promise<void> {
    const [pageCertificate, secret] = await Promise.all([certificate(), importSecret(target.secret)]);
    if (disposed) return;
    mark('certificate');
    const given = { target, secret, server, now, createPeer: options.createPeer, certificate: pageCertificate };
    const text = (update: PageTextUpdate) => options.onText?.(update);
    attempt = newAttempt(given, { state: () => state, setState, fail, preference: () => preference, text, picture });
  }

  setState(state);
  start().catch(() => fail('connection-failed'));
  const stopNetwork = onNetworkChange(options.network, picture, () => {
    if (state.kind !== 'live' && state.kind !== 'reconnecting') return;
    mark('network-change');
    retry(true);
  });
  return {
    prefer(want) {
      preference = want;
      if (state.kind === 'live') attempt?.run.send({ t: 'prefer', want });
    },
    stats: () => picture.stats(),
    point: (message) => state.kind === 'live' && !state.paused && state.pointing === 'on' && attempt?.run.send(message),
    control: (message) => state.kind === 'live' && !state.paused && attempt?.run.send(message),
    close() {
      disposed = true;
      stopNetwork();
      clearTimeout(deadline);
      clearTimeout(retryTimer);
      attempt?.stop.abort();
    },
  };
}

/**
 * A link with a media server may be moved there: its code and key are made ready beside the
 * broker's connection, not after the host says so (no Janus session is opened before that).
 * Loaded only for such links: most viewers never need it, and every first frame waits for the bundle.
 */
function serverReady(
  mediaServer: ServerReady['server'] | null,
  subscribeFeed: WatchOptions['subscribeFeed'],
  secret: string,
  peerId: string,
): ServerReady | null {
  if (!mediaServer) return null;
  const ready: ServerReady = {
    server: mediaServer,
    subscribe: subscribeFeed ? Promise.resolve(subscribeFeed) : import('./server-feed').then((m) => m.subscribeFeed),
    key: deriveShareKey(secret, peerId),
  };
  // A failed load or key is met again, and handled, when it is needed.
  ready.subscribe.catch(() => undefined);
  ready.key.catch(() => undefined);
  return ready;
}

/** `act` when the page's network changes and the picture's connection went quiet (network-change.ts). */
function onNetworkChange(signals: NetworkSignals | undefined, picture: Picture, act: () => void): () => void {
  return watchNetwork({
    signals: signals ?? browserNetwork(),
    bytesReceived: async () => transportBytes(await picture.stats()),
    onChange: act,
  });
}

/** One certificate per page (SECURITY.md), so a viewer that comes back shows the host the same code. */
function onePerPage(create: () => Promise<RTCCertificate>): () => Promise<RTCCertificate> {
  let made: Promise<RTCCertificate> | null = null;
  return () =>
    (made ??= create().catch((error: unknown) => {
      made = null; // the next attempt tries again
      throw error;
    }));
}

type Given = Omit<AttemptContext, 'signal' | 'state' | 'setState' | 'fail' | 'preference' | 'text' | 'picture'>;
type Viewer = Pick<AttemptContext, 'state' | 'setState' | 'fail' | 'preference' | 'text'> & { picture: Picture };

/**
 * A new attempt, and the switch that ends it. What it may do to the viewer is closed for good once
 * it is over: a late event or answer from an earlier peer changes nothing.
 */
function newAttempt(given: Given, viewer: Viewer): { run: Attempt; stop: AbortController } {
  const stop = new AbortController();
  const { signal } = stop;
  const { picture } = viewer;
  const run = new Attempt({
    ...given,
    signal,
    state: viewer.state,
    setState: whileAlive(signal, viewer.setState),
    fail: whileAlive(signal, viewer.fail),
    preference: viewer.preference,
    text: whileAlive(signal, viewer.text),
    picture: {
      get via() {
        return picture.via;
      },
      showHost: whileAlive(signal, picture.showHost),
      showRoom: whileAlive(signal, picture.showRoom),
      leaveRoom: whileAlive(signal, picture.leaveRoom),
    },
  });
  return { run, stop };
}
