import { useState } from 'preact/hooks';
import { PREFERENCES, type ViewerPreference } from '../../shared/quality';
import type { Watching } from '../watch';

/** The picture the viewer asks the host for: Auto, Sharper or Smoother. */
export function usePreference(watching: Watching) {
  const [preference, setPreference] = useState<ViewerPreference>('auto');
  const prefer = (want: ViewerPreference) => {
    setPreference(want);
    watching.prefer(want);
  };
  /** The next one, round and round (the Q key). */
  const cycle = () => prefer(PREFERENCES[(PREFERENCES.indexOf(preference) + 1) % PREFERENCES.length]!);
  return { preference, prefer, cycle };
}
