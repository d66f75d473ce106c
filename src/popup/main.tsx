import { render } from 'preact';
import { createRequester, requestControls } from '../shared/messaging';
import { choosePopupLanguage } from '../shared/i18n/popup';
import { uiLanguage } from '../platform/i18n';
import { runtimeTransport } from '../platform/runtime';
import { sessionStore } from '../platform/session-store';
import { tabs } from '../platform/tabs';
import type { PopupActions } from './actions';
import { Popup } from './popup';

// Chrome's language, and its words, before anything renders.
document.documentElement.lang = (await choosePopupLanguage([uiLanguage()])).language;

const request = createRequester(runtimeTransport);

const actions: PopupActions = {
  ...requestControls(request, 'background'),
  stop: () => request('background', 'share/stop', {}),
  dismiss: () => request('background', 'share/dismiss', {}),
  async shareActiveTab() {
    const tab = await tabs.active();
    if (tab) await request('background', 'share/source', { kind: 'tab', tab });
  },
  share: (kind) => request('background', 'share/source', { kind }),
  activeTabId: async () => (await tabs.active())?.id ?? null,
  copy: (text) => navigator.clipboard.writeText(text),
  openViewer: (link) => tabs.open(link),
  openSettings: () => tabs.openOptions(),
};

render(<Popup watch={sessionStore.watch} actions={actions} />, document.getElementById('app')!);
