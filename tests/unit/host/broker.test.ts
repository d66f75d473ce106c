import { describe, expect, it, vi } from 'vitest';
import { openHost } from '../../../src/offscreen/host';
import { OPEN_TIMEOUT_MS } from '../../../src/offscreen/host/broker';
import { NO_LIMITS } from '../../../src/shared/quality';
import { videoTrack } from '../fakes/media';
import { FakePeer, HOST_FP } from '../fakes/peer';
import { host, secret, useFakeMedia } from './harness';

describe('share host: broker', () => {
  useFakeMedia();

  it('reconnects to the broker with backoff and the same ID, and says when it is back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { peer, broker } = await host();
    peer.disconnected = true;
    peer.emit('disconnected', peer.id);
    expect(broker).toEqual([false]);
    await vi.advanceTimersByTimeAsync(300);
    expect(peer.reconnects).toBe(1);
    // Still down: the next attempt waits longer.
    peer.disconnected = true;
    peer.emit('disconnected', peer.id);
    await vi.advanceTimersByTimeAsync(300);
    expect(peer.reconnects).toBe(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(peer.reconnects).toBe(2);
    peer.emit('open', peer.id);
    expect(broker).toEqual([false, true]);
  });

  it("fails to open with a named broker when it refuses or never answers; PeerJS's own message goes to the console only", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let peer!: FakePeer;
    const tracks = { video: videoTrack().asTrack(), audio: null, quality: 'auto', limits: NO_LIMITS } as const;
    const options = {
      peerId: 'p',
      secret,
      ...tracks,
      peerOptions: {},
      fingerprint: HOST_FP,
      askToJoin: false,
      maxViewers: 10,
      pointing: true,
      copying: true,
      controlYieldsToSharer: true,
      mediaServer: null,
      brokerLabel: 'http://127.0.0.1:9/',
      onViewers: () => undefined,
      onBroker: () => undefined,
    };
    const refused = openHost({
      ...options,
      createPeer: (id) => {
        peer = new FakePeer(id, {});
        queueMicrotask(() => peer.fail('unavailable-id', 'ID is taken'));
        return peer.asPeer();
      },
    });
    await expect(refused).rejects.toEqual(
      expect.objectContaining({ code: 'broker-rejected', detail: 'http://127.0.0.1:9/' }),
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ID is taken'));
    warn.mockRestore();
    expect(peer.destroyed).toBe(true);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const silent = openHost({ ...options, createPeer: (id) => new FakePeer(id, {}).asPeer() });
    const check = expect(silent).rejects.toMatchObject({ code: 'broker-unreachable', detail: 'http://127.0.0.1:9/' });
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT_MS + 1);
      await check;
    });
  });
});
