// Shows the Session outside the popup: the toolbar badge and title, whether a click opens the
// popup (live, error) or starts a share (idle), a notification when a share goes live, and one
// with two buttons for each viewer waiting to join or asking to control; and the display's keep-awake.
import { toShareError } from '../shared/errors';
import type { Departure, Session, Viewer } from '../shared/session';
import { describeShareError, text } from '../shared/i18n/strings';
import browser from './browser';

export const POPUP_PATH = 'src/popup/index.html';
const LIVE_COLOR = '#d93025';
const PAUSED_COLOR = '#5f6368';
const ERROR_COLOR = '#e37400';

export async function showSession(session: Session, previous: Session): Promise<void> {
  const { action } = browser;
  const { badge: badgeText, notifications: notificationText } = text();
  // While sharing, keep the display awake (a sleeping screen would freeze the share); the
  // machine itself may still sleep. Released whenever the share is not live.
  if (session.state === 'live') chrome.power.requestKeepAwake('display');
  else chrome.power.releaseKeepAwake();
  switch (session.state) {
    case 'idle':
      if (previous.state === 'live') await showRequests([], previous.viewers);
      await Promise.all([
        action.setBadgeText({ text: '' }),
        action.setPopup({ popup: '' }),
        action.setTitle({ title: badgeText.idleTitle }),
      ]);
      return;
    case 'starting':
      // A click while starting (e.g. Chrome's picker still open) shows Starting… and Cancel.
      await Promise.all([
        action.setBadgeBackgroundColor({ color: LIVE_COLOR }),
        action.setBadgeText({ text: badgeText.starting }),
        action.setPopup({ popup: POPUP_PATH }),
      ]);
      return;
    case 'live': {
      const n = session.viewers.length;
      // Paused is not live: grey, and a pause sign where LIVE would be.
      await Promise.all([
        action.setBadgeBackgroundColor({ color: session.paused ? PAUSED_COLOR : LIVE_COLOR }),
        action.setBadgeText({ text: n > 0 ? String(n) : session.paused ? badgeText.paused : badgeText.live }),
        action.setTitle({ title: session.paused ? badgeText.pausedTitle(n) : badgeText.liveTitle(n) }),
        action.setPopup({ popup: POPUP_PATH }),
      ]);
      if (previous.state === 'starting') await notify(notificationText.copiedTitle, notificationText.copiedBody);
      await showRequests(session.viewers, previous.state === 'live' ? previous.viewers : [], session.left ?? []);
      return;
    }
    case 'error':
      await Promise.all([
        action.setBadgeBackgroundColor({ color: ERROR_COLOR }),
        action.setBadgeText({ text: badgeText.error }),
        action.setTitle({ title: badgeText.errorTitle }),
        action.setPopup({ popup: POPUP_PATH }),
      ]);
      // Show the reason at once; openPopup can fail (no focused window), then a notification says it.
      await action.openPopup().catch(() => notify(badgeText.errorTitle, describeShareError(session.error)));
      return;
  }
}

/** A failure with no popup open to show it (context menu, shortcut). Closing the picker is not one. */
export async function notifyError(error: unknown): Promise<void> {
  const shareError = toShareError(error);
  if (shareError.code !== 'cancelled') await notify(text().badge.errorTitle, describeShareError(shareError));
}

async function notify(title: string, message: string): Promise<void> {
  await browser.notifications
    .create({ type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message })
    .catch(() => undefined); // notifications are a courtesy; the badge already shows the state
}

/**
 * Requests that wait for the sharer's answer, each a notification with two buttons (0: yes, 1: no)
 * while it is open: a viewer waiting to join (ask-to-join), a viewer asking to control the tab.
 */
const REQUESTS = {
  join: { prefix: 'join:', asking: (v: Viewer) => v.state === 'waiting' },
  control: { prefix: 'control:', asking: (v: Viewer) => v.control === 'asking' },
};
type RequestKind = keyof typeof REQUESTS;

function requestNotice(kind: RequestKind, code: string) {
  const t = text().notifications;
  return kind === 'join'
    ? { title: t.joinTitle, message: t.joinBody(code), buttons: [{ title: t.letIn }, { title: t.deny }] }
    : { title: t.controlTitle, message: t.controlBody(code), buttons: [{ title: t.allowControl }, { title: t.deny }] };
}

/** `left`: waiting viewers that went away before the host answered; their request is replaced by a word that they left. */
async function showRequests(viewers: Viewer[], before: Viewer[], left: Departure[] = []): Promise<void> {
  const notificationText = text().notifications;
  for (const kind of Object.keys(REQUESTS) as RequestKind[]) {
    const { prefix, asking } = REQUESTS[kind];
    const ids = (list: Viewer[]) => new Set(list.filter(asking).map((v) => v.id));
    const now = ids(viewers);
    const then = ids(before);
    for (const id of then) {
      if (now.has(id)) continue;
      await browser.notifications.clear(prefix + id).catch(() => undefined);
      const gone = kind === 'join' && left.find((d) => d.id === id);
      if (gone) await notify(notificationText.leftTitle, notificationText.leftBody(gone.code));
    }
    for (const viewer of viewers) {
      if (!asking(viewer) || then.has(viewer.id)) continue;
      // requireInteraction and buttons are Chrome-only options the polyfill's types do not know.
      await chrome.notifications
        .create(prefix + viewer.id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('icons/icon-128.png'),
          ...requestNotice(kind, viewer.code),
          requireInteraction: true,
        })
        .catch(() => undefined);
    }
  }
}

/** Calls back when the host answers a request's notification (button 0: let in / allow, 1: deny). */
export function onRequestDecision(callback: (kind: RequestKind, viewerId: string, allow: boolean) => void): void {
  chrome.notifications.onButtonClicked.addListener((id, button) => {
    const kind = (Object.keys(REQUESTS) as RequestKind[]).find((k) => id.startsWith(REQUESTS[k].prefix));
    if (!kind) return;
    callback(kind, id.slice(REQUESTS[kind].prefix.length), button === 0);
    void chrome.notifications.clear(id);
  });
}
