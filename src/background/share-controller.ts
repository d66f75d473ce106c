// Decides what a click, a Stop or an event from the offscreen host does to the Session.
// It holds no state of its own: every step reads the stored Session, so a restarted service
// worker carries on where the old one stopped. Platform pieces come in as `deps`.
// The choice of source is resolved in share-source.ts; what the browser and host report, in share-events.ts.
import { callControl, controlsFrom, recordOf, type ControlFunctions } from '../shared/controls';
import { toShareError } from '../shared/errors';
import type { HostStart, SourceChoice, SourceRequest } from '../shared/protocol';
import {
  nextSession,
  type Controls,
  type EndReason,
  type Session,
  type SessionEvent,
  type ShareSource,
} from '../shared/session';
import { buildShareLink } from '../shared/share-link';
import type { Settings } from '../shared/settings';
import { credentialExpiry, shareIceServers } from '../shared/turn-credentials';
import { shareEvents } from './share-events';
import { resolveSource, sourceOf } from './share-source';

export { isCapturable } from './share-source';

export interface ShareDeps {
  session: { get(): Promise<Session>; set(session: Session): Promise<void> };
  /** Throws AppError('bad-settings') when stored settings do not validate. */
  loadSettings(): Promise<Settings>;
  /** chrome.tabCapture.getMediaStreamId for the tab (needs the action click's activeTab grant). */
  streamIdFor(tabId: number): Promise<string>;
  /** The tab's renderer crashed (Chrome shows a sad tab; the capture stays open but empty). */
  tabCrashed(tabId: number): Promise<boolean>;
  /** The offscreen host: start resolves once the share is reachable through the broker. */
  host: ControlFunctions<Promise<void>> & {
    start(request: HostStart): Promise<void>;
    stop(reason: EndReason): Promise<void>;
    source(request: SourceRequest): Promise<void>;
  };
  /**
   * Puts the pointing overlay into the tab (chrome.scripting, on the grant of the user's click);
   * false where Chrome does not allow it. The overlay itself connects to the offscreen host.
   */
  injectOverlay(tabId: number): Promise<boolean>;
  copyToClipboard(text: string): Promise<void>;
  /** Badge, title, popup, notifications: whatever shows the session outside the popup. */
  show(session: Session, previous: Session): Promise<void>;
  randomToken(): string;
  now(): number;
}

/**
 * What the offscreen host is asked to start from the settings, and the link viewers get. A TURN
 * server with a shared secret gets credentials that expire with the share: the host uses them
 * and the link carries them; the secret itself goes nowhere.
 */
async function planShare(
  settings: Settings,
  source: SourceRequest,
  deps: Pick<ShareDeps, 'randomToken' | 'now'>,
): Promise<{ start: HostStart; link: string }> {
  const now = deps.now();
  const expiresAt = settings.expiryMinutes === null ? null : now + settings.expiryMinutes * 60_000;
  // The link carries the media server's address and secret; its threshold is the host's alone.
  const mediaServer = settings.mediaServer && {
    url: settings.mediaServer.url,
    apiSecret: settings.mediaServer.apiSecret,
  };
  const target = {
    peerId: deps.randomToken(),
    secret: deps.randomToken(),
    broker: settings.broker,
    iceServers: await shareIceServers(settings.iceServers, credentialExpiry(now, expiresAt)),
    mediaServer,
  };
  const start: HostStart = {
    source,
    ...target,
    mediaServer: settings.mediaServer,
    askToJoin: settings.askToJoin,
    maxViewers: settings.maxViewers,
    expiresAt,
    quality: settings.quality,
    limits: {
      maxHeight: settings.maxHeight,
      maxFramerate: settings.maxFramerate,
      maxBitrateKbps: settings.maxBitrateKbps,
    },
    pointing: true,
    copying: settings.liveText,
    controlYieldsToSharer: settings.controlYieldsToSharer,
  };
  return { start, link: buildShareLink(settings.viewerUrl, target) };
}

