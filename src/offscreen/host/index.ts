// The host side of a share, one job per module: broker.ts, admission.ts (the proof), viewers.ts,
// sending.ts (each viewer's own picture), media-server.ts, pointing.ts, page-text.ts, remote-control.ts. This file only wires them
// behind ShareHost; a new job is a new module with its hooks here, not a branch in another.
import type { ToOverlay } from '../../shared/to-overlay';
import { importSecret } from '../../shared/proof';
import type { SenderStats } from '../../shared/protocol';
import type { Look, Preset } from '../../shared/quality';
import type { EndReason } from '../../shared/session';
import { createAdmission } from './admission';
import { openBroker } from './broker';
import { createServerPath } from './media-server';
import type { HostOptions } from './options';
import { createOutgoing } from './outgoing';
import { createPageText } from './page-text';
import { createPointing } from './pointing';
import { createRemoteControl } from './remote-control';
import { createSending } from './sending';
import { openServerRoom } from './server-room';
import { createRoster, isPresent } from './viewers';

export type { HostOptions } from './options';
export { MAX_PENDING, PROOF_TIMEOUT_MS } from './admission';
export { BROKER_BACKOFF_MS, OPEN_TIMEOUT_MS } from './broker';
export { KEY_SWITCH_MS, SERVER_RETRY_MS } from './media-server';
export { SERVER_VIEWER_ID } from './sender-stats';
export { PREFER_INTERVAL_MS } from './sending';
export { TEXT_INTERVAL_MS } from './page-text';
export { CONTROL_GAP_MS } from './remote-control';
export type { ToOverlay } from '../../shared/to-overlay';

export interface ShareHost {
  end(reason: EndReason): Promise<void>;
  lock(locked: boolean): void;
  pause(paused: boolean): void;
  /** Shows a new source to every viewer on its existing connection. */
  setVideo(track: MediaStreamTrack): void;
  /** Sends another sound track on every viewer's existing connection (src/offscreen/mixer.ts). */
  setAudio(track: MediaStreamTrack): void;
  quality(preset: Preset): void;
  /** What Auto currently sees in the source (src/shared/quality.ts autoLook). */
  setAutoLook(look: Look): void;
  admit(viewerId: string, allow: boolean): void;
  kick(viewerId: string): void;
  /** The sharer's switch for everyone: off removes every mark at once. */
  pointing(allowed: boolean): void;
  /** The sharer's switch for one viewer: off removes that viewer's marks. */
  viewerPointing(viewerId: string, allowed: boolean): void;
  /** The sharer's switch: viewers get the shared page's text (the live text layer), or not. */
  copying(allowed: boolean): void;
  /** The sharer's answer to a viewer asking to control the tab. */
  grantControl(viewerId: string, allow: boolean): void;
  /** The sharer takes control of the tab back. */
  takeBackControl(): void;
  /** Input messages dropped so far: not the controlling viewer's, over its rates, or with no page. */
  controlDropped(): number;
  /**
   * Where marks are drawn, the text comes from and control acts: the overlay in the shared tab, or
   * nowhere. `surface`: 'tab' while a tab is shown (all need its overlay), 'other' for a screen,
   * window, camera or picked tab. `origin`: the overlay's page's (control ends on another origin).
   */
  setOverlay(surface: 'tab' | 'other', overlay: ((message: ToOverlay) => void) | null, origin?: string | null): void;
  /** What the overlay sent: the page's text, or the sharer's answer or taking back in the tab. */
  overlayReport(message: unknown): void;
  stats(): Promise<SenderStats[]>;
}

export async function openHost(options: HostOptions): Promise<ShareHost> {
  const now = options.now ?? Date.now;
  const key = await importSecret(options.secret);
  const broker = await openBroker(options);
  const { video, audio, quality: preset, limits } = options;
  const out = createOutgoing({ video, audio, preset, limits });

  const roster = createRoster({
    now,
    onViewers: options.onViewers,
    listPointing: (entry) => pointing.list(entry),
    pointingStale: (present) => pointing.stale(present),
    listControl: (entry) => control.list(entry),
    dismissed(entry) {
      control.forget(entry);
      pointing.clear(entry);
      sending.hangUp(entry);
    },
    dropped(entry) {
      pointing.forget(entry);
      pageText.forget(entry);
      control.forget(entry);
      sending.stop(entry);
    },
  });
  const pointing = createPointing({ now, allowed: options.pointing, roster });
  const pageText = createPageText({ now, allowed: options.copying, roster });
  const control = createRemoteControl({ now, roster, yields: options.controlYieldsToSharer });
  const openRoom = options.openServerRoom ?? openServerRoom;
  const server = createServerPath({ ...options, openRoom, now, out, roster, gate: (entry) => sending.gate(entry) });
  const sending = createSending({ out, roster, room: server, call: (id, stream) => broker.peer.call(id, stream) });
  const admission = createAdmission({
    ...options,
    key,
    now,
    roster,
    connected: sending.call,
    transcribed: sending.checkMedia,
    watching(entry) {
      if (out.paused) roster.send(entry, { t: 'paused', paused: true });
      pointing.welcome(entry);
      pageText.welcome(entry);
      control.welcome(entry);
      // Before its welcome: a viewer that takes the share over the threshold waits for the room.
      server.consider();
      server.welcome(entry);
      sending.gate(entry);
      roster.publish();
    },
    handle: (entry, message) =>
      pointing.handle(entry, message) || control.handle(entry, message) || sending.handle(entry, message),
  });
  broker.peer.on('connection', admission.connect);
  const stopHeartbeat = roster.startHeartbeat();
  const retune = () => {
    sending.retune();
    void server.tune();
  };

  return {
    async end(reason) {
      server.stop();
      stopHeartbeat();
      broker.stopReconnecting();
      await roster.closeAll({ t: 'end', reason }, sending.stop);
      broker.peer.destroy();
      await server.close();
    },
    lock: admission.setLocked,
    pause(value) {
      pageText.setPaused(value);
      control.setPaused(value);
      if (sending.setPaused(value)) server.followPause();
    },
    setAudio(track) {
      sending.setAudio(track);
      server.follow(false);
    },
    setVideo(track) {
      control.sourceChanged();
      sending.setVideo(track);
      server.follow(true);
    },
    quality(value) {
      out.preset = value;
      retune();
    },
    setAutoLook(look) {
      if (out.autoLook === look) return;
      out.autoLook = look;
      retune();
    },
    admit(viewerId, allow) {
      const entry = roster.byId(viewerId);
      if (entry) admission.admit(entry, allow);
    },
    kick(viewerId) {
      const entry = roster.byId(viewerId);
      if (!entry || !isPresent(entry)) return;
      roster.dismiss(entry, { t: 'kicked' });
      void server.rotateKey();
    },
    pointing: (allowed) => pointing.setAllowed(allowed),
    viewerPointing(viewerId, allowed) {
      const entry = roster.byId(viewerId);
      if (entry && pointing.allow(entry, allowed)) roster.publish();
    },
    copying: (allowed) => pageText.setAllowed(allowed),
    grantControl: (viewerId, allow) => control.answer(viewerId, allow),
    takeBackControl: () => control.takeBack(),
    controlDropped: () => control.dropped(),
    setOverlay(surface, overlay, origin = null) {
      pointing.setOverlay(surface, overlay);
      pageText.setOverlay(surface, overlay);
      control.setOverlay(surface, overlay, origin);
    },
    overlayReport: (message) => control.report(message) || pageText.report(message),
    stats: () => Promise.all([...sending.stats(), ...server.stats()]),
  };
}
