// Decides what a click, a Stop or an event from the offscreen host does to the Session.
// It holds no state of its own: every step reads the stored Session, so a restarted service
// worker carries on where the old one stopped. Platform pieces come in as `deps`.
import { AppError, toShareError } from '../shared/errors';
import type { HostStart, TabInfo } from '../shared/protocol';
import { nextSession, type EndReason, type Session, type SessionEvent, type Viewer } from '../shared/session';
import { buildShareLink } from '../shared/share-link';
import type { Settings } from '../shared/settings';

export interface ShareDeps {
  session: { get(): Promise<Session>; set(session: Session): Promise<void> };
  /** Throws AppError('bad-settings') when stored settings do not validate. */
  loadSettings(): Promise<Settings>;
  /** chrome.tabCapture.getMediaStreamId for the tab (needs the action click's activeTab grant). */
  streamIdFor(tabId: number): Promise<string>;
  /** The offscreen host: start resolves once the share is reachable through the broker. */
  host: {
    start(request: HostStart): Promise<void>;
    stop(reason: EndReason): Promise<void>;
    lock(locked: boolean): Promise<void>;
    pause(paused: boolean): Promise<void>;
    admit(viewerId: string, allow: boolean): Promise<void>;
    kick(viewerId: string): Promise<void>;
  };
  copyToClipboard(text: string): Promise<void>;
  /** Badge, title, popup, notifications: whatever shows the session outside the popup. */
  show(session: Session, previous: Session): Promise<void>;
  randomToken(): string;
  now(): number;
}

/**
 * The Web Store is off limits to extensions, so refuse it up front. Other browser pages are
 * left to tabCapture: Chrome 156 captures chrome:// pages after a toolbar click, and where it
 * refuses, its error becomes the same clear message (src/platform/tab-capture.ts).
 */
export function isCapturable(url: string | undefined): boolean {
  return !/^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com)/i.test(url ?? '');
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

  async function start(tab: TabInfo): Promise<void> {
    const current = await deps.session.get();
    if (current.state === 'starting' || current.state === 'live') return;
    await apply({ type: 'start', tabId: tab.id, at: deps.now() });
    try {
      if (!isCapturable(tab.url)) throw new AppError('not-capturable');
      const settings = await deps.loadSettings();
      const streamId = await deps.streamIdFor(tab.id);
      const target = { peerId: deps.randomToken(), secret: deps.randomToken(), broker: settings.broker, iceServers: settings.iceServers };
      const size = tab.width && tab.height ? { width: tab.width, height: tab.height } : null;
      const expiresAt = settings.expiryMinutes === null ? null : deps.now() + settings.expiryMinutes * 60_000;
      await deps.host.start({ streamId, size, ...target, askToJoin: settings.askToJoin, maxViewers: settings.maxViewers, expiresAt });
      const link = buildShareLink(settings.viewerUrl, target);
      await apply({ type: 'started', peerId: target.peerId, link, at: deps.now(), expiresAt });
      await deps.copyToClipboard(link).catch(() => undefined); // the popup still shows the link
    } catch (error) {
      await deps.host.stop('stopped').catch(() => undefined);
      await apply({ type: 'failed', error: toShareError(error) });
    }
  }

  async function end(reason: EndReason): Promise<void> {
    const current = await deps.session.get();
    if (current.state !== 'live' && current.state !== 'starting') return;
    try {
      await deps.host.stop(reason);
    } finally {
      await apply({ type: 'ended' });
    }
  }

  /** Runs a host command only while live, so a stale popup cannot act on a newer share. */
  const whileLive = (task: () => Promise<void>) =>
    serial(async () => {
      if ((await deps.session.get()).state === 'live') await task();
    });

  return {
    lock: (locked: boolean) =>
      whileLive(async () => {
        await deps.host.lock(locked);
        await apply({ type: 'controls', locked });
      }),
    pause: (paused: boolean) =>
      whileLive(async () => {
        await deps.host.pause(paused);
        await apply({ type: 'controls', paused });
      }),
    admit: (viewerId: string, allow: boolean) => whileLive(() => deps.host.admit(viewerId, allow)),
    kick: (viewerId: string) => whileLive(() => deps.host.kick(viewerId)),
    /** Toolbar click with no popup set (idle), or "Share this tab" in the popup. */
    start: (tab: TabInfo) => serial(() => start(tab)),
    stop: (reason: EndReason = 'stopped') => serial(() => end(reason)),
    dismiss: () => serial(() => apply({ type: 'dismissed' })),
    brokerChanged: (online: boolean) => serial(() => apply({ type: 'controls', brokerOnline: online })),
    viewersChanged: (viewers: Viewer[]) => serial(() => apply({ type: 'viewers', viewers })),
    tabClosed: (tabId: number) =>
      serial(async () => {
        const current = await deps.session.get();
        if ((current.state === 'live' || current.state === 'starting') && current.tabId === tabId) await end('tab-closed');
      }),
    /** The offscreen host saw the capture end (Chrome's own "Stop sharing", tab crash). */
    hostEnded: (reason: EndReason) => serial(() => end(reason)),
  };
}

export type ShareController = ReturnType<typeof createShareController>;
