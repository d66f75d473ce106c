// The offscreen document: lives exactly as long as one share. The background opens it,
// sends host/start, and closes it after host/stop; closing it releases every track and peer.
import { Peer } from 'peerjs';
import { callControl, controlHandlers, controlsFrom, type ControlFunctions } from '../shared/controls';
import { AppError } from '../shared/errors';
import { createRequester, serve } from '../shared/messaging';
import { brokerLabel, peerOptions } from '../shared/peer-options';
import { certificateFingerprint, generateCertificate } from '../shared/proof';
import { autoLook, wasMoving, type Look } from '../shared/quality';
import type { SenderStats, SourceRequest } from '../shared/protocol';
import type { EndReason } from '../shared/session';
import { onOverlay, type OverlayPort } from '../platform/overlay-port';
import { runtimeTransport } from '../platform/runtime';
import { openSource, stopTracks } from './capture';
import { copyText } from './clipboard';
import { createMixer, type Mixer } from './mixer';
import { openHost, type ShareHost } from './host';

const request = createRequester(runtimeTransport);
const ended = (reason: EndReason) => void request('background', 'host/ended', { reason }).catch(() => undefined);

interface Share {
  host: ShareHost;
  source: MediaStream;
  kind: SourceRequest['kind'];
  /** The tab shown, when it is one TabBeam captured itself (only its overlay may draw). */
  tabId: number | null;
  /** The pointing overlay in that tab, once it has connected. */
  overlay: OverlayPort | null;
  mixer: Mixer;
  expiry: ReturnType<typeof setTimeout> | undefined;
  /** watchSource's timer. */
  watch: ReturnType<typeof setInterval>;
}
let share: Share | null = null;

function current(): Share {
  if (!share) throw new AppError('internal', 'No share is running.');
  return share;
}

/** Shows `stream` to viewers (video per viewer, sound through the mixer) and ends the share with it. */
function useSource(running: Share, stream: MediaStream, source: SourceRequest): void {
  const { kind } = source;
  running.source = stream;
  running.kind = kind;
  // Marks belong to the page they were drawn on: a new source starts without them.
  running.overlay?.close();
  running.overlay = null;
  running.tabId = source.kind === 'tab' ? source.tabId : null;
  running.host.setOverlay(kind === 'tab' ? 'tab' : 'other', null);
  running.mixer.setSource(stream, kind === 'tab');
  running.host.setAudio(running.mixer.outgoing());
  running.host.setVideo(stream.getVideoTracks()[0]!);
  // Chrome's own "Stop sharing", the camera unplugged or the tab going away end the video track.
  stream.getVideoTracks()[0]?.addEventListener('ended', () => {
    if (share?.source === stream) ended('capture-ended');
  });
}

/** Seconds without a frame before (and between) asking the background whether the tab crashed. */
const STILL_CHECK_S = 3;

/**
 * Every second: Auto quality follows whether the picture moves (the viewers' encoders say:
 * src/shared/quality.ts wasMoving), and a tab that delivered no frame may be a crashed one (no
 * event says so), so the background checks every few still seconds.
 */
function watchSource(): ReturnType<typeof setInterval> {
  let look: Look = 'text';
  let moving: boolean[] = [];
  let encoders: SenderStats[] = [];
  let frames: { source: MediaStream; count: number } | null = null;
  let still = 0;
  return setInterval(() => {
    const running = share;
    if (!running) return;
    const track = running.source.getVideoTracks()[0] as
      (MediaStreamTrack & { stats?: { totalFrames: number } | null }) | undefined;
    const count = track?.stats?.totalFrames;
    if (count !== undefined) {
      still = frames?.source === running.source && count === frames.count ? still + 1 : 0;
      frames = { source: running.source, count };
      if (running.kind === 'tab' && still > 0 && still % STILL_CHECK_S === 0)
        void request('background', 'host/still', {}).catch(() => undefined);
    }
    void running.host.stats().then((now) => {
      const moved = wasMoving(encoders, now);
      encoders = now;
      if (moved === null || share !== running) return;
      moving = [...moving, moved].slice(-3);
      look = autoLook(look, moving, running.source.getVideoTracks()[0]?.getSettings().height ?? 0);
      running.host.setAutoLook(look);
    });
  }, 1000);
}

