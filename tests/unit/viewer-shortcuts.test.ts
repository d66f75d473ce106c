import { describe, expect, it, vi } from 'vitest';
import { viewer as en } from '../../src/shared/i18n/en';
import { viewer as ko } from '../../src/shared/i18n/ko';
import { keyName, runShortcut, SHORTCUTS, type ShortcutActions } from '../../src/viewer/shortcuts';

function actions() {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  const act: ShortcutActions = {
    fullscreen: record('fullscreen'),
    pip: record('pip'),
    zoomIn: record('zoomIn'),
    zoomOut: record('zoomOut'),
    fit: record('fit'),
    native: record('native'),
    pan: record('pan'),
    stats: record('stats'),
    help: record('help'),
    closeHelp: record('closeHelp'),
    mute: record('mute'),
    volume: record('volume'),
    quality: record('quality'),
    point: record('point'),
    control: record('control'),
  };
  return { act, calls };
}

/** A key press as the window's listener sees it; `field` is the element with focus, if it is one. */
type Focus = { type: string } | null;
function press(key: string, { shift = false, ctrl = false, alt = false, field = null as Focus } = {}) {
  const target = { closest: () => field };
  const modifiers = { shiftKey: shift, ctrlKey: ctrl, altKey: alt, metaKey: false };
  const e = { key, ...modifiers, defaultPrevented: false, target, preventDefault: vi.fn() };
  return e as unknown as KeyboardEvent & { preventDefault: ReturnType<typeof vi.fn> };
}

describe('viewer shortcuts', () => {
  it('gives every key one action', () => {
    const keys = SHORTCUTS.flatMap((s) => Object.keys(s.keys));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists in the ? panel only keys that do something, with words in every language', () => {
    for (const { shown, keys } of SHORTCUTS) {
      if (!shown) continue;
      expect(en.shortcuts[shown[1]]).toMatch(/\S/);
      expect(ko.shortcuts[shown[1]]).toMatch(/\S/);
      // Alt is held, not pressed: the stage's listeners handle it.
      if (shown[0] !== 'Alt') expect(Object.keys(keys).length).toBeGreaterThan(0);
    }
    expect(SHORTCUTS.filter((s) => s.shown).map((s) => s.shown![1])).toEqual(Object.keys(en.shortcuts));
  });

  it('names keys as the table does', () => {
    expect(keyName({ key: 'F', shiftKey: true })).toBe('f');
    expect(keyName({ key: '?', shiftKey: true })).toBe('?');
    expect(keyName({ key: 'ArrowUp', shiftKey: true })).toBe('ShiftArrowUp');
    expect(keyName({ key: 'ArrowUp', shiftKey: false })).toBe('ArrowUp');
    expect(keyName({ key: 'Escape', shiftKey: false })).toBe('Escape');
  });

  it('runs the action for its key and keeps the browser from acting on it too', () => {
    const { act, calls } = actions();
    const cases: [KeyboardEvent, unknown[]][] = [
      [press('f'), ['fullscreen']],
      [press('F', { shift: true }), ['fullscreen']],
      [press('='), ['zoomIn']],
      [press('-'), ['zoomOut']],
      [press('ArrowLeft'), ['pan', -0.1, 0]],
      [press('ArrowDown', { shift: true }), ['volume', -0.1]],
      [press('?', { shift: true }), ['help']],
      [press('Escape'), ['closeHelp']],
    ];
    for (const [e, call] of cases) {
      expect(runShortcut(e, act)).toBe(true);
      expect(calls.at(-1)).toEqual(call);
      expect(e.preventDefault).toHaveBeenCalled();
    }
  });

  it('leaves alone the browser’s own shortcuts, keys it has no use for, and text fields', () => {
    const { act, calls } = actions();
    const ignored = [
      press('f', { ctrl: true }),
      press('f', { alt: true }),
      press('x'),
      press('Enter'),
      press('f', { field: { type: 'url' } }),
      press('ArrowUp', { field: { type: 'range' } }),
    ];
    for (const e of ignored) {
      expect(runShortcut(e, act)).toBe(false);
      expect(e.preventDefault).not.toHaveBeenCalled();
    }
    expect(calls).toEqual([]);
    // The volume slider keeps only its arrows.
    expect(runShortcut(press('m', { field: { type: 'range' } }), act)).toBe(true);
  });
});
