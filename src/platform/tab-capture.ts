import { AppError } from '../shared/errors';

/** A stream ID for the tab, to be redeemed by getUserMedia in the offscreen document. */
export async function streamIdFor(tabId: number): Promise<string> {
  try {
    return await chrome.tabCapture.getMediaStreamId({ targetTabId: tabId });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Chrome's words when a page is protected, e.g. "…Chrome pages cannot be captured."
    if (/cannot be captured/i.test(message)) throw new AppError('not-capturable');
    throw new AppError('capture-failed', message);
  }
}
