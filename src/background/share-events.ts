// What the browser and the offscreen host report about a share, as steps of the share controller.
// Like the controller it holds nothing: each event reads the stored Session.
import type {
  Controls,
  Departure,
  EndReason,
  Session,
  SessionEvent,
  ServerState,
  ShareSource,
  Viewer,
} from '../shared/session';

/** The controller's own steps these events run through (share-controller.ts). */
export interface ShareSteps {
  /** Runs a task after the operations before it, so an event cannot interleave with a start. */
  serial<T>(task: () => Promise<T>): Promise<T>;
  apply(event: SessionEvent): Promise<void>;
  control(controls: Partial<Controls>): Promise<void>;
  end(reason: EndReason): Promise<void>;
  drawOn(source: ShareSource): Promise<void>;
}

/** The part of ShareDeps the events read. */
export interface EventDeps {
  session: { get(): Promise<Session> };
  tabCrashed(tabId: number): Promise<boolean>;
}

export function shareEvents(deps: EventDeps, steps: ShareSteps) {
  const { serial, apply, control, end, drawOn } = steps;
  /** The live or starting share's source, when it is that tab. */
  const isSharedTab = (session: Session, tabId: number) =>
    (session.state === 'live' || session.state === 'starting') &&
    session.source.kind === 'tab' &&
    session.source.tabId === tabId;
  return {
    /** The shared tab loaded a new page: its overlay went with the old one, so put one in again. */
    tabLoaded: (tabId: number) =>
      serial(async () => {
        const current = await deps.session.get();
        if (current.state === 'live' && isSharedTab(current, tabId)) await drawOn(current.source);
      }),
    brokerChanged: (online: boolean) => serial(() => control({ brokerOnline: online })),
    serverChanged: (server: ServerState) => serial(() => control({ server })),
    viewersChanged: (viewers: Viewer[], left: Departure[] = []) =>
      serial(() => apply({ type: 'viewers', viewers, left })),
    tabClosed: (tabId: number) =>
      serial(async () => {
        const current = await deps.session.get();
        if (isSharedTab(current, tabId)) await end('tab-closed');
      }),
    /** A shared tab that crashed ends the share: viewers would otherwise watch a frozen picture. */
    sourceStill: () =>
      serial(async () => {
        const current = await deps.session.get();
        if (current.state !== 'live' || current.source.kind !== 'tab') return;
        if (await deps.tabCrashed(current.source.tabId)) await end('tab-crashed');
      }),
    /** The offscreen host saw the capture end (Chrome's own "Stop sharing", tab crash). */
    hostEnded: (reason: EndReason) => serial(() => end(reason)),
  };
}
