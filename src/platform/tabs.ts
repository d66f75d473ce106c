import type { TabInfo } from '../shared/protocol';
import browser from './browser';

export const tabs = {
  async active(): Promise<TabInfo | null> {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined ? null : { id: tab.id, url: tab.url, width: tab.width, height: tab.height };
  },
  /**
   * A crashed renderer reports status 'unloaded' (so does a discarded tab, which is not a crash).
   * No event announces a crash, and the capture track stays live, hence this check.
   */
  async crashed(tabId: number): Promise<boolean> {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    return tab !== null && (tab.status as string) === 'unloaded' && !tab.discarded;
  },
  async open(url: string): Promise<void> {
    await browser.tabs.create({ url });
  },
  async openOptions(): Promise<void> {
    await browser.runtime.openOptionsPage();
  },
};