export function createShareController(deps: ShareDeps) {
  // Operations run one at a time so two quick clicks cannot start two shares.
  // This queue is the only in-memory value, and losing it on a restart is harmless.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  async function apply(event: SessionEvent): Promise<void> {
    const previous = await deps.session.get();
    const session = nextSession(previous, event);
    if (session === previous) return;
    await deps.session.set(session);
    await deps.show(session, previous);
  }

  async function start(choice: SourceChoice): Promise<void> {
    const current = await deps.session.get();
    if (current.state === 'starting' || current.state === 'live') return;
    await apply({ type: 'start', source: sourceOf(choice), at: deps.now() });
    try {
      const settings = await deps.loadSettings();
      const request = await resolveSource(choice, deps.streamIdFor);
      const { start, link } = await planShare(settings, request, deps);
      await deps.host.start(start);
      const { peerId, expiresAt, quality, copying } = start;
      await apply({ type: 'started', peerId, link, at: deps.now(), expiresAt, quality, copying });
      await deps.copyToClipboard(link).catch(() => undefined); // the popup still shows the link
      await drawOn(sourceOf(choice));
    } catch (error) {
      await deps.host.stop('stopped').catch(() => undefined);
      await apply({ type: 'failed', error: toShareError(error) });
    }
  }

  async function end(reason: EndReason): Promise<void> {
    const current = await deps.session.get();
    if (current.state !== 'live' && current.state !== 'starting') return;
    // Idle first: stopping the host fails a start still in flight, whose 'failed' must find
    // the share already ended rather than turn a Cancel into an error.
    await apply({ type: 'ended' });
    await deps.host.stop(reason);
  }

  /** Puts the overlay into a shared tab, and records whether it could; nothing for other sources. */
  async function drawOn(source: ShareSource): Promise<void> {
    if (source.kind !== 'tab') return apply({ type: 'controls', controls: { overlay: 'none' } });
    const injected = await deps.injectOverlay(source.tabId).catch(() => false);
    const now = await deps.session.get();
    // The share may have ended or moved on while the script went in.
    if (now.state === 'live' && now.source.kind === 'tab' && now.source.tabId === source.tabId)
      await apply({ type: 'controls', controls: { overlay: injected ? 'on' : 'blocked' } });
  }

  /** Live: viewers keep their connections and see the new source (replaceTrack in the host). */
  async function switchTo(current: ShareSource, choice: SourceChoice): Promise<void> {
    // The same tab or the camera again changes nothing; a new picker choice always may.
    if (
      choice.kind === 'tab'
        ? current.kind === 'tab' && current.tabId === choice.tab.id
        : choice.kind === 'camera' && current.kind === 'camera'
    )
      return;
    await deps.host.source(await resolveSource(choice, deps.streamIdFor));
    // In the queue: the host reports its viewers as it switches, and a Session written beside
    // that report would lose one of the two.
    await serial(async () => {
      await apply({ type: 'switched', source: sourceOf(choice) });
      await drawOn(sourceOf(choice));
    });
  }

  const control = (controls: Partial<Controls>) => apply({ type: 'controls', controls });

  /**
   * Each control runs only while live, so a stale popup cannot act on a newer share; the Session
   * records it (src/shared/controls.ts) once the host has done it.
   */
  const controls = controlsFrom(
    (name) =>
      (...args) =>
        serial(async () => {
          if ((await deps.session.get()).state !== 'live') return;
          await callControl(deps.host, name, args);
          const recorded = recordOf(name, args);
          if (recorded) await control(recorded);
        }),
  );

  return {
    ...controls,
    ...shareEvents(deps, { serial, apply, control, end, drawOn }),
    /** Toolbar click (idle), the popup, the context menu or a shortcut: start, or switch while live. */
    async share(choice: SourceChoice): Promise<void> {
      // A switch runs beside the queue: Chrome's picker may stay open for minutes, and Stop, a
      // viewer joining or the capture ending must not wait for it. The host keeps the old source
      // until the new one is open; a switch that lands after Stop finds no share and changes nothing.
      const current = await deps.session.get();
      if (current.state === 'live') return switchTo(current.source, choice);
      return serial(() => start(choice));
    },
    async stop(reason: EndReason = 'stopped'): Promise<void> {
      // Cancelling a start must not queue behind it (it may be waiting on the picker): closing the
      // offscreen document fails that start, whose late 'failed' then finds the Session idle.
      if ((await deps.session.get()).state === 'starting') return end(reason);
      return serial(() => end(reason));
    },
    /** A new service worker: a start begun by the previous one has nobody left to finish it. */
    recover: () =>
      serial(async () => {
        if ((await deps.session.get()).state === 'starting') await end('stopped');
      }),
    dismiss: () => serial(() => apply({ type: 'dismissed' })),
  };
}

export type ShareController = ReturnType<typeof createShareController>;
