import { describe, expect, it, vi } from 'vitest';
import { MAX_INPUT_TEXT, MAX_PASTE, MOD, parseRemoteInput, type RemoteInput } from '../../src/shared/remote-control';
import { parseViewerMessage } from '../../src/shared/wire';
import { keyInput, modsOf, pastePieces, WHEEL_GAP_MS, wheelPacer } from '../../src/viewer/control-input';

type Mods = { altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean };

/** A keydown as keyInput sees it: no modifiers and not composing unless given. */
const press = (key: string, { isComposing = false, ...mods }: Mods & { isComposing?: boolean } = {}) => ({
  key,
  isComposing,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

/** No half of a surrogate pair on its own (String.prototype.isWellFormed is ES2024, past this lib). */
const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

const texts = (pieces: RemoteInput[]) => pieces.map((p) => (p.k === 'text' ? p.text : `<${p.k}>`));

describe('modsOf', () => {
  it('sets one bit for each modifier held, as the DevTools protocol does', () => {
    expect(modsOf(press('a'))).toBe(0);
    expect(modsOf(press('a', { altKey: true }))).toBe(MOD.alt);
    expect(modsOf(press('a', { ctrlKey: true }))).toBe(MOD.ctrl);
    expect(modsOf(press('a', { metaKey: true }))).toBe(MOD.meta);
    expect(modsOf(press('a', { shiftKey: true }))).toBe(MOD.shift);
    expect(modsOf(press('a', { ctrlKey: true, shiftKey: true }))).toBe(MOD.ctrl | MOD.shift);
    expect(modsOf(press('a', { altKey: true, ctrlKey: true, metaKey: true, shiftKey: true }))).toBe(15);
    expect([MOD.alt, MOD.ctrl, MOD.meta, MOD.shift]).toEqual([1, 2, 4, 8]);
  });
});

describe('keyInput', () => {
  it.each(['Enter', 'Tab', 'Backspace', 'Delete', 'Escape', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'])(
    'sends the edit key %s with its modifiers',
    (key) => {
      expect(keyInput(press(key))).toEqual({ k: 'key', key, mods: 0 });
      expect(keyInput(press(key, { shiftKey: true }))).toEqual({ k: 'key', key, mods: MOD.shift });
      expect(keyInput(press(key, { ctrlKey: true, altKey: true }))).toEqual({
        k: 'key',
        key,
        mods: MOD.ctrl | MOD.alt,
      });
    },
  );

  it('sends one printable character as a key, and a shortcut with its modifier bit', () => {
    expect(keyInput(press('a'))).toEqual({ k: 'key', key: 'a', mods: 0 });
    expect(keyInput(press('A', { shiftKey: true }))).toEqual({ k: 'key', key: 'A', mods: MOD.shift });
    expect(keyInput(press('a', { ctrlKey: true }))).toEqual({ k: 'key', key: 'a', mods: MOD.ctrl });
    expect(keyInput(press('a', { metaKey: true }))).toEqual({ k: 'key', key: 'a', mods: MOD.meta });
    expect(keyInput(press('c', { ctrlKey: true }))).toEqual({ k: 'key', key: 'c', mods: MOD.ctrl });
    expect(keyInput(press(' '))).toEqual({ k: 'key', key: ' ', mods: 0 });
    expect(keyInput(press('😀'))).toEqual({ k: 'key', key: '😀', mods: 0 });
    // Alt+V is not paste.
    expect(keyInput(press('v', { altKey: true }))).toEqual({ k: 'key', key: 'v', mods: MOD.alt });
    expect(keyInput(press('v'))).toEqual({ k: 'key', key: 'v', mods: 0 });
  });

  it.each([
    ['Ctrl+V', press('v', { ctrlKey: true })],
    ['Meta+V', press('v', { metaKey: true })],
    ['Ctrl+Shift+V', press('V', { ctrlKey: true, shiftKey: true })],
    ['Meta+Shift+V', press('V', { metaKey: true, shiftKey: true })],
  ])('leaves %s to the paste event', (_name, e) => {
    expect(keyInput(e)).toBeNull();
  });

  it('leaves keys to an input method while it composes', () => {
    expect(keyInput(press('a', { isComposing: true }))).toBeNull();
    expect(keyInput(press('Enter', { isComposing: true }))).toBeNull();
    expect(keyInput(press('Backspace', { isComposing: true }))).toBeNull();
    expect(keyInput(press('Process'))).toBeNull();
    expect(keyInput(press('Unidentified'))).toBeNull();
  });

  it.each(['Shift', 'Control', 'Alt', 'Meta', 'F5', 'F12', 'CapsLock', 'Dead', 'AudioVolumeUp', 'ContextMenu'])(
    'sends nothing for %s',
    (key) => {
      expect(keyInput(press(key))).toBeNull();
      expect(keyInput(press(key, { ctrlKey: true }))).toBeNull();
    },
  );

  it('sends only what the host accepts', () => {
    for (const key of ['Enter', 'ArrowDown', 'a', 'Z', '1', ' ', '한', '😀'])
      for (const mods of [{}, { ctrlKey: true }, { altKey: true, metaKey: true, shiftKey: true }]) {
        const input = keyInput(press(key, mods));
        expect(input).not.toBeNull();
        expect(parseRemoteInput(input)).toEqual(input);
      }
  });
});

describe('pastePieces', () => {
  const valid = (pieces: RemoteInput[]) => {
    for (const piece of pieces) {
      expect(piece.k).toBe('text');
      expect(parseRemoteInput(piece)).toEqual(piece);
      expect(parseViewerMessage({ t: 'input', input: piece })).toEqual({ t: 'input', input: piece });
    }
  };

  it('leaves out what JSON would blow up past a message (control characters, lone surrogates), so a paste never gets the viewer hung up', () => {
    const pieces = [...pastePieces('\x01'.repeat(300)), ...pastePieces('\ud800'.repeat(300) + 'ok\x1b[0m')];
    valid(pieces);
    expect(pieces).toEqual([{ k: 'text', text: 'ok[0m' }]);
  });

  it('sends nothing for nothing', () => {
    expect(pastePieces('')).toEqual([]);
    expect(pastePieces('\0')).toEqual([]);
    expect(pastePieces('\0\0\0')).toEqual([]);
  });

  it('sends a short paste as one piece', () => {
    expect(pastePieces('hello')).toEqual([{ k: 'text', text: 'hello' }]);
    expect(pastePieces('안녕 😀')).toEqual([{ k: 'text', text: '안녕 😀' }]);
  });

  it('turns CRLF and CR into LF and removes NUL', () => {
    expect(texts(pastePieces('one\r\ntwo\rthree\nfour'))).toEqual(['one\ntwo\nthree\nfour']);
    expect(texts(pastePieces('\r\r\n'))).toEqual(['\n\n']);
    expect(texts(pastePieces('a\0b\0'))).toEqual(['ab']);
    expect(texts(pastePieces('\r\0\n'))).toEqual(['\n\n']);
    valid(pastePieces('x\r\n'.repeat(300)));
  });

  it('cuts into pieces of at most MAX_INPUT_TEXT that join back to the text', () => {
    const text = 'abcdefghij'.repeat(45); // 450
    const pieces = texts(pastePieces(text));
    expect(pieces.map((p) => p.length)).toEqual([MAX_INPUT_TEXT, MAX_INPUT_TEXT, 50]);
    expect(pieces.join('')).toBe(text);
    expect(texts(pastePieces('x'.repeat(MAX_INPUT_TEXT)))).toEqual(['x'.repeat(MAX_INPUT_TEXT)]);
    expect(texts(pastePieces('x'.repeat(MAX_INPUT_TEXT + 1)))).toEqual(['x'.repeat(MAX_INPUT_TEXT), 'x']);
  });

  it('never splits a surrogate pair', () => {
    // 'a' then emoji of two UTF-16 units each: 1 + 99 × 2 = 199 units fit, one more would be 201.
    const text = 'a' + '😀'.repeat(150);
    const pieces = texts(pastePieces(text));
    expect(pieces.join('')).toBe(text);
    expect(pieces.map((p) => p.length)).toEqual([199, 102]);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_INPUT_TEXT);
      expect(wellFormed(piece)).toBe(true);
    }
    valid(pastePieces(text));
  });

  it('cuts a paste at MAX_PASTE code points, not UTF-16 units', () => {
    const plain = texts(pastePieces('x'.repeat(MAX_PASTE + 500)));
    expect(plain).toHaveLength(MAX_PASTE / MAX_INPUT_TEXT);
    expect(plain.join('')).toBe('x'.repeat(MAX_PASTE));

    const emoji = texts(pastePieces('😀'.repeat(MAX_PASTE + 1)));
    expect(emoji.join('')).toBe('😀'.repeat(MAX_PASTE));
    expect(emoji).toHaveLength((MAX_PASTE * 2) / MAX_INPUT_TEXT);
    for (const piece of emoji) expect(wellFormed(piece)).toBe(true);

    // Line ends are made LF before counting: CRLF counts once.
    const lines = texts(pastePieces('\r\n'.repeat(MAX_PASTE + 10)));
    expect(lines.join('')).toBe('\n'.repeat(MAX_PASTE));
  });

  it('sends only pieces the host accepts', () => {
    const mixed = 'Hello, 세상! 😀👍🏽 "quoted" \\ back\ttab\r\nnext\0line ' + '한글'.repeat(40);
    valid(pastePieces(mixed.repeat(30)));
    valid(pastePieces('😀'.repeat(MAX_PASTE * 2)));
    valid(pastePieces('a' + '😀'.repeat(500)));
  });
});

describe('wheelPacer', () => {
  it('sends the first scroll at once, sums the rest for WHEEL_GAP_MS, and keeps working after a quiet spell', () => {
    vi.useFakeTimers();
    try {
      const sent: RemoteInput[] = [];
      const pacer = wheelPacer((input) => sent.push(input));
      pacer.add([0.5, 0.5], 0, 0.1);
      pacer.add([0.5, 0.6], 0, 0.1);
      pacer.add([0.5, 0.7], 0.05, 0.1);
      expect(sent).toEqual([{ k: 'wheel', at: [0.5, 0.5], dx: 0, dy: 0.1 }]);
      vi.advanceTimersByTime(WHEEL_GAP_MS);
      expect(sent.at(-1)).toEqual({ k: 'wheel', at: [0.5, 0.7], dx: 0.05, dy: 0.2 });
      vi.advanceTimersByTime(10 * WHEEL_GAP_MS); // quiet
      pacer.add([0.1, 0.1], 0, -9); // far past MAX_WHEEL: clamped
      expect(sent).toHaveLength(3);
      expect(sent.at(-1)).toEqual({ k: 'wheel', at: [0.1, 0.1], dx: 0, dy: -4 });
      for (const input of sent) expect(parseRemoteInput(input)).toEqual(input);
      pacer.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
