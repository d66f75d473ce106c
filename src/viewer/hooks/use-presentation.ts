// Fullscreen and picture-in-picture: whether each is on, followed through the browser's events
// (its own controls and Esc change them too), and the page's toggles.
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  fullscreenElement,
  inPictureInPicture,
  toggleFullscreen as toggleFullscreenOf,
  togglePictureInPicture,
} from '../presentation';

export interface Presentation {
  fullscreen: boolean;
  pip: boolean;
  toggleFullscreen(): void;
  togglePip(): void;
}

export function usePresentation(root: RefObject<HTMLElement>, video: RefObject<HTMLVideoElement>): Presentation {
  const [fullscreen, setFullscreen] = useState(false);
  const [pip, setPip] = useState(false);

  useEffect(() => {
    const v = video.current!;
    const onFullscreen = () => setFullscreen(!!fullscreenElement());
    const onPip = () => setPip(inPictureInPicture(v));
    const fullscreenEvents = ['fullscreenchange', 'webkitfullscreenchange'];
    const videoEvents: [string, () => void][] = [
      ['enterpictureinpicture', onPip],
      ['leavepictureinpicture', onPip],
      ['webkitpresentationmodechanged', onPip],
      ['webkitbeginfullscreen', () => setFullscreen(true)], // iPhone: the video alone
      ['webkitendfullscreen', () => setFullscreen(false)],
    ];
    fullscreenEvents.forEach((type) => document.addEventListener(type, onFullscreen));
    videoEvents.forEach(([type, listener]) => v.addEventListener(type, listener));
    return () => {
      fullscreenEvents.forEach((type) => document.removeEventListener(type, onFullscreen));
      videoEvents.forEach(([type, listener]) => v.removeEventListener(type, listener));
    };
  }, []);

  return {
    fullscreen,
    pip,
    toggleFullscreen: () =>
      video.current && root.current && void toggleFullscreenOf(root.current, video.current).catch(() => undefined),
    togglePip: () => video.current && void togglePictureInPicture(video.current).catch(() => undefined),
  };
}
