import { describe, expect, it, vi } from 'vitest';
import type { HostOptions } from '../../../src/offscreen/host';
import {
  INK_BATCH,
  INK_STROKE_POINTS,
  MARK_COLOURS,
  POINT_RATE,
  POINTING_RECENT_MS,
  type OverlayMessage,
} from '../../../src/shared/pointing';
import type { HostMessage } from '../../../src/shared/wire';
import { host, last, pointingSent, prove, useFakeMedia, watching } from './harness';

describe('share host', () => {
  useFakeMedia();

  describe('pointing', () => {
    /** A host drawing into a recording overlay, on a clock the test moves. */
    async function pointingHost(overrides: Partial<HostOptions> = {}) {
      let clock = 1_000_000;
      const drawn: OverlayMessage[] = [];
      const made = await host({ now: () => clock, ...overrides });
      made.share.setOverlay('tab', (m) => {
        if (m.t === 'dot' || m.t === 'ripple' || m.t === 'ink' || m.t === 'clear') drawn.push(m);
      });
      return { ...made, drawn, tick: (ms: number) => (clock += ms) };
    }

    it("tells each viewer whether it can point, and why not, as the source and the sharer's switches change", async () => {
      const { share, peer, updates } = await host();
      const { conn } = await watching(peer, 'v');
      expect(pointingSent(conn)).toEqual(['source']); // no tab overlay yet: nothing to draw on
      share.setOverlay('tab', null);
      share.setOverlay('tab', () => undefined);
      share.pointing(false);
      share.pointing(true);
      share.viewerPointing('v', false);
      expect(updates.at(-1)).toMatchObject([{ id: 'v', canPoint: false }]);
      share.viewerPointing('v', true);
      share.setOverlay('other', null);
      expect(pointingSent(conn)).toEqual(['source', 'page', 'on', 'off', 'on', 'off', 'on', 'source']);
    });

    it("draws a let-in viewer's dot, ripple and ink in its colour and under its first verification word", async () => {
      const { peer, drawn } = await pointingHost();
      const { conn } = await watching(peer, 'v');
      const word = (conn.sent as HostMessage[]).flatMap((m) => (m.t === 'welcome' ? [m.code.split(' ')[0]] : []))[0];
      conn.emit('data', { t: 'point', at: [0.25, 0.5] });
      conn.emit('data', { t: 'tap', at: [0.25, 0.5] });
      conn.emit('data', {
        t: 'ink',
        stroke: 1,
        points: [
          [0.1, 0.1],
          [0.2, 0.2],
        ],
      });
      conn.emit('data', { t: 'point', at: null });
      const owner = { viewer: 'v', colour: MARK_COLOURS[0], label: word };
      expect(drawn).toEqual([
        { t: 'dot', at: [0.25, 0.5], ...owner },
        { t: 'ripple', at: [0.25, 0.5], ...owner },
        {
          t: 'ink',
          stroke: 1,
          points: [
            [0.1, 0.1],
            [0.2, 0.2],
          ],
          ...owner,
        },
        { t: 'dot', at: null, ...owner },
      ]);
      const second = await watching(peer, 'w');
      second.conn.emit('data', { t: 'point', at: [1, 1] });
      expect(drawn.at(-1)).toMatchObject({ viewer: 'w', colour: MARK_COLOURS[1] });
    });

    it('drops pointer messages beyond 30 a second, and a stroke beyond its points, without queueing', async () => {
      const { peer, drawn, tick } = await pointingHost();
      const { conn } = await watching(peer, 'v');
      // Twice the rate, well under the connection's own limit (a flood past it hangs up: admission.test.ts).
      for (let i = 0; i < 2 * POINT_RATE; i++) conn.emit('data', { t: 'point', at: [(i % 100) / 100, 0.5] });
      expect(drawn).toHaveLength(POINT_RATE);
      expect(conn.closed).toBe(false); // valid messages, too many: dropped, not a reason to hang up
      tick(1000);
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(POINT_RATE + 1);

      drawn.length = 0;
      const batch = Array.from({ length: INK_BATCH }, (_, i) => [i / INK_BATCH, 0.5]);
      for (let sent = 0; sent < INK_STROKE_POINTS + 5 * INK_BATCH; sent += INK_BATCH) {
        tick(40);
        conn.emit('data', { t: 'ink', stroke: 7, points: batch });
      }
      const points = drawn.flatMap((m) => (m.t === 'ink' ? m.points : []));
      expect(points.length).toBeLessThanOrEqual(INK_STROKE_POINTS);
      expect(points.length).toBeGreaterThan(INK_STROKE_POINTS - INK_BATCH);
    });

    it('draws nothing for a viewer not let in, switched off, or removed; the sharer switching off clears every mark', async () => {
      const { share, peer, drawn } = await pointingHost({ askToJoin: true });
      const waiting = peer.incoming('waiting');
      await prove(waiting);
      await vi.waitFor(() => expect(last(waiting)).toEqual({ t: 'waiting' }));
      waiting.emit('data', { t: 'point', at: [0.5, 0.5] });
      const early = peer.incoming('early'); // has proven nothing yet
      early.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toEqual([]);

      share.admit('waiting', true);
      const { conn } = { conn: waiting };
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(1);
      share.viewerPointing('waiting', false);
      expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: 'waiting' });
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(2);
      share.viewerPointing('waiting', true);
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      share.pointing(false);
      expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: null });
      conn.emit('data', { t: 'tap', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(4);
      share.pointing(true);
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      share.kick('waiting');
      expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: 'waiting' });
      const count = drawn.length;
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(drawn).toHaveLength(count);
    });

    it('hangs up on malformed or out-of-range coordinates, drawing nothing', async () => {
      const { peer, drawn } = await pointingHost();
      for (const bad of [
        { t: 'point', at: [1.5, 0.5] },
        { t: 'point', at: [NaN, 0] },
        { t: 'tap', at: null },
        { t: 'ink', stroke: -1, points: [[0, 0]] },
        { t: 'ink', stroke: 1, points: [] },
        { t: 'point', at: [0.5, 0.5], extra: 1 },
      ]) {
        const { conn } = await watching(peer, `v${drawn.length}${Math.random().toString(36).slice(2, 8)}`);
        conn.emit('data', bad);
        expect(conn.closed, JSON.stringify(bad)).toBe(true);
      }
      expect(drawn).toEqual([]);
    });

    it('lists a viewer as pointing for a moment after its last mark', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const { peer, updates, tick } = await pointingHost();
      const { conn } = await watching(peer, 'v');
      conn.emit('data', { t: 'point', at: [0.5, 0.5] });
      expect(updates.at(-1)).toMatchObject([{ id: 'v', pointing: true }]);
      tick(POINTING_RECENT_MS + 1);
      vi.advanceTimersByTime(1000); // the heartbeat notices
      expect(updates.at(-1)).toMatchObject([{ id: 'v', pointing: false }]);
    });
  });
});
