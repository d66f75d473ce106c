import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PENDING, openHost, OPEN_TIMEOUT_MS, PROOF_TIMEOUT_MS, type HostOptions } from '../../src/offscreen/share-host';
import { importSecret, sign, verify, type Transcript } from '../../src/shared/proof';
import type { Viewer } from '../../src/shared/session';
import { HEARTBEAT_TIMEOUT_MS, type HostMessage } from '../../src/shared/wire';
import type { FakeConnection} from './fakes/peer';
import { ATTACKER_FP, FakePeer, HOST_FP, VIEWER_FP } from './fakes/peer';

const secret = 's'.repeat(26);
const stream = { id: 'stream', getVideoTracks: () => [{ kind: 'video', id: 'v' }], getAudioTracks: () => [{ kind: 'audio', id: 'a' }] } as unknown as MediaStream;
const VIEWER_NONCE = 'n'.repeat(22);

async function host(overrides: Partial<HostOptions> = {}) {
  let peer!: FakePeer;
  const updates: Viewer[][] = [];
  const broker: boolean[] = [];
  const opening = openHost({
    peerId: 'p'.repeat(26),
    secret,
    stream,
    peerOptions: {},
    fingerprint: HOST_FP,
    askToJoin: false,
    maxViewers: 10,
    brokerLabel: 'test broker',
    createPeer: (id, options) => {
      peer = new FakePeer(id, options);
      queueMicrotask(() => peer.emit('open', peer.id));
      return peer.asPeer();
    },
    onViewers: (v) => updates.push(v),
    onBroker: (online) => broker.push(online),
    ...overrides,
  });
  const share = await opening;
  return { share, peer, updates, broker };
}

const last = (conn: FakeConnection) => conn.sent.at(-1) as HostMessage | undefined;

