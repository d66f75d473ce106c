// The viewer's side of a share, without UI: parse the link, reach the broker, prove the
// secret to the host, answer the host's call, and report one ViewState at a time.
// Every waiting step has a deadline, so the page never sits on "connecting" forever.
import type { DataConnection, MediaConnection, Peer, PeerError, PeerOptions } from 'peerjs';
import { brokerLabel, peerOptions } from '../shared/peer-options';
import { parseShareLink } from '../shared/share-link';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS, parseHostMessage, WIRE_VERSION, type ViewerMessage } from '../shared/wire';

export type ViewProblem = 'bad-link' | 'not-found' | 'broker-unreachable' | 'connection-failed' | 'denied' | 'version' | 'lost';

export type ViewState =
  | { kind: 'connecting'; step: 'broker' | 'host' | 'media' }
  | { kind: 'live' }
  | { kind: 'ended' }
  | { kind: 'error'; problem: ViewProblem; broker?: string };

/** Deadline for each connecting step (broker, host, media). */
export const STEP_TIMEOUT_MS = 10_000;

export interface WatchOptions {
  hash: string;
  createPeer(options: PeerOptions): Peer;
  onState(state: ViewState): void;
  onStream(stream: MediaStream | null): void;
  now?: () => number;
}

export function watchShare(options: WatchOptions): () => void {
  const now = options.now ?? Date.now;
  const link = parseShareLink(options.hash);
  if (!link.ok) {
    options.onState({ kind: 'error', problem: 'bad-link' });
    return () => undefined;
  }
  const { target } = link;
  const broker = brokerLabel(target.broker);

  let state: ViewState = { kind: 'connecting', step: 'broker' };
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let conn: DataConnection | null = null;
  let lastHeard = now();

  const peer = options.createPeer(peerOptions(target.broker, target.iceServers));

  function finished(): boolean {
    return state.kind === 'ended' || state.kind === 'error';
  }

  function setState(next: ViewState): void {
    if (finished()) return;
    state = next;
    clearTimeout(deadline);
    if (next.kind === 'connecting') {
      const problem: ViewProblem = next.step === 'broker' ? 'broker-unreachable' : 'connection-failed';
      deadline = setTimeout(() => fail(problem), STEP_TIMEOUT_MS);
    }
    if (finished()) {
      clearInterval(heartbeat);
      options.onStream(null);
      peer.destroy();
    }
    options.onState(next);
  }

  const fail = (problem: ViewProblem) => setState(problem === 'broker-unreachable' ? { kind: 'error', problem, broker } : { kind: 'error', problem });
  const send = (message: ViewerMessage) => {
    if (conn?.open) void conn.send(message);
  };

  peer.on('open', () => {
    if (finished()) return;
    setState({ kind: 'connecting', step: 'host' });
    conn = peer.connect(target.peerId, { serialization: 'json', reliable: true });
    conn.on('open', () => {
      lastHeard = now();
      send({ t: 'hello', v: WIRE_VERSION, secret: target.secret });
      setState({ kind: 'connecting', step: 'media' });
      heartbeat = setInterval(() => {
        if (now() - lastHeard > HEARTBEAT_TIMEOUT_MS) fail(state.kind === 'live' ? 'lost' : 'connection-failed');
        else send({ t: 'ping' });
      }, HEARTBEAT_MS);
    });
    conn.on('data', (data) => {
      const message = parseHostMessage(data);
      if (!message) return; // a host speaking nonsense is ignored, not trusted
      lastHeard = now();
      if (message.t === 'end') setState({ kind: 'ended' });
      else if (message.t === 'denied') fail(message.reason === 'version' ? 'version' : 'denied');
    });
    conn.on('close', () => fail(state.kind === 'live' ? 'lost' : 'connection-failed'));
  });

  peer.on('call', (call: MediaConnection) => {
    // Only the host under the link's ID may put a picture on this page.
    if (call.peer !== target.peerId || state.kind !== 'connecting') {
      call.close();
      return;
    }
    call.answer();
    call.on('stream', (stream) => {
      options.onStream(stream);
      if (state.kind === 'connecting') setState({ kind: 'live' });
    });
    call.on('close', () => fail(state.kind === 'live' ? 'lost' : 'connection-failed'));
  });

  peer.on('error', (error: PeerError<string>) => {
    if (error.type === 'peer-unavailable') return fail('not-found');
    if (state.kind === 'live') return; // broker trouble does not touch a running stream
    const brokerTrouble = ['network', 'server-error', 'socket-error', 'socket-closed', 'ssl-unavailable', 'invalid-key', 'disconnected'];
    fail(brokerTrouble.includes(error.type) && state.kind === 'connecting' && state.step === 'broker' ? 'broker-unreachable' : 'connection-failed');
  });

  setState(state);
  return () => {
    clearTimeout(deadline);
    clearInterval(heartbeat);
    peer.destroy();
  };
}
