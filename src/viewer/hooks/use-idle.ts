// The controls hide while the picture plays and nobody moves, touches or types; anything brings them back.
import type { RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** How long the controls stay after the last pointer move, touch or key while the picture plays. */
const IDLE_MS = 3000;

/**
 * `hideable`: the picture plays and nothing else needs the controls. `wake` shows them, and hides
 * them again after a while unless the pointer or the keyboard's focus is on `bar`.
 */
export function useIdle(bar: RefObject<HTMLElement>, hideable: boolean): { idle: boolean; wake(): void } {
  const [idle, setIdle] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const canHide = useRef(hideable);
  canHide.current = hideable;

  const wake = useCallback(() => {
    setIdle(false);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const held = bar.current?.matches(':hover') || bar.current?.querySelector(':focus-visible');
      if (canHide.current && !held) setIdle(true);
    }, IDLE_MS);
  }, []);

  useEffect(() => {
    if (hideable) wake();
    else setIdle(false);
    return () => clearTimeout(timer.current);
  }, [hideable]);

  return { idle, wake };
}
