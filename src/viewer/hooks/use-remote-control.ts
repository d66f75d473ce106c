// Ask to control: the viewer's request, its answer, and while this viewer controls the shared tab,
// its input on the stage (control-input.ts). The host decides; this page only follows its state.
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ControlNoteWhy, ControlState } from '../../shared/remote-control';
import { captureControl } from '../control-input';
import type { Watching } from '../watch';
import { useTimedNote } from './use-timed-note';

const NOTE_MS = 6000;

/** What happened to this viewer's control, or why asking does nothing now. */
export type ControlNote = { why: ControlNoteWhy } | null;

export interface RemoteControlUi {
  state: ControlState;
  /** Why asking does nothing now (the sharer said no a moment ago, or there is no page), or null when it can. */
  blocked: Exclude<ControlNoteWhy, 'ended'> | null;
  /** This viewer controls the shared tab now (and the share is not paused). */
  granted: boolean;
  note: ControlNote;
  /** The hidden field that takes this viewer's keys while it controls. */
  keys: RefObject<HTMLTextAreaElement>;
  /** Asks for control; while asking or controlling, stops. */
  toggle(): void;
}

export interface RemoteControlOptions {
  watching: Watching;
  /** Live and not paused: input may go out. */
  active: boolean;
  state: ControlState;
  stage: RefObject<HTMLDivElement>;
  video: RefObject<HTMLVideoElement>;
}

export function useRemoteControl({ watching, active, state, stage, video }: RemoteControlOptions): RemoteControlUi {
  const keys = useRef<HTMLTextAreaElement>(null);
  const [note, setNote] = useTimedNote<Exclude<ControlNote, null>>(NOTE_MS);
  const before = useRef(state);
  const granted = active && state === 'granted';
  const blocked = state === 'denied' || state === 'source' || state === 'page' ? state : null;

  // Say what the sharer decided: no, or control taken back (or ended with the page or source).
  useEffect(() => {
    const was = before.current;
    before.current = state;
    if (was === 'asking' && state === 'denied') setNote({ why: 'denied' });
    else if (was === 'granted' && state !== 'granted') setNote({ why: 'ended' });
    else if (state === 'granted') setNote(null);
  }, [state]);

  useEffect(() => {
    if (!granted || !stage.current || !video.current || !keys.current) return;
    return captureControl({
      stage: stage.current,
      video: video.current,
      keys: keys.current,
      send: (input) => watching.control({ t: 'input', input }),
    });
  }, [granted]);

  return {
    state,
    blocked,
    granted,
    note,
    keys,
    toggle() {
      if (!active) return;
      if (state === 'granted' || state === 'asking') return watching.control({ t: 'release-control' });
      if (blocked) return setNote({ why: blocked });
      setNote(null);
      watching.control({ t: 'ask-control' });
    },
  };
}
