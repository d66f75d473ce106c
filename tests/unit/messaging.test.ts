import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { createRequester, serve } from '../../src/shared/messaging';
import { NO_LIMITS } from '../../src/shared/quality';
import { backgroundIgnoring, bus, offscreenIgnoring } from './fakes/messaging';

describe('typed messaging', () => {
  it('delivers a request to the context it is addressed to and returns its answer', async () => {
    const transport = bus();
    const heard: string[] = [];
    serve(transport, 'offscreen', {
      ...offscreenIgnoring,
      'host/start': () => void heard.push('offscreen:start'),
      'host/stop': ({ reason }) => void heard.push(`offscreen:stop:${reason}`),
      'clipboard/write': ({ text }) => void heard.push(`offscreen:copy:${text}`),
    });
    serve(transport, 'background', {
      ...backgroundIgnoring,
      'share/source': (choice) => void heard.push(`background:source:${choice.kind}`),
      'share/stop': () => void heard.push('background:stop'),
      'control/quality': ([preset]) => void heard.push(`background:quality:${preset}`),
    });
    const request = createRequester(transport);
    await request('offscreen', 'clipboard/write', { text: 'hi' });
    await request('background', 'share/stop', {});
    await request('background', 'share/source', { kind: 'picked' });
    await request('background', 'control/quality', ['motion']);
    await request('offscreen', 'host/stop', { reason: 'tab-closed' });
    expect(heard).toEqual([
      'offscreen:copy:hi',
      'background:stop',
      'background:source:picked',
      'background:quality:motion',
      'offscreen:stop:tab-closed',
    ]);
  });

  it('carries errors as data with their code and detail', async () => {
    const transport = bus();
    serve(transport, 'offscreen', {
      ...offscreenIgnoring,
      'host/start': () => {
        throw new AppError('broker-unreachable', 'peer.example');
      },
      'host/stop': () => {
        throw new TypeError('boom');
      },
    });
    const request = createRequester(transport);
    const start = request('offscreen', 'host/start', {
      source: { kind: 'tab', tabId: 1, streamId: 's', size: null },
      peerId: 'p',
      secret: 's',
      broker: null,
      iceServers: null,
      askToJoin: false,
      maxViewers: 10,
      expiresAt: null,
      quality: 'auto',
      limits: NO_LIMITS,
      pointing: true,
      copying: true,
      controlYieldsToSharer: true,
      mediaServer: null,
    });
    await expect(start).rejects.toMatchObject({ code: 'broker-unreachable', detail: 'peer.example' });
    await expect(request('offscreen', 'host/stop', { reason: 'stopped' })).rejects.toMatchObject({
      code: 'internal',
      detail: 'boom',
    });
  });

  it('ignores mail that is not an envelope or names an unknown type', async () => {
    const transport = bus();
    serve(transport, 'offscreen', offscreenIgnoring);
    await expect(transport.send({ to: 'offscreen', type: 'nope', payload: {} })).rejects.toThrow(/Receiving end/);
    await expect(transport.send({ to: 'offscreen', type: 'toString', payload: {} })).rejects.toThrow(/Receiving end/);
    await expect(transport.send('junk' as never)).rejects.toThrow(/Receiving end/);
  });
});
