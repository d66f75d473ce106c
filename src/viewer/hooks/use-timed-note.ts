import { useEffect, useState } from 'preact/hooks';

/**
 * A note shown for `ms`, then gone. Set a new object each time, so the time starts again even when
 * it says the same; null hides it at once.
 */
export function useTimedNote<N extends object>(ms: number): [N | null, (note: N | null) => void] {
  const [note, setNote] = useState<N | null>(null);
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), ms);
    return () => clearTimeout(timer);
  }, [note]);
  return [note, setNote];
}
