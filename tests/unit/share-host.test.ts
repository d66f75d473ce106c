import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HELLO_TIMEOUT_MS, MAX_PENDING, openHost, OPEN_TIMEOUT_MS, sameSecret } from '../../src/offscreen/share-host';
import type { Viewer } from '../../src/shared/session';
import { HEARTBEAT_TIMEOUT_MS } from '../../src/shared/wire';
import { FakePeer } from './fakes/peer';

const secret = 's'.repeat(26);
const stream = { id: 'stream' } as unknown as MediaStream;

async function host() {
  let peer!: FakePeer;
  const updates: Viewer[][] = [];
  const opening = openHost({
    peerId: 'p'.repeat(26),
    secret,
    stream,
    peerOptions: {},
    brokerLabel: 'test broker',
    createPeer: (id, options) => {
      peer = new FakePeer(id, options);
      return peer.asPeer();
    },
    onViewers: (v) => updates.push(v),
    now: () => Date.now(),
  });
  peer.emit('open', peer.id);
  return { share: await opening, peer, updates };
}

describe('share host', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits a viewer with the secret, calls it with the stream, and counts it', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    conn.emit('data', { t: 'hello', v: 1, secret });
    expect(conn.sent).toEqual([{ t: 'welcome' }]);
    expect(peer.calls).toMatchObject([{ to: 'viewer-1', stream }]);
    expect(updates.at(-1)).toMatchObject([{ id: 'viewer-1' }]);
  });

  it('denies a wrong secret: no call, no count, connection closed', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    conn.emit('data', { t: 'hello', v: 1, secret: 'x'.repeat(26) });
    expect(conn.sent).toEqual([{ t: 'denied', reason: 'bad-secret' }]);
    await vi.advanceTimersByTimeAsync(500);
    expect(conn.closed).toBe(true);
    expect(peer.calls).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('closes connections that send junk, say hello twice, or never say hello', async () => {
    const { peer } = await host();
    const junk = peer.incoming('a');
    junk.emit('data', { t: 'hello', v: 1, secret, evil: 1 });
    expect(junk.closed).toBe(true);
    const twice = peer.incoming('b');
    twice.emit('data', { t: 'hello', v: 1, secret });
    twice.emit('data', { t: 'hello', v: 1, secret });
    expect(twice.closed).toBe(true);
    expect(peer.calls[0]!.call.closed).toBe(true);
    const silent = peer.incoming('c');
    await vi.advanceTimersByTimeAsync(HELLO_TIMEOUT_MS + 10);
    expect(silent.closed).toBe(true);
  });

  it('caps connections that have not proven the secret', async () => {
    const { peer } = await host();
    const pending = Array.from({ length: MAX_PENDING }, (_, i) => peer.incoming(`p${i}`));
    const extra = peer.incoming('one-too-many');
    expect(pending.some((c) => c.closed)).toBe(false);
    expect(extra.closed).toBe(true);
  });

  it('drops a viewer that goes silent, and one whose call closes', async () => {
    const { peer, updates } = await host();
    const quiet = peer.incoming('quiet');
    quiet.emit('data', { t: 'hello', v: 1, secret });
    const chatty = peer.incoming('chatty');
    chatty.emit('data', { t: 'hello', v: 1, secret });
    for (let t = 0; t < HEARTBEAT_TIMEOUT_MS + 2000; t += 1000) {
      chatty.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(quiet.closed).toBe(true);
    expect(updates.at(-1)).toMatchObject([{ id: 'chatty' }]);
    expect(chatty.sent).toContainEqual({ t: 'ping' });
    peer.calls[1]!.call.close();
    expect(updates.at(-1)).toEqual([]);
  });

  it('ending tells every viewer why, then destroys the peer', async () => {
    const { share, peer } = await host();
    const conn = peer.incoming('v');
    conn.emit('data', { t: 'hello', v: 1, secret });
    const ending = share.end('tab-closed');
    await vi.advanceTimersByTimeAsync(1000);
    await ending;
    expect(conn.sent.at(-1)).toEqual({ t: 'end', reason: 'tab-closed' });
    expect(conn.closed).toBe(true);
    expect(peer.destroyed).toBe(true);
  });

  it('reconnects to the broker with the same ID after losing it', async () => {
    const { peer } = await host();
    peer.disconnected = true;
    peer.emit('disconnected', peer.id);
    await vi.advanceTimersByTimeAsync(1500);
    expect(peer.reconnects).toBe(1);
  });

  it('fails to open with a named broker when it refuses or never answers', async () => {
    let peer!: FakePeer;
    const options = { peerId: 'p', secret, stream, peerOptions: {}, brokerLabel: 'http://127.0.0.1:9/', onViewers: () => undefined };
    const createPeer = (id: string) => {
      peer = new FakePeer(id, {});
      return peer.asPeer();
    };
    const refused = openHost({ ...options, createPeer });
    peer.fail('unavailable-id', 'ID is taken');
    await expect(refused).rejects.toMatchObject({ code: 'broker-rejected', detail: 'http://127.0.0.1:9/: ID is taken' });
    expect(peer.destroyed).toBe(true);

    const silent = openHost({ ...options, createPeer });
    const check = expect(silent).rejects.toMatchObject({ code: 'broker-unreachable', detail: 'http://127.0.0.1:9/' });
    await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT_MS + 1);
    await check;
  });

  it('compares secrets fully', () => {
    expect(sameSecret(secret, secret)).toBe(true);
    expect(sameSecret(secret, secret.slice(1) + 't')).toBe(false);
    expect(sameSecret(secret, secret + 's')).toBe(false);
  });
});
