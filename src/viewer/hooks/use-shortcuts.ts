import { useEffect, useRef } from 'preact/hooks';
import { runShortcut, type ShortcutActions } from '../shortcuts';

/** The page's keys (shortcuts.ts), with the latest actions; `after` runs after each one that ran. */
export function useShortcuts(actions: ShortcutActions, after: () => void): void {
  const latest = useRef({ actions, after });
  latest.current = { actions, after };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (runShortcut(e, latest.current.actions)) latest.current.after();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
