import { render } from 'preact';
import { createRequester } from '../shared/messaging';
import { choosePopupLanguage } from '../shared/i18n/popup';
import { uiLanguage } from '../platform/i18n';
import { runtimeTransport } from '../platform/runtime';
import { sessionStore } from '../platform/session-store';
import { tabs } from '../platform/tabs';
import { Popup, type PopupActions } from './popup';

// Chrome's language, and its words, before anything renders.
document.documentElement.lang = (await choosePopupLanguage([uiLanguage()])).language;

const request = createRequester(runtimeTransport);

const actions: PopupActions = {
  stop: () => request('background', 'share/stop', {}),
  lock: (locked) => request('background', 'share/lock', { locked }),
  pause: (paused) => request('background', 'share/pause', { paused }),
  admit: (id, allow) => request('background', 'viewer/admit', { id, allow }),
  kick: (id) => request('background', 'viewer/kick', { id }),
  pointing: (allowed) => request('background', 'share/pointing', { allowed }),
  viewerPointing: (id, allowed) => request('background', 'viewer/pointing', { id, allowed }),
  dismiss: () => request('background', 'share/dismiss', {}),
  async shareActiveTab() {
    const tab = await tabs.active();
    if (tab) await request('background', 'share/source', { kind: 'tab', tab });
  },
  share: (kind) => request('background', 'share/source', { kind }),
  mic: (on) => request('background', 'share/mic', { on }),
  muteForMe: (muted) => request('background', 'share/mute-for-me', { muted }),
  quality: (preset) => request('background', 'share/quality', { preset }),
  activeTabId: async () => (await tabs.active())?.id ?? null,
  copy: (text) => navigator.clipboard.writeText(text),
  openViewer: (link) => tabs.open(link),
  openSettings: () => tabs.openOptions(),
};

render(<Popup watch={sessionStore.watch} actions={actions} />, document.getElementById('app')!);
