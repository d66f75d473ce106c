// From the user's choice of what to share to what the Session records and what the offscreen
// document opens. Pure but for the tab's stream id, which comes in from the caller.
import { AppError } from '../shared/errors';
import type { SourceChoice, SourceRequest } from '../shared/protocol';
import type { ShareSource } from '../shared/session';

/**
 * The Web Store is off limits to extensions, so refuse it up front. Other browser pages are
 * left to tabCapture: Chrome 156 captures chrome:// pages after a toolbar click, and where it
 * refuses, its error becomes the same clear message (src/platform/tab-capture.ts).
 */
export function isCapturable(url: string | undefined): boolean {
  return !/^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com)/i.test(url ?? '');
}

export const sourceOf = (choice: SourceChoice): ShareSource =>
  choice.kind === 'tab' ? { kind: 'tab', tabId: choice.tab.id } : { kind: choice.kind };

/** Turns the user's choice into something the offscreen document can open (grants, picker). */
export async function resolveSource(
  choice: SourceChoice,
  streamIdFor: (tabId: number) => Promise<string>,
): Promise<SourceRequest> {
  switch (choice.kind) {
    case 'tab': {
      const { tab } = choice;
      if (!isCapturable(tab.url)) throw new AppError('not-capturable');
      const streamId = await streamIdFor(tab.id);
      const size = tab.width && tab.height ? { width: tab.width, height: tab.height } : null;
      return { kind: 'tab', tabId: tab.id, streamId, size };
    }
    case 'picked': // the offscreen document shows Chrome's picker; closing it rejects with 'cancelled'
    case 'camera':
      return { kind: choice.kind };
  }
}
