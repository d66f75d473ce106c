import { describe, expect, it } from 'vitest';
import {
  CONTROL_STATES,
  EDIT_KEYS,
  MAX_INPUT_TEXT,
  MAX_WHEEL,
  MOD,
  parseRemoteInput,
} from '../../src/shared/remote-control';
import { parseHostMessage, parseViewerMessage, WIRE_VERSION } from '../../src/shared/wire';

const nonce = 'n'.repeat(22);
const mac = 'm'.repeat(43);

describe('data-connection protocol', () => {
  it('accepts exactly the documented messages', () => {
    expect(parseViewerMessage({ t: 'hello', v: WIRE_VERSION, nonce })).toEqual({ t: 'hello', v: WIRE_VERSION, nonce });
    expect(parseViewerMessage({ t: 'proof', mac })).toEqual({ t: 'proof', mac });
    expect(parseViewerMessage({ t: 'ping' })).toEqual({ t: 'ping' });
    for (const want of ['auto', 'sharper', 'smoother'])
      expect(parseViewerMessage({ t: 'prefer', want })).toEqual({ t: 'prefer', want });
    expect(parseHostMessage({ t: 'challenge', nonce, key: mac, mac })).toEqual({
      t: 'challenge',
      nonce,
      key: mac,
      mac,
    });
    expect(parseHostMessage({ t: 'welcome', code: '🍎 🍌 🍒 🍇' })).toEqual({ t: 'welcome', code: '🍎 🍌 🍒 🍇' });
    expect(parseHostMessage({ t: 'waiting' })).toEqual({ t: 'waiting' });
    expect(parseHostMessage({ t: 'paused', paused: true })).toEqual({ t: 'paused', paused: true });
    expect(parseHostMessage({ t: 'kicked' })).toEqual({ t: 'kicked' });
    expect(parseHostMessage({ t: 'end', reason: 'tab-closed' })).toEqual({ t: 'end', reason: 'tab-closed' });
    expect(parseHostMessage({ t: 'denied', reason: 'bad-secret' })).toEqual({ t: 'denied', reason: 'bad-secret' });
  });

  it.each([
    null,
    undefined,
    42,
    'hello',
    [],
    new Date(),
    { t: 'hello' },
    { t: 'hello', v: '2', nonce },
    { t: 'hello', v: 2, nonce: 'short' },
    { t: 'hello', v: 2, nonce: '<script>alert(1)</script>' },
    { t: 'hello', v: 2, nonce, extra: true },
    { t: 'proof', mac: 42 },
    { t: 'ping', pad: 'x'.repeat(2000) },
    { t: '__proto__' },
    { t: 'welcome', code: 'x' },
    { t: 'prefer' },
    { t: 'prefer', want: 'sharpest' },
    { t: 'prefer', want: 'SHARPER' },
    { t: 'prefer', want: ['sharper'] },
    { t: 'prefer', want: 'sharper', also: 'smoother' },
    { t: 'prefer', want: 'toString' },
    JSON.parse('{"t":"ping","__proto__":{"polluted":1}}'),
  ])('rejects %j from a viewer', (data) => {
    expect(parseViewerMessage(data)).toBeNull();
  });

  it.each([
    { t: 'end', reason: 'because' },
    { t: 'denied', reason: 'x' },
    { t: 'hello', v: 2, nonce },
    { t: 'welcome', code: 'x'.repeat(65) },
    { t: 'paused', paused: 'yes' },
    { t: 'challenge', nonce, key: mac },
    { t: 'prefer', want: 'sharper' },
  ])('rejects %j from a host', (data) => {
    expect(parseHostMessage(data)).toBeNull();
  });
});

