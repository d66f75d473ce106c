// Puts the pointing overlay (src/overlay) into a shared tab's page. The `scripting` permission
// with the activeTab grant of the user's click allows it on that tab's site only; Chrome refuses
// it on its own pages and, after the tab has navigated to another site, everywhere.

/** Built by `vite build --mode overlay` (vite.config.ts) beside the extension's other files. */
const OVERLAY_FILE = 'overlay.js';

export async function injectOverlay(tabId: number): Promise<boolean> {
  try {
    await chrome.scripting.executeScript({ target: { tabId }, files: [OVERLAY_FILE] });
    return true;
  } catch {
    return false; // the popup says pointing is off on this page
  }
}
