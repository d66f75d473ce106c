import { describe, expect, it } from 'vitest';
import { parseHostMessage, parseViewerMessage } from '../../src/shared/wire';

const secret = 'a'.repeat(26);

describe('data-connection protocol', () => {
  it('accepts exactly the documented messages', () => {
    expect(parseViewerMessage({ t: 'hello', v: 1, secret })).toEqual({ t: 'hello', v: 1, secret });
    expect(parseViewerMessage({ t: 'ping' })).toEqual({ t: 'ping' });
    expect(parseHostMessage({ t: 'welcome' })).toEqual({ t: 'welcome' });
    expect(parseHostMessage({ t: 'end', reason: 'tab-closed' })).toEqual({ t: 'end', reason: 'tab-closed' });
    expect(parseHostMessage({ t: 'denied', reason: 'bad-secret' })).toEqual({ t: 'denied', reason: 'bad-secret' });
  });

  it.each([
    null,
    undefined,
    42,
    'hello',
    [],
    { t: 'hello' },
    { t: 'hello', v: '1', secret },
    { t: 'hello', v: 1, secret: 'short' },
    { t: 'hello', v: 1, secret, extra: true },
    { t: 'ping', pad: 'x'.repeat(2000) },
    { t: '__proto__' },
    { t: 'welcome' },
  ])('rejects %j from a viewer', (data) => {
    expect(parseViewerMessage(data)).toBeNull();
  });

  it.each([{ t: 'end', reason: 'because' }, { t: 'denied', reason: 'x' }, { t: 'hello', v: 1, secret }, { t: 'welcome', x: 1 }])('rejects %j from a host', (data) => {
    expect(parseHostMessage(data)).toBeNull();
  });
});
