// Waiting, deadlines and getting back to a share: new peer, fresh proof, same certificate.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildShareLink } from '../../../src/shared/share-link';
import { HEARTBEAT_TIMEOUT_MS } from '../../../src/shared/wire';
import { NOT_FOUND_MEANS_ENDED, RETRY_BACKOFF_MS, STEP_TIMEOUT_MS } from '../../../src/viewer/watch';
import { ATTACKER_FP } from '../fakes/peer';
import { CODE, certificate, fakeClock, fakeStream, peerId, secret, watch, watchingLive } from './harness';

describe('viewer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the host to let it in, and shows a pause', async () => {
    const v = watch();
    const conn = await v.connect();
    await v.challenge(conn);
    await vi.waitFor(() => expect(conn.sent).toHaveLength(2));
    conn.emit('data', { t: 'waiting' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code: CODE }));
    conn.emit('data', { t: 'welcome', code: 'x' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'connecting', step: 'media' }));
    v.call().emit('stream', fakeStream);
    conn.emit('data', { t: 'paused', paused: true });
    await vi.waitFor(() => expect(v.last()).toMatchObject({ kind: 'live', paused: true }));
  });

  it('never waits forever: each step has a deadline with its own message', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    // A self-hosted broker, named by its address in the message (tests name no public server).
    const local = { host: '127.0.0.1', port: 9000, path: '/', secure: false, key: 'peerjs' } as const;
    const broker = watch(
      new URL(buildShareLink('https://w.example/', { peerId, secret, broker: local, iceServers: [] })).hash,
    );
    await broker.ready();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(broker.last()).toMatchObject({
      kind: 'error',
      problem: 'broker-unreachable',
      broker: 'http://127.0.0.1:9000/',
    });
    const media = watch();
    await media.throughProof();
    await vi.advanceTimersByTimeAsync(STEP_TIMEOUT_MS + 1);
    expect(media.last()).toEqual({ kind: 'error', problem: 'connection-failed' });
  });

  it('a slow answer to the hello is judged by the step deadline, not the heartbeat', async () => {
    // Before the proof the host sends no pings: a host (or a relay in between) that takes longer
    // than the heartbeat to answer must still get its answer checked (a broker in the middle is
    // then caught as 'security', not reported as a failed connection).
    fakeClock();
    const v = watch();
    const conn = await v.connect();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 2000);
    expect(v.last()).toEqual({ kind: 'connecting', step: 'proof' });
    await v.challenge(conn, { viewerFingerprint: ATTACKER_FP });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'security' }));
  });

  it('a viewer that was watching reconnects with a fresh proof when the host goes silent', async () => {
    fakeClock();
    const { v } = await watchingLive();
    const first = v.peer()!;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    expect(v.streams.at(-1)).toBeNull();
    expect(first.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
    await vi.waitFor(() => expect(v.peer()).not.toBe(first));
    // A whole new handshake on the new peer, and the picture is back.
    await v.throughProof();
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    v.call().emit('stream', fakeStream);
    expect(v.last()).toMatchObject({ kind: 'live' });
    expect(v.streams.at(-1)).toBe(fakeStream);
  });

  it('a viewer waiting to be let in that loses the connection gets back in line: new peer, fresh proof, same certificate', async () => {
    fakeClock();
    const v = watch();
    const conn = await v.connect();
    await v.prove(conn);
    conn.emit('data', { t: 'waiting' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code: CODE }));
    const code = (v.last() as { code: string }).code;
    const first = v.peer()!;

    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500); // the page stalled, or the host dropped it
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    expect(first.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
    await vi.waitFor(() => expect(v.peer()).not.toBe(first));
    const again = await v.connect();
    expect((again.sent[0] as { nonce: string }).nonce).not.toBe((conn.sent[0] as { nonce: string }).nonce);
    await v.prove(again);
    again.emit('data', { t: 'waiting' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'waiting', code }));
    expect(v.certificates.made).toBe(1); // one per page: the host sees the same code again
    expect(v.peer()!.options).toMatchObject({ config: { certificates: [certificate] } });

    // In line again, it can drop out again (the retries start over), and be let in at last.
    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500);
    expect(v.last()).toEqual({ kind: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[0]! + 10);
    const third = await v.throughProof();
    expect(third).not.toBe(again);
    v.call().emit('stream', fakeStream);
    expect(v.last()).toEqual({ kind: 'live', code, paused: false, pointing: 'off', via: 'direct', control: 'page' });
  });

  it('a viewer that never got in line does not retry: the first failure is final', async () => {
    fakeClock();
    const v = watch();
    const conn = await v.connect();
    await v.prove(conn);
    conn.close(); // before the host said "waiting" or "welcome"
    expect(v.last()).toEqual({ kind: 'error', problem: 'connection-failed' });
  });

  it('concludes the share has ended when the host is gone from the broker on several attempts', async () => {
    fakeClock();
    const { v } = await watchingLive();
    for (let i = 0; i < NOT_FOUND_MEANS_ENDED; i++) {
      const before = v.peer();
      before?.fail('peer-unavailable');
      if (v.last()?.kind === 'ended') break;
      await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[i]! + 10); // the backoff, not the attempt's deadline
      await vi.waitFor(() => expect(v.peer()).not.toBe(before));
    }
    expect(v.last()).toEqual({ kind: 'ended' });
  });

  it('gives up with a clear message when reconnecting keeps failing', async () => {
    fakeClock();
    const v = watch();
    await v.throughProof();
    const media = v.call();
    media.emit('stream', fakeStream);
    media.close(); // the connection dies; every attempt after it fails to reach the broker
    for (let i = 0; i <= RETRY_BACKOFF_MS.length; i++) {
      const before = v.peer();
      if (i > 0) before?.fail('network');
      if (v.last()?.kind === 'error') break;
      await vi.advanceTimersByTimeAsync(RETRY_BACKOFF_MS[i]! + 10);
      await vi.waitFor(() => expect(v.peer()).not.toBe(before));
    }
    expect(v.last()).toEqual({ kind: 'error', problem: 'lost' });
  });

  it('does not retry what the host decided: a viewer removed while watching stays out', async () => {
    const { v, conn } = await watchingLive();
    conn.emit('data', { t: 'kicked' });
    await vi.waitFor(() => expect(v.last()).toEqual({ kind: 'error', problem: 'kicked' }));
  });
});
