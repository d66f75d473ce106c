// Shows the Session outside the popup: the toolbar badge and title, whether a click opens the
// popup (live, error) or starts a share (idle), and a notification when a share goes live.
import type { Session } from '../shared/session';
import { badgeText, describeShareError, notificationText } from '../shared/strings';
import browser from './browser';

export const POPUP_PATH = 'src/popup/index.html';
const LIVE_COLOR = '#d93025';
const ERROR_COLOR = '#e37400';

export async function showSession(session: Session, previous: Session): Promise<void> {
  const { action } = browser;
  switch (session.state) {
    case 'idle':
      await Promise.all([action.setBadgeText({ text: '' }), action.setPopup({ popup: '' }), action.setTitle({ title: badgeText.idleTitle })]);
      return;
    case 'starting':
      await Promise.all([action.setBadgeBackgroundColor({ color: LIVE_COLOR }), action.setBadgeText({ text: badgeText.starting })]);
      return;
    case 'live': {
      const n = session.viewers.length;
      await Promise.all([
        action.setBadgeBackgroundColor({ color: LIVE_COLOR }),
        action.setBadgeText({ text: n > 0 ? String(n) : badgeText.live }),
        action.setTitle({ title: badgeText.liveTitle(n) }),
        action.setPopup({ popup: POPUP_PATH }),
      ]);
      if (previous.state === 'starting') await notify(notificationText.copiedTitle, notificationText.copiedBody);
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

async function notify(title: string, message: string): Promise<void> {
  await browser.notifications
    .create({ type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message })
    .catch(() => undefined); // notifications are a courtesy; the badge already shows the state
}
