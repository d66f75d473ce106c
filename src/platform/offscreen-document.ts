// The offscreen document hosts the capture and the PeerJS peer for exactly the life of a share.
// Chrome allows one per extension, and two concurrent createDocument calls fail, hence `creating`.
// A Cancel stops the host beside the start queue, so a new start may come while the old document
// is still closing: `closing` makes it wait rather than talk to a document on its way out.
const PATH = 'src/offscreen/index.html';

let creating: Promise<void> | null = null;
let closing: Promise<void> | null = null;

async function exists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  return contexts.length > 0;
}

export const offscreenDocument = {
  async open(): Promise<void> {
    await closing;
    if (await exists()) return;
    creating ??= chrome.offscreen
      .createDocument({
        url: PATH,
        reasons: [
          chrome.offscreen.Reason.USER_MEDIA,
          chrome.offscreen.Reason.DISPLAY_MEDIA,
          chrome.offscreen.Reason.AUDIO_PLAYBACK,
          chrome.offscreen.Reason.CLIPBOARD,
        ],
        justification:
          'Capture what the user shares (tab, screen, window, camera), stream it to viewers, keep its sound audible, and copy the share link.',
      })
      .finally(() => {
        creating = null;
      });
    await creating;
  },
  /** `farewell` runs first, while the document can still talk (e.g. tell viewers why). */
  async close(farewell: () => Promise<unknown>): Promise<void> {
    closing ??= (async () => {
      if (!(await exists())) return;
      await farewell().catch(() => undefined);
      await chrome.offscreen.closeDocument();
    })().finally(() => {
      closing = null;
    });
    await closing;
  },
};
