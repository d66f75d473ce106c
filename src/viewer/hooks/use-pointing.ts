// Point: the viewer's switch, and the note saying why it does nothing while the host draws no marks.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PointingState } from '../../shared/pointing';
import type { Aim } from './use-stage-input';
import { useTimedNote } from './use-timed-note';

/** How long the note saying why Point does nothing stays. */
const NOTE_MS = 6000;

/** Why Point does nothing, shown for a while: a new object each time, so the time starts again. */
export type PointNote = { why: Exclude<PointingState, 'on'> } | null;

export interface Pointing {
  /** Whether the host draws this viewer's marks now. */
  state: PointingState;
  /** Point is on and the host draws marks. */
  now: boolean;
  note: PointNote;
  /** The latest switch and state, for the stage's listeners. */
  aim: RefObject<Aim>;
  toggle(): void;
}

export function usePointing(live: boolean, state: PointingState): Pointing {
  const [on, setOn] = useState(false);
  const [note, setNote] = useTimedNote<Exclude<PointNote, null>>(NOTE_MS);
  const aim = useRef<Aim>({ on: false, state });
  aim.current = { on, state };

  // Point works only while the host draws marks: when that stops, the note says why. The sharer
  // switching it off or a source without a page turns Point off; a new page loading in the shared
  // tab only pauses it, and it comes back with that page's overlay.
  useEffect(() => {
    if (!live) return; // reconnecting: the host says again once back
    if (state === 'on') setNote(null);
    else if (aim.current.on) {
      if (state !== 'page') setOn(false);
      setNote({ why: state });
    }
  }, [live, state]);

  return {
    state,
    now: on && state === 'on',
    note,
    aim,
    toggle: () => {
      if (!live) return;
      if (state !== 'on') return setNote({ why: state });
      setOn((was) => !was);
      setNote(null);
    },
  };
}
