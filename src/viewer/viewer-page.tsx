import type { Peer, PeerOptions } from 'peerjs';
import { useEffect, useRef, useState } from 'preact/hooks';
import { generateCertificate } from '../shared/proof';
import { viewerText as t } from '../shared/strings';
import { watchShare, type ViewState } from './watch';

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
      switch (state.problem) {
        case 'bad-link':
          return t.badLink;
        case 'not-found':
          return t.notFound;
        case 'broker-unreachable':
          return t.brokerUnreachable(state.broker ?? '');
        case 'connection-failed':
          return t.connectionFailed;
        case 'denied':
          return t.denied;
        case 'version':
          return t.versionMismatch;
        case 'lost':
          return t.lost;
        case 'security':
          return t.security;
        case 'full':
          return t.full;
        case 'locked':
          return t.locked;
        case 'rejected':
          return t.rejected;
        case 'kicked':
          return t.kicked;
      }
  }
}

export function ViewerPage({ hash, createPeer }: { hash: string; createPeer: (options: PeerOptions) => Peer }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<ViewState>({ kind: 'connecting', step: 'broker' });
  const [muted, setMuted] = useState(true);
  const [hasAudio, setHasAudio] = useState(false);

  useEffect(
    () =>
      watchShare({
        hash,
        createPeer,
        createCertificate: generateCertificate,
        onState: setState,
        onStream(stream) {
          const element = video.current;
          if (!element) return;
          element.srcObject = stream;
          setHasAudio(!!stream && stream.getAudioTracks().length > 0);
          // Browsers allow autoplay only while muted; the Unmute button is the user's gesture.
          if (stream) void element.play().catch(() => undefined);
        },
      }),
    [hash, createPeer],
  );

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
        <button data-testid="unmute" onClick={toggleMute} hidden={!live || !hasAudio} aria-pressed={!muted}>
          {muted ? t.unmute : t.mute}
        </button>
      </footer>
    </main>
  );
}