/** Plays the viewer's side of the proof with `key`, seeing `hostFingerprint` as the host. */
async function prove(conn: FakeConnection, { withSecret = secret, hostFingerprint = HOST_FP, viewerFingerprint = VIEWER_FP } = {}) {
  conn.emit('data', { t: 'hello', v: 2, nonce: VIEWER_NONCE });
  await vi.waitFor(() => expect(last(conn)?.t).toBe('challenge'));
  const challenge = last(conn) as Extract<HostMessage, { t: 'challenge' }>;
  const transcript: Transcript = { hostFingerprint, viewerFingerprint, hostNonce: challenge.nonce, viewerNonce: VIEWER_NONCE };
  const key = await importSecret(withSecret);
  conn.emit('data', { t: 'proof', mac: await sign(key, 'viewer', transcript) });
  return { challenge, transcript, key };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('share host', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('proves itself to a viewer, checks its proof, and only then calls it', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    const { challenge, transcript, key } = await prove(conn);
    // The host's MACs verify against what an honest viewer sees.
    expect(await verify(key, 'key', transcript, challenge.key)).toBe(true);
    expect(await verify(key, 'host', transcript, challenge.mac)).toBe(true);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
    expect(last(conn)).toMatchObject({ t: 'welcome', code: expect.stringMatching(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/) });
    expect(peer.calls[0]).toMatchObject({ to: 'viewer-1', stream });
    expect(updates.at(-1)).toMatchObject([{ id: 'viewer-1', state: 'watching' }]);
  });

  it('sends no track until the media connection presents the proven fingerprint', async () => {
    const { peer } = await host();
    const conn = peer.incoming('viewer-1');
    await prove(conn);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
    const pc = peer.calls[0]!.call.peerConnection;
    await settle();
    expect(pc.sending()).toEqual([null, null]);
    pc.answerWith(VIEWER_FP);
    await settle();
    expect(pc.sending()).toEqual([{ kind: 'video', id: 'v' }, { kind: 'audio', id: 'a' }]);
  });

  it('drops a media connection answered by another certificate', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    await prove(conn);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
    const pc = peer.calls[0]!.call.peerConnection;
    pc.answerWith(ATTACKER_FP);
    await settle();
    expect(pc.sending()).toEqual([null, null]);
    expect(conn.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('denies a wrong secret: no call, no count', async () => {
    const { peer, updates } = await host();
    const conn = peer.incoming('viewer-1');
    await prove(conn, { withSecret: 'x'.repeat(26) });
    await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'denied', reason: 'bad-secret' }));
    await vi.waitFor(() => expect(conn.closed).toBe(true));
    expect(peer.calls).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('denies a man in the middle: the proof was made over fingerprints the host never saw', async () => {
    const { peer } = await host();
    // The host's connection is with the attacker; the real viewer saw the attacker as the host.
    const conn = peer.incoming('relay', ATTACKER_FP);
    await prove(conn, { hostFingerprint: ATTACKER_FP, viewerFingerprint: VIEWER_FP });
    await vi.waitFor(() => expect(last(conn)).toEqual({ t: 'denied', reason: 'bad-secret' }));
    expect(peer.calls).toEqual([]);
  });

  it('closes connections that send junk, repeat a step, or never prove anything', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { peer } = await host();
    const junk = peer.incoming('a');
    junk.emit('data', { t: 'hello', v: 2, nonce: VIEWER_NONCE, evil: 1 });
    expect(junk.closed).toBe(true);
    const twice = peer.incoming('b');
    twice.emit('data', { t: 'hello', v: 2, nonce: VIEWER_NONCE });
    twice.emit('data', { t: 'hello', v: 2, nonce: VIEWER_NONCE });
    expect(twice.closed).toBe(true);
    const early = peer.incoming('c');
    early.emit('data', { t: 'proof', mac: 'm'.repeat(43) });
    expect(early.closed).toBe(true);
    const silent = peer.incoming('d');
    await vi.advanceTimersByTimeAsync(PROOF_TIMEOUT_MS + 10);
    expect(silent.closed).toBe(true);
  });

  it('caps connections that have not proven the secret', async () => {
    const { peer } = await host();
    const pending = Array.from({ length: MAX_PENDING }, (_, i) => peer.incoming(`p${i}`));
    const extra = peer.incoming('one-too-many');
    expect(pending.some((c) => c.closed)).toBe(false);
    expect(extra.closed).toBe(true);
  });

  it('asks before letting a viewer in, and denies on request', async () => {
    const { share, peer, updates } = await host({ askToJoin: true });
    const yes = peer.incoming('yes');
    await prove(yes);
    await vi.waitFor(() => expect(last(yes)).toEqual({ t: 'waiting' }));
    expect(updates.at(-1)).toMatchObject([{ id: 'yes', state: 'waiting' }]);
    expect(peer.calls).toEqual([]);
    share.admit('yes', true);
    expect(peer.calls).toHaveLength(1);
    expect(updates.at(-1)).toMatchObject([{ id: 'yes', state: 'watching' }]);

    const no = peer.incoming('no');
    await prove(no);
    await vi.waitFor(() => expect(last(no)).toEqual({ t: 'waiting' }));
    share.admit('no', false);
    expect(last(no)).toEqual({ t: 'denied', reason: 'rejected' });
    expect(updates.at(-1)).toMatchObject([{ id: 'yes' }]);
    expect(peer.calls).toHaveLength(1);
  });

  it('enforces the viewer limit and the lock', async () => {
    const { share, peer } = await host({ maxViewers: 1 });
    await prove(peer.incoming('first'));
    const second = peer.incoming('second');
    await prove(second);
    await vi.waitFor(() => expect(last(second)).toEqual({ t: 'denied', reason: 'full' }));
    share.kick('first');
    share.setLocked(true);
    const third = peer.incoming('third');
    await prove(third);
    await vi.waitFor(() => expect(last(third)).toEqual({ t: 'denied', reason: 'locked' }));
  });

  it('kicks a viewer: told, call closed, no longer counted', async () => {
    const { share, peer, updates } = await host();
    const conn = peer.incoming('v');
    await prove(conn);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
    share.kick('v');
    expect(last(conn)).toEqual({ t: 'kicked' });
    expect(peer.calls[0]!.call.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('pausing detaches every track and tells viewers; resuming brings them back', async () => {
    const { share, peer } = await host();
    const conn = peer.incoming('v');
    await prove(conn);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(1));
    const pc = peer.calls[0]!.call.peerConnection;
    pc.answerWith(VIEWER_FP);
    share.setPaused(true);
    await settle();
    expect(last(conn)).toEqual({ t: 'paused', paused: true });
    expect(pc.sending()).toEqual([null, null]);
    share.setPaused(false);
    await settle();
    expect(last(conn)).toEqual({ t: 'paused', paused: false });
    expect(pc.sending()).toHaveLength(2);
    expect(pc.sending()).not.toContain(null);
  });

  it('drops a viewer that goes silent, and one whose call closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { peer, updates } = await host();
    const quiet = peer.incoming('quiet');
    await prove(quiet);
    const chatty = peer.incoming('chatty');
    await prove(chatty);
    await vi.waitFor(() => expect(peer.calls).toHaveLength(2));
    for (let t = 0; t < HEARTBEAT_TIMEOUT_MS + 2000; t += 1000) {
      chatty.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(quiet.closed).toBe(true);
    expect(chatty.closed).toBe(false);
    expect(chatty.sent).toContainEqual({ t: 'ping' });
    expect(updates.at(-1)).toMatchObject([{ id: 'chatty' }]);
    peer.calls[1]!.call.close();
    expect(updates.at(-1)).toEqual([]);
  });

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

  it('ending tells every viewer why, then destroys the peer', async () => {
    const { share, peer } = await host();
    const conn = peer.incoming('v');
    await prove(conn);
    await share.end('tab-closed');
    expect(conn.sent).toContainEqual({ t: 'end', reason: 'tab-closed' });
    expect(conn.closed).toBe(true);
    expect(peer.destroyed).toBe(true);
  });

  it('fails to open with a named broker when it refuses or never answers', async () => {
    let peer!: FakePeer;
    const options = { peerId: 'p', secret, stream, peerOptions: {}, fingerprint: HOST_FP, askToJoin: false, maxViewers: 10, brokerLabel: 'http://127.0.0.1:9/', onViewers: () => undefined, onBroker: () => undefined };
    const refused = openHost({
      ...options,
      createPeer: (id) => {
        peer = new FakePeer(id, {});
        queueMicrotask(() => peer.fail('unavailable-id', 'ID is taken'));
        return peer.asPeer();
      },
    });
    await expect(refused).rejects.toMatchObject({ code: 'broker-rejected', detail: 'http://127.0.0.1:9/: ID is taken' });
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
