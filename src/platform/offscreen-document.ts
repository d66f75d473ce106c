// The offscreen document hosts the capture and the PeerJS peer for exactly the life of a share.
// Chrome allows one per extension, and two concurrent createDocument calls fail, hence `creating`.
const PATH = 'src/offscreen/index.html';

let creating: Promise<void> | null = null;

async function exists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  return contexts.length > 0;
}

export const offscreenDocument = {
  exists,
  async open(): Promise<void> {
    if (await exists()) return;
    creating ??= chrome.offscreen
      .createDocument({
        url: PATH,
        reasons: [chrome.offscreen.Reason.USER_MEDIA, chrome.offscreen.Reason.DISPLAY_MEDIA, chrome.offscreen.Reason.AUDIO_PLAYBACK, chrome.offscreen.Reason.CLIPBOARD],
        justification: 'Capture what the user shares (tab, screen, window, camera), stream it to viewers, keep its sound audible, and copy the share link.',
      })
      .finally(() => {
        creating = null;
      });
    await creating;
  },
  async close(): Promise<void> {
    if (await exists()) await chrome.offscreen.closeDocument();
  },
};