describe('remote control on the wire (version 8)', () => {
  const at = [0.25, 0.75];
  const viewerInput = (input: unknown) => parseViewerMessage({ t: 'input', input });

  it('is version 8', () => {
    expect(WIRE_VERSION).toBe(8);
  });

  it('accepts ask-control, release-control and control with every state', () => {
    expect(parseViewerMessage({ t: 'ask-control' })).toEqual({ t: 'ask-control' });
    expect(parseViewerMessage({ t: 'release-control' })).toEqual({ t: 'release-control' });
    for (const state of CONTROL_STATES)
      expect(parseHostMessage({ t: 'control', state })).toEqual({ t: 'control', state });
  });

  it.each([
    { k: 'click', at, n: 1 },
    { k: 'click', at: [0, 1], n: 2 },
    { k: 'wheel', at, dx: 0, dy: 0.5 },
    { k: 'wheel', at: [1, 0], dx: -MAX_WHEEL, dy: MAX_WHEEL },
    { k: 'key', key: 'Enter', mods: 0 },
    { k: 'key', key: 'ArrowLeft', mods: MOD.shift | MOD.alt },
    ...EDIT_KEYS.map((key) => ({ k: 'key', key, mods: 0 })),
    { k: 'key', key: 'a', mods: MOD.ctrl },
    { k: 'key', key: ' ', mods: 0 },
    { k: 'key', key: '한', mods: 0 },
    { k: 'key', key: '😀', mods: 0 },
    { k: 'key', key: 'z', mods: 15 },
    { k: 'text', text: '안녕하세요 😀' },
    { k: 'text', text: 'line one\nline two\ttab' },
    { k: 'text', text: 'x'.repeat(MAX_INPUT_TEXT) },
    { k: 'compose', text: '한' },
    { k: 'compose', text: '' },
  ])('accepts input %j', (input) => {
    expect(parseRemoteInput(input)).toEqual(input);
    expect(viewerInput(input)).toEqual({ t: 'input', input });
  });

  it.each([
    null,
    'click',
    [],
    { k: 'click', at, n: 1, extra: true },
    { k: 'click', at },
    { k: 'click', at, n: 3 },
    { k: 'click', at, n: 0 },
    { k: 'click', at, n: '1' },
    { k: 'click', at: [1.5, 0.5], n: 1 },
    { k: 'click', at: [-0.01, 0.5], n: 1 },
    { k: 'click', at: [NaN, 0.5], n: 1 },
    { k: 'click', at: [0.5], n: 1 },
    { k: 'click', at: { x: 0.5, y: 0.5 }, n: 1 },
    { k: 'wheel', at, dx: 0, dy: MAX_WHEEL + 0.001 },
    { k: 'wheel', at, dx: -MAX_WHEEL - 1, dy: 0 },
    { k: 'wheel', at, dx: NaN, dy: 0 },
    { k: 'wheel', at, dx: 0, dy: Infinity },
    { k: 'wheel', at, dx: 0, dy: '1' },
    { k: 'wheel', at, dx: 0, dy: 1, dz: 0 },
    { k: 'key', key: 'F5', mods: 0 },
    { k: 'key', key: 'Shift', mods: 0 },
    { k: 'key', key: 'ab', mods: 0 },
    { k: 'key', key: '', mods: 0 },
    { k: 'key', key: '\n', mods: 0 },
    { k: 'key', key: '\0', mods: 0 },
    { k: 'key', key: 'enter', mods: 0 },
    { k: 'key', key: 'a', mods: 16 },
    { k: 'key', key: 'a', mods: -1 },
    { k: 'key', key: 'a', mods: 1.5 },
    { k: 'key', key: 'a', mods: '2' },
    { k: 'key', key: 'a' },
    { k: 'key', key: 'a', mods: 0, code: 'KeyA' },
    { k: 'text', text: '' },
    { k: 'text', text: 'x'.repeat(MAX_INPUT_TEXT + 1) },
    { k: 'compose', text: 'x'.repeat(MAX_INPUT_TEXT + 1) },
    { k: 'text', text: 'a\0b' },
    { k: 'text', text: 'a\r\nb' },
    // What JSON would write 6 characters long: a text of them could not fit in one message.
    { k: 'text', text: 'a\x01b' },
    { k: 'text', text: 'a\ud800b' },
    { k: 'compose', text: '\r' },
    { k: 'text', text: 42 },
    { k: 'text', text: 'a', extra: 1 },
    { k: 'paste', text: 'a' },
    { k: 'toString' },
    {},
  ])('rejects input %j', (input) => {
    expect(parseRemoteInput(input)).toBeNull();
    expect(viewerInput(input)).toBeNull();
  });

  it.each([
    { t: 'ask-control', please: true },
    { t: 'ask-control', v: WIRE_VERSION },
    { t: 'release-control', extra: null },
    { t: 'input' },
    { t: 'input', input: { k: 'click', at, n: 1 }, extra: 1 },
    { t: 'control', state: 'idle' },
  ])('rejects %j from a viewer', (data) => {
    expect(parseViewerMessage(data)).toBeNull();
  });

  it.each([
    { t: 'control', state: 'granting' },
    { t: 'control', state: 'GRANTED' },
    { t: 'control', state: 'toString' },
    { t: 'control' },
    { t: 'control', state: 'granted', by: 'x' },
    { t: 'ask-control' },
    { t: 'input', input: { k: 'click', at, n: 1 } },
  ])('rejects %j from a host', (data) => {
    expect(parseHostMessage(data)).toBeNull();
  });
});
