// Chrome's picker for a screen, a window or another tab. Without a target tab the stream ID is
// for this extension's own origin, which is what the offscreen document redeems.
export function pickSource(): Promise<{ streamId: string; audio: boolean } | null> {
  return new Promise((resolve) => {
    chrome.desktopCapture.chooseDesktopMedia(['screen', 'window', 'tab', 'audio'], (streamId, options) => {
      // An empty ID means the user closed the picker.
      resolve(streamId ? { streamId, audio: options?.canRequestAudioTrack ?? false } : null);
    });
  });
}
