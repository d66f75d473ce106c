// The video's sound: what the controls show follows the element (volumechange), and every change
// goes through the element.
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Sound {
  muted: boolean;
  volume: number;
  /** Sound on or off, at `level` when given (0 to 1). */
  set(on: boolean, level?: number): void;
  toggleMute(): void;
  /** Louder or quieter by `by`, turning the sound on. */
  nudge(by: number): void;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

export function useSound(video: RefObject<HTMLVideoElement>): Sound {
  // Muted at first: browsers allow autoplay only while muted.
  const [muted, setMuted] = useState(true);
  const [volume, setVolume] = useState(1);

  useEffect(() => {
    const v = video.current!;
    const onVolume = () => {
      setMuted(v.muted);
      setVolume(v.volume);
    };
    v.addEventListener('volumechange', onVolume);
    return () => v.removeEventListener('volumechange', onVolume);
  }, []);

  const set = (on: boolean, level?: number) => {
    const element = video.current;
    if (!element) return;
    if (level !== undefined) element.volume = clamp01(level);
    // Unmuting at volume 0 would still be silent.
    if (on && element.volume === 0) element.volume = 0.5;
    element.muted = !on;
    void element.play().catch(() => undefined);
  };
  return {
    muted,
    volume,
    set,
    toggleMute: () => set(!!video.current?.muted),
    nudge: (by) => video.current && set(true, video.current.volume + by),
  };
}
