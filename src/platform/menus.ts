// The toolbar icon's context menu and the keyboard shortcuts (manifest "commands") offer every
// source; both grant activeTab for the current tab, like a toolbar click.
import type { SourceChoice, TabInfo } from '../shared/protocol';
import { text } from '../shared/i18n/strings';

type Kind = SourceChoice['kind'];
/** Menu item ids and command names (manifest.json "commands"; _execute_action is the toolbar click). */
const KINDS: Record<string, Kind> = { 'share-tab': 'tab', 'share-picked': 'picked', 'share-camera': 'camera' };

/** Context menus persist across service-worker restarts; create them once per install or update. */
export function installMenus(): void {
  chrome.contextMenus.removeAll(() => {
    for (const [id, kind] of Object.entries(KINDS))
      chrome.contextMenus.create({ id, title: text().menu[kind], contexts: ['action'] });
  });
}

export function onSourceChosen(listener: (choice: SourceChoice) => void): void {
  const choose = (id: string, tab: chrome.tabs.Tab | undefined) => {
    const kind = KINDS[id];
    if (kind === 'tab') {
      if (tab?.id !== undefined) listener({ kind, tab: tabInfo(tab as chrome.tabs.Tab & { id: number }) });
    } else if (kind) listener({ kind });
  };
  chrome.contextMenus.onClicked.addListener((info, tab) => choose(String(info.menuItemId), tab));
  chrome.commands.onCommand.addListener((command, tab) => choose(command, tab));
}

export function tabInfo(tab: { id: number; url?: string; width?: number; height?: number }): TabInfo {
  return { id: tab.id, url: tab.url, width: tab.width, height: tab.height };
}
