// The service worker: wires browser events to the share controller. Listeners are registered
// at the top level, synchronously, so a restarted worker receives the event that woke it.
import { controlHandlers } from '../shared/controls';
import { createRequester, requestControls, serve } from '../shared/messaging';
import { randomToken } from '../shared/random-id';
import { notifyError, onRequestDecision, showSession } from '../platform/action';
import browser from '../platform/browser';
import { installMenus, onSourceChosen, tabInfo } from '../platform/menus';
import { offscreenDocument } from '../platform/offscreen-document';
import { runtimeTransport } from '../platform/runtime';
import { injectOverlay } from '../platform/scripting';
import { sessionStore } from '../platform/session-store';
import { settingsStore } from '../platform/settings-store';
import { streamIdFor } from '../platform/tab-capture';
import { tabs } from '../platform/tabs';
import { uiLanguage } from '../platform/i18n';
import { chooseLanguage } from '../shared/i18n/strings';
import { createShareController } from './share-controller';

// Badge titles, notifications and menus speak Chrome's language (it changes only with a browser restart).
chooseLanguage([uiLanguage()]);

const request = createRequester(runtimeTransport);

const controller = createShareController({
  session: sessionStore,
  loadSettings: settingsStore.load,
  streamIdFor,
  tabCrashed: tabs.crashed,
  host: {
    async start(req) {
      await offscreenDocument.open();
      await request('offscreen', 'host/start', req);
    },
    // Tell viewers why before the document (and every track and connection in it) goes away.
    stop: (reason) => offscreenDocument.close(() => request('offscreen', 'host/stop', { reason })),
    source: (req) => request('offscreen', 'host/source', req),
    ...requestControls(request, 'offscreen'),
  },
  injectOverlay,
  copyToClipboard: (text) => request('offscreen', 'clipboard/write', { text }),
  show: showSession,
  randomToken: () => randomToken(),
  now: Date.now,
});

browser.action.onClicked.addListener((tab) => {
  if (tab.id !== undefined) void controller.share({ kind: 'tab', tab: tabInfo({ ...tab, id: tab.id }) });
});
// The popup shows its own errors; a menu item or shortcut has nowhere else to say what went wrong.
onSourceChosen((choice) => void controller.share(choice).catch(notifyError));
browser.runtime.onInstalled.addListener(installMenus);
// Menus outlive the worker; made again at browser start, they follow a change of Chrome's language.
browser.runtime.onStartup.addListener(installMenus);

browser.tabs.onRemoved.addListener((tabId) => void controller.tabClosed(tabId));
// A new page in the shared tab has no overlay: put one in (pointing).
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'complete') void controller.tabLoaded(tabId);
});

// The buttons of the notifications for "Ask me before someone joins" and "Ask to control" (src/platform/action.ts).
onRequestDecision((kind, viewerId, allow) =>
  kind === 'join' ? void controller.admit(viewerId, allow) : void controller.grantControl(viewerId, allow),
);

serve(runtimeTransport, 'background', {
  'share/source': (choice) => controller.share(choice),
  'share/stop': () => controller.stop('stopped'),
  'share/dismiss': () => controller.dismiss(),
  ...controlHandlers(controller),
  'host/viewers': ({ viewers, left }) => controller.viewersChanged(viewers, left),
  'host/ended': ({ reason }) => controller.hostEnded(reason),
  'host/broker': ({ online }) => controller.brokerChanged(online),
  'host/server': ({ state }) => controller.serverChanged(state),
  'host/still': () => controller.sourceStill(),
});

void controller.recover();

// A browser restart loses storage.session and the offscreen document together; make the
// toolbar agree with that.
browser.runtime.onStartup.addListener(() => void sessionStore.get().then((s) => showSession(s, s)));
