import type { TabInfo } from '../shared/protocol';
import browser from './browser';

export const tabs = {
  async active(): Promise<TabInfo | null> {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined ? null : { id: tab.id, url: tab.url, width: tab.width, height: tab.height };
  },
  async open(url: string): Promise<void> {
    await browser.tabs.create({ url });
  },
  async openOptions(): Promise<void> {
    await browser.runtime.openOptionsPage();
  },
};