/** The controls as this share carries them out: the ShareHost does each, but sound is the mixer's. */
function controlsOf(running: Share): ControlFunctions<void | Promise<void>> {
  return {
    ...running.host,
    async mic(on) {
      await running.mixer.setMic(on);
      running.host.setAudio(running.mixer.outgoing());
    },
    muteForMe: (muted) => running.mixer.setMutedForMe(muted),
  };
}

serve(runtimeTransport, 'offscreen', {
  async 'host/start'(req) {
    if (share) throw new AppError('internal', 'A share is already running.');
    const certificate = await generateCertificate();
    const source = await openSource(req.source);
    const mixer = createMixer();
    try {
      const host = await openHost({
        peerId: req.peerId,
        secret: req.secret,
        video: source.getVideoTracks()[0]!,
        audio: mixer.outgoing(),
        quality: req.quality,
        limits: req.limits,
        peerOptions: peerOptions(req.broker, req.iceServers, certificate),
        fingerprint: certificateFingerprint(certificate),
        askToJoin: req.askToJoin,
        maxViewers: req.maxViewers,
        pointing: req.pointing,
        copying: req.copying,
        controlYieldsToSharer: req.controlYieldsToSharer,
        mediaServer: req.mediaServer,
        brokerLabel: brokerLabel(req.broker),
        createPeer: (id, options) => new Peer(id, options),
        onViewers: (viewers, left) =>
          void request('background', 'host/viewers', { viewers, left }).catch(() => undefined),
        onBroker: (online) => void request('background', 'host/broker', { online }).catch(() => undefined),
        onServer: (state) => void request('background', 'host/server', { state }).catch(() => undefined),
      });
      const expiry =
        req.expiresAt === null ? undefined : setTimeout(() => ended('expired'), req.expiresAt - Date.now());
      share = { host, source, kind: req.source.kind, tabId: null, overlay: null, mixer, expiry, watch: watchSource() };
      useSource(share, source, req.source);
    } catch (error) {
      mixer.close();
      stopTracks(source);
      throw error;
    }
  },
  async 'host/stop'({ reason }) {
    const stopping = share;
    share = null;
    if (!stopping) return;
    clearTimeout(stopping.expiry);
    clearInterval(stopping.watch);
    stopping.overlay?.close();
    stopping.mixer.close();
    stopTracks(stopping.source);
    await stopping.host.end(reason);
  },
  async 'host/source'(req) {
    // Open the new source first: if that fails, viewers keep watching the old one.
    const running = current();
    const next = await openSource(req);
    if (share !== running) return stopTracks(next); // stopped meanwhile
    const old = running.source;
    useSource(running, next, req);
    stopTracks(old);
  },
  ...controlHandlers(
    controlsFrom(
      (name) =>
        (...args) =>
          callControl(controlsOf(current()), name, args),
    ),
  ),
  'host/stats': () => current().host.stats(),
  'host/control-stats': () => ({ dropped: current().host.controlDropped() }),
  'clipboard/write'({ text }) {
    copyText(text);
  },
});

// The overlay the background put into the shared tab (src/overlay): marks go there. Any other
// tab's is turned away (a stale one from before a source change, say).
onOverlay((port) => {
  const running = share;
  if (!running || running.tabId !== port.tabId) return port.close();
  running.overlay?.close();
  running.overlay = port;
  port.onMessage((message) => {
    if (running.overlay === port) running.host.overlayReport(message);
  });
  running.host.setOverlay('tab', port.post, port.origin);
  port.onClose(() => {
    if (running.overlay !== port) return;
    running.overlay = null; // the page navigated or closed: the background injects again when it loads
    running.host.setOverlay('tab', null);
  });
});
