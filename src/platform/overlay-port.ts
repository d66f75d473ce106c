// The offscreen host's end of the overlay's port (src/overlay/main.ts connects when injected).
// Only this extension's own content script in a tab's main frame can open it: web pages cannot
// reach runtime ports without externally_connectable, which the manifest does not declare.
import { OVERLAY_PORT } from '../shared/pointing';
import type { ToOverlay } from '../shared/to-overlay';
import browser from './browser';

export interface OverlayPort {
  tabId: number;
  /** The origin of the page the overlay is in (null if Chrome does not say). */
  origin: string | null;
  post(message: ToOverlay): void;
  /** What the overlay sends (its page's text): unchecked, as it arrived. */
  onMessage(listener: (message: unknown) => void): void;
  /** Disconnects: the overlay removes its layer, and every mark with it. */
  close(): void;
  onClose(listener: () => void): void;
}

export function onOverlay(listener: (port: OverlayPort) => void): void {
  browser.runtime.onConnect.addListener((port) => {
    const tabId = port.sender?.tab?.id;
    if (
      port.name !== OVERLAY_PORT ||
      port.sender?.id !== browser.runtime.id ||
      tabId === undefined ||
      port.sender.frameId !== 0
    )
      return;
    let open = true;
    port.onDisconnect.addListener(() => (open = false));
    listener({
      tabId,
      origin: originOf(port.sender),
      post: (message) => {
        if (open) port.postMessage(message);
      },
      close: () => {
        open = false;
        port.disconnect();
      },
      onClose: (callback) => port.onDisconnect.addListener(() => callback()),
      onMessage: (callback) => port.onMessage.addListener((message: unknown) => callback(message)),
    });
  });
}

function originOf(sender: { origin?: string; url?: string }): string | null {
  if (sender.origin) return sender.origin;
  try {
    return sender.url ? new URL(sender.url).origin : null;
  } catch {
    return null;
  }
}
