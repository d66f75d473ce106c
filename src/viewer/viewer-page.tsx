import type { Peer, PeerOptions } from 'peerjs';
import { useEffect, useRef, useState } from 'preact/hooks';
import { generateCertificate } from '../shared/proof';
import { PREFERENCES, type ViewerPreference } from '../shared/quality';
import { viewerText as t } from '../shared/strings';
import { watchShare, type ViewProblem, type ViewState, type Watching } from './watch';

/** One sentence per problem; a Record, so a new problem cannot go without words. */
const PROBLEM_TEXT: Record<ViewProblem, (broker: string) => string> = {
  'bad-link': () => t.badLink,
  denied: () => t.badLink, // the host refused the secret: to the viewer, the same wrong link
  'not-found': () => t.notFound,
  'broker-unreachable': (broker) => t.brokerUnreachable(broker),
  'connection-failed': () => t.connectionFailed,
  version: () => t.versionMismatch,
  lost: () => t.lost,
  security: () => t.security,
  full: () => t.full,
  locked: () => t.locked,
  rejected: () => t.rejected,
  kicked: () => t.kicked,
};

export function describe(state: ViewState): string {
  switch (state.kind) {
    case 'connecting':
      return { broker: t.connectingBroker, host: t.connectingHost, proof: t.checkingLink, media: t.waitingMedia }[state.step];
    case 'waiting':
      return t.waitingForHost;
    case 'reconnecting':
      return t.reconnecting(state.attempt);
    case 'live':
      return state.paused ? t.paused : t.live;
    case 'ended':
      return t.ended;
    case 'error':
      return PROBLEM_TEXT[state.problem](state.broker ?? '');
  }
}

/** A share being watched, and what the page shows of it: started before the UI renders. */
export interface View {
  watching: Watching;
  state: ViewState;
  stream: MediaStream | null;
  /** Calls `changed` after every new state or stream; returns the unsubscribe. */
  subscribe(changed: () => void): () => void;
}

/** Starts reaching the broker and the host at once: rendering the page does not wait, nor delay it. */
export function startView(hash: string, createPeer: (options: PeerOptions) => Peer): View {
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  const view: View = {
    watching: undefined as unknown as Watching, // set just below; onState may fire before watchShare returns
    state: { kind: 'connecting', step: 'broker' },
    stream: null,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  view.watching = watchShare({
    hash,
    createPeer,
    createCertificate: generateCertificate,
    onState(state) {
      view.state = state;
      changed();
    },
    onStream(stream) {
      view.stream = stream;
      changed();
    },
  });
  return view;
}

export function ViewerPage({ view }: { view: View }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<ViewState>(view.state);
  const [muted, setMuted] = useState(true);
  const [preference, setPreference] = useState<ViewerPreference>('auto');

  useEffect(() => {
    let shown: MediaStream | null = null;
    const sync = () => {
      setState(view.state);
      const element = video.current;
      if (!element || view.stream === shown) return;
      shown = view.stream;
      element.srcObject = shown;
      // Browsers allow autoplay only while muted; the Unmute button is the user's gesture.
      if (shown) void element.play().catch(() => undefined);
    };
    sync();
    const unsubscribe = view.subscribe(sync);
    return () => {
      unsubscribe();
      view.watching.close();
    };
  }, [view]);

  const prefer = (want: ViewerPreference) => {
    setPreference(want);
    view.watching.prefer(want);
  };

  const toggleMute = () => {
    const element = video.current;
    if (!element) return;
    element.muted = !element.muted;
    setMuted(element.muted);
    void element.play().catch(() => undefined);
  };

  const live = state.kind === 'live';
  return (
    <main class={`viewer ${state.kind}`}>
      <div class="stage">
        <video data-testid="remote-video" ref={video} autoplay playsInline muted hidden={!live || state.paused} />
        {(!live || state.paused) && (
          <p class={`message ${state.kind}`} data-testid={live ? 'paused' : undefined} role={state.kind === 'error' ? 'alert' : undefined}>
            {describe(state)}
          </p>
        )}
      </div>
      <footer>
        <span class="brand">TabBeam</span>
        <span class="status" data-testid="status" aria-live="polite">
          {live && <span class="dot" aria-hidden="true" />}
          {describe(state)}
        </span>
        {(live || state.kind === 'waiting') && (
          <span class="code" data-testid="verification-code" title={t.codeHelp}>
            {state.code}
          </span>
        )}
        {live && (
          <span class="quality" role="group" aria-label={t.quality} title={t.preferenceHelp}>
            {PREFERENCES.map((want) => (
              <button key={want} data-testid={`prefer-${want}`} aria-pressed={preference === want} onClick={() => prefer(want)}>
                {t.preferences[want]}
              </button>
            ))}
          </span>
        )}
        <button data-testid="unmute" onClick={toggleMute} hidden={!live} aria-pressed={!muted}>
          {muted ? t.unmute : t.mute}
        </button>
      </footer>
    </main>
  );
}
