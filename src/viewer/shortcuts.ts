// The viewer's keys, as one table: it drives both the key handler and the ? panel, so the panel
// lists exactly the keys that work.
import type { ViewerMessages } from '../shared/i18n/viewer';

/** What the keys do; the buttons and gestures share these. */
export interface ShortcutActions {
  fullscreen(): void;
  pip(): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  native(): void;
  pan(fx: number, fy: number): void;
  stats(): void;
  help(): void;
  closeHelp(): void;
  mute(): void;
  volume(by: number): void;
  quality(): void;
  point(): void;
  control(): void;
}

type Run = (act: ShortcutActions) => void;

export interface Shortcut {
  /** By keyName: a letter in lower case, `Shift` before an arrow's name. */
  readonly keys: Readonly<Record<string, Run>>;
  /** The keys as the ? panel shows them (the same in every language) and the catalogue's words for them. */
  readonly shown?: readonly [keys: string, label: keyof ViewerMessages['shortcuts']];
}

/** In the ? panel's order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { shown: ['F', 'fullscreen'], keys: { f: (a) => a.fullscreen() } },
  { shown: ['P', 'pip'], keys: { p: (a) => a.pip() } },
  { shown: ['+  −', 'zoom'], keys: { '+': (a) => a.zoomIn(), '=': (a) => a.zoomIn(), '-': (a) => a.zoomOut() } },
  { shown: ['0', 'fit'], keys: { '0': (a) => a.fit() } },
  { shown: ['1', 'actualSize'], keys: { '1': (a) => a.native() } },
  {
    shown: ['← ↑ → ↓', 'pan'],
    keys: {
      ArrowLeft: (a) => a.pan(-0.1, 0),
      ArrowRight: (a) => a.pan(0.1, 0),
      ArrowUp: (a) => a.pan(0, -0.1),
      ArrowDown: (a) => a.pan(0, 0.1),
    },
  },
  { shown: ['M', 'sound'], keys: { m: (a) => a.mute() } },
  {
    shown: ['Shift ↑ ↓', 'volume'],
    keys: { ShiftArrowUp: (a) => a.volume(0.1), ShiftArrowDown: (a) => a.volume(-0.1) },
  },
  { shown: ['Q', 'quality'], keys: { q: (a) => a.quality() } },
  { shown: ['S', 'stats'], keys: { s: (a) => a.stats() } },
  { shown: ['L', 'point'], keys: { l: (a) => a.point() } },
  // Held rather than pressed: the stage's pointer listeners watch it (hooks/use-stage-input.ts).
  { shown: ['Alt', 'pointHeld'], keys: {} },
  { shown: ['C', 'control'], keys: { c: (a) => a.control() } },
  { shown: ['?', 'help'], keys: { '?': (a) => a.help() } },
  { keys: { Escape: (a) => a.closeHelp() } },
];

const BY_KEY = new Map(SHORTCUTS.flatMap(({ keys }) => Object.entries(keys)));

/** The table's name for a key: Shift+F is still F, but Shift with an arrow is its own key. */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): string {
  if (e.key.length === 1) return e.key.toLowerCase();
  return e.shiftKey && e.key.startsWith('Arrow') ? `Shift${e.key}` : e.key;
}

/** Runs the key's shortcut unless something else owns the key; true when one ran. */
export function runShortcut(e: KeyboardEvent, act: ShortcutActions): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return false;
  const target = e.target as HTMLElement | null;
  const field = target?.closest?.('input, textarea, select') as HTMLInputElement | null;
  // A text field keeps every key; the volume slider keeps its arrows.
  if (field && (field.type !== 'range' || e.key.startsWith('Arrow'))) return false;
  const run = BY_KEY.get(keyName(e));
  if (!run) return false;
  e.preventDefault();
  run(act);
  return true;
}
