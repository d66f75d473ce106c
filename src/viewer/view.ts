// A share being watched, started before the page renders: the page subscribes to it, and its
// first state may already have arrived by then.
import type { Peer, PeerOptions } from 'peerjs';
import { generateCertificate } from '../shared/proof';
import { watchShare, type ViewState, type Watching } from './watch';

/** A share being watched, and what the page shows of it: started before the UI renders. */
export interface View {
  readonly watching: Watching;
  /** The latest state and stream (watchShare may report the first state before it returns). */
  readonly state: ViewState;
  readonly stream: MediaStream | null;
  /** Calls `changed` after every new state or stream; returns the unsubscribe. */
  subscribe(changed: () => void): () => void;
}

/**
 * The certificate index.html started making before the bundle loaded, once: a second attempt
 * (after a failure) makes a new one.
 */
function takeEarlyCertificate(): Promise<RTCCertificate> | undefined {
  const w = window as { tabbeamCertificate?: Promise<RTCCertificate> };
  const early = w.tabbeamCertificate;
  delete w.tabbeamCertificate;
  return early;
}

/** Starts reaching the broker and the host at once: rendering the page does not wait, nor delay it. */
export function startView(hash: string, createPeer: (options: PeerOptions) => Peer): View {
  const listeners = new Set<() => void>();
  let state: ViewState = { kind: 'connecting', step: 'broker' };
  let stream: MediaStream | null = null;
  const changed = () => listeners.forEach((listener) => listener());
  const watching = watchShare({
    hash,
    createPeer,
    createCertificate: () => takeEarlyCertificate() ?? generateCertificate(),
    onState(next) {
      state = next;
      changed();
    },
    onStream(next) {
      stream = next;
      changed();
    },
  });
  return {
    watching,
    get state() {
      return state;
    },
    get stream() {
      return stream;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
