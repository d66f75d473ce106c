import { describe, expect, it, vi } from 'vitest';
import { LEFT_NOTICE_MS, type Departure, type Viewer } from '../../../src/shared/session';
import { HEARTBEAT_TIMEOUT_MS } from '../../../src/shared/wire';
import { callTo, hello, host, last, prove, proven, useFakeMedia, watching } from './harness';

describe('share host: viewers', () => {
  useFakeMedia();

  it('kicks a viewer: told, call closed, its track stopped, no longer counted', async () => {
    const { share, peer, updates, video } = await host();
    const { conn, call, pc } = await watching(peer, 'v');
    expect(pc.videoSender.track).toBe(video.clones[0]);
    share.kick('v');
    expect(last(conn)).toEqual({ t: 'kicked' });
    expect(call.closed).toBe(true);
    expect(video.clones[0]!.stopped).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('drops a viewer that goes silent, and one whose call closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { peer, updates } = await host();
    const { conn: quiet } = await proven(peer, 'quiet');
    const { conn: chatty, call } = await proven(peer, 'chatty');
    for (let t = 0; t < HEARTBEAT_TIMEOUT_MS + 2000; t += 1000) {
      chatty.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(quiet.closed).toBe(true);
    expect(callTo(peer, 'quiet').closed).toBe(true);
    expect(chatty.closed).toBe(false);
    expect(chatty.sent).toContainEqual({ t: 'ping' });
    expect(updates.at(-1)).toMatchObject([{ id: 'chatty' }]);
    call.close();
    expect(chatty.closed).toBe(true);
    expect(updates.at(-1)).toEqual([]);
  });

  it('tells the host who left while waiting to be let in, for a few seconds; its own answers are not departures', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const reports: { viewers: Viewer[]; left: Departure[] }[] = [];
    const { share, peer } = await host({
      askToJoin: true,
      onViewers: (viewers, left) => reports.push({ viewers, left }),
    });
    const leftIds = () => reports.at(-1)!.left.map((d) => d.id);
    /** A viewer with its own certificate (so its own code), proven and waiting. */
    const inLine = async (id: string, n: number) => {
      const fingerprint = `${n}${n}:`.repeat(31) + `${n}${n}`;
      const conn = peer.incoming(id, fingerprint);
      await prove(conn, { viewerFingerprint: fingerprint });
      await vi.waitFor(() => expect(conn.sent).toContainEqual({ t: 'waiting' })); // then pings: the clock moves
      return { conn, code: reports.at(-1)!.viewers.find((v) => v.id === id)!.code };
    };
    const quiet = await inLine('quiet', 1);
    const closing = await inLine('closing', 2);
    await inLine('denied', 3);
    await inLine('admitted', 4);
    await inLine('kicked', 5);
    share.admit('denied', false);
    share.admit('admitted', true);
    share.kick('kicked');
    expect(reports.at(-1)!.left).toEqual([]);

    closing.conn.close(); // the page was closed
    expect(reports.at(-1)!.left).toEqual([{ id: 'closing', code: closing.code, at: Date.now() }]);
    expect(reports.at(-1)!.viewers.map((v) => v.id)).toEqual(['quiet', 'admitted']);

    await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS + 1500); // the page stalled: silent
    expect(quiet.conn.closed).toBe(true);
    expect(leftIds()).toEqual(['closing', 'quiet']); // not the denied, kicked or (silent too) admitted ones
    expect(reports.at(-1)!.left[1]!.code).toBe(quiet.code);

    // Back with the same certificate, so the same code, and waiting again: no longer gone.
    const again = await inLine('quiet-again', 1);
    expect(again.code).toBe(quiet.code);
    expect(leftIds()).toEqual(['closing']);

    // Each notice lasts LEFT_NOTICE_MS.
    for (let t = 0; t < LEFT_NOTICE_MS; t += 1000) {
      again.conn.emit('data', { t: 'ping' });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(reports.at(-1)).toEqual({
      viewers: [expect.objectContaining({ id: 'quiet-again', state: 'waiting' })],
      left: [],
    });
  });

  it('ending tells every viewer why, closes its call, then destroys the peer', async () => {
    const { share, peer } = await host();
    const { conn, call } = await watching(peer, 'v');
    const pending = peer.incoming('pending');
    await hello(pending);
    await share.end('tab-closed');
    expect(conn.sent).toContainEqual({ t: 'end', reason: 'tab-closed' });
    expect(conn.closed).toBe(true);
    expect(call.closed).toBe(true);
    expect(pending.closed).toBe(true);
    expect(callTo(peer, 'pending').closed).toBe(true);
    expect(peer.destroyed).toBe(true);
  });
});
