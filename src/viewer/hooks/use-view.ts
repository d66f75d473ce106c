// The view's latest state, its stream in the video element, and the tab's title.
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { titleOf } from '../view-text';
import type { View, ViewText } from '../view';
import type { ViewState } from '../watch';

/** Whether the stream carries sound and a picture: a share may have either alone. */
export interface Tracks {
  audio: boolean;
  video: boolean;
}

/** Follows the view until the page goes, then stops watching. */
export function useView(
  view: View,
  video: RefObject<HTMLVideoElement>,
): { state: ViewState; tracks: Tracks; text: ViewText } {
  const [state, setState] = useState<ViewState>(view.state);
  const [text, setText] = useState<ViewText>(view.text);
  const [tracks, setTracks] = useState<Tracks>({ audio: true, video: true });

  useEffect(() => {
    let shown: MediaStream | null = null;
    const readTracks = () =>
      shown && setTracks({ audio: shown.getAudioTracks().length > 0, video: shown.getVideoTracks().length > 0 });
    const sync = () => {
      setState(view.state);
      setText(view.text);
      const element = video.current;
      if (!element || view.stream === shown) return;
      shown?.removeEventListener('addtrack', readTracks);
      shown?.removeEventListener('removetrack', readTracks);
      shown = view.stream;
      element.srcObject = shown;
      // Browsers allow autoplay only while muted; the Unmute button is the user's gesture.
      if (shown) {
        readTracks();
        shown.addEventListener('addtrack', readTracks);
        shown.addEventListener('removetrack', readTracks);
        void element.play().catch(() => undefined);
      }
    };
    sync();
    const unsubscribe = view.subscribe(sync);
    return () => {
      unsubscribe();
      view.watching.close();
    };
  }, [view]);

  useEffect(() => {
    document.title = titleOf(state);
  }, [state]);

  return { state, tracks, text };
}
