import { useEffect, useRef, useState } from 'preact/hooks';
import type { ViewState } from '../watch';
import { wakeLock, type WakeLock, type WakeLockState } from '../wake-lock';

/** Keeps the screen on while the share plays, or is coming back; returns whether the browser holds the lock. */
export function useWakeLock(kind: ViewState['kind']): WakeLockState {
  const lock = useRef<WakeLock | null>(null);
  const [awake, setAwake] = useState<WakeLockState>('released');

  useEffect(() => {
    const nav = navigator as Navigator & { wakeLock?: Parameters<typeof wakeLock>[0]['wakeLock'] };
    lock.current = wakeLock({ wakeLock: nav.wakeLock, document, onChange: setAwake });
    return () => lock.current?.dispose();
  }, []);

  // Asked again at every change of state, so a lock the browser dropped is taken again.
  useEffect(() => lock.current?.want(kind === 'live' || kind === 'reconnecting'), [kind]);

  return awake;
}
