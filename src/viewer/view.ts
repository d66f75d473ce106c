// A share being watched, started before the page renders: the page subscribes to it, and its
// first state may already have arrived by then.
import type { Peer, PeerOptions } from 'peerjs';
import type { PageText, TextState } from '../shared/page-text';
import { generateCertificate } from '../shared/proof';
import { watchShare, type ViewState, type Watching } from './watch';

/** A share being watched, and what the page shows of it: started before the UI renders. */
export interface View {
  readonly watching: Watching;
  /** The latest state and stream (watchShare may report the first state before it returns). */
  readonly state: ViewState;
  readonly stream: MediaStream | null;
  /** The shared page's text for the text layer: whether it comes, and the latest page (null when it does not). */
  readonly text: ViewText;
  /** Calls `changed` after every new state or stream; returns the unsubscribe. */
  subscribe(changed: () => void): () => void;
}

export interface ViewText {
  state: TextState;
  page: PageText | null;
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
  let text: ViewText = { state: 'page', page: null }; // nothing from the host yet
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
    onText(update) {
      // A page arrives only while the text is on; when it stops, the layer empties.
      text = 'page' in update ? { ...text, page: update.page } : { state: update.state, page: null };
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
    get text() {
      return text;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
