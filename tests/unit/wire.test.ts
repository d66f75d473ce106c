import { describe, expect, it } from 'vitest';
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
