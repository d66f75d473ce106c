import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INK_BATCH, POINT_RATE, rateLimiter, type PicturePoint } from '../../src/shared/pointing';
import type { PointerMessage } from '../../src/shared/wire';
import { pointerSender, samePoint, SEND_GAP_MS, SEND_RATE } from '../../src/viewer/pointer-sender';

function rig() {
  const sent: { at: number; m: PointerMessage }[] = [];
  const host = rateLimiter(POINT_RATE, Date.now);
  const dropped: PointerMessage[] = [];
  const sender = pointerSender({
    send: (m) => {
      sent.push({ at: Date.now(), m });
      if (!host.allow()) dropped.push(m);
    },
    now: Date.now,
  });
  return { sender, sent, dropped, messages: () => sent.map((s) => s.m) };
}

const p = (i: number): PicturePoint => [i / 1000, 0.5];

describe('pointer sender: pacing for the wire', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first at once and then only the latest dot, SEND_GAP_MS apart', () => {
    const r = rig();
    r.sender.point(p(1));
    r.sender.point(p(2));
    r.sender.point(p(3));
    expect(r.messages()).toEqual([{ t: 'point', at: p(1) }]);
    vi.advanceTimersByTime(SEND_GAP_MS);
    expect(r.messages()).toEqual([
      { t: 'point', at: p(1) },
      { t: 'point', at: p(3) },
    ]);
  });

  it('does not send the dot back where it was last sent', () => {
    const r = rig();
    r.sender.point(p(1));
    r.sender.point(p(2));
    r.sender.point(p(1));
    vi.advanceTimersByTime(SEND_GAP_MS * 3);
    expect(r.messages()).toEqual([{ t: 'point', at: p(1) }]);
    r.sender.point(null);
    vi.advanceTimersByTime(SEND_GAP_MS);
    expect(r.messages().at(-1)).toEqual({ t: 'point', at: null });
  });

  it('a tap goes before what else waits', () => {
    const r = rig();
    r.sender.point(p(1));
    r.sender.ink(0, p(2));
    r.sender.point(p(3));
    r.sender.tap(p(4));
    vi.advanceTimersByTime(SEND_GAP_MS);
    expect(r.messages().slice(0, 2)).toEqual([
      { t: 'point', at: p(1) },
      { t: 'tap', at: p(4) },
    ]);
  });

  it("ink goes in order, in batches, per stroke, none lost, never over the host's rate", () => {
    const r = rig();
    for (let i = 0; i < 100; i++) r.sender.ink(i < 40 ? 7 : 8, p(i));
    vi.advanceTimersByTime(5000);
    const ink = r.messages().filter((m) => m.t === 'ink');
    expect(ink.every((m) => m.points.length <= INK_BATCH)).toBe(true);
    expect(ink.flatMap((m) => m.points)).toEqual(Array.from({ length: 100 }, (_, i) => p(i)));
    expect(ink.filter((m) => m.stroke === 7).flatMap((m) => m.points)).toHaveLength(40);
    expect(r.dropped).toEqual([]);
    const gaps = r.sent.slice(1).map((s, i) => s.at - r.sent[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(SEND_GAP_MS);
  });

  it('ink and the dot take turns', () => {
    const r = rig();
    r.sender.ink(0, p(1));
    r.sender.point(p(2));
    r.sender.ink(0, p(3));
    r.sender.point(p(4));
    vi.advanceTimersByTime(SEND_GAP_MS * 3);
    expect(r.messages().map((m) => m.t)).toEqual(['ink', 'point', 'ink']);
  });

  it('keeps within SEND_RATE a second, after a first burst of as many, however much waits', () => {
    const r = rig();
    const seconds = 3;
    for (let i = 0; i < seconds * 1000; i++) {
      r.sender.point(p(i % 2 ? 1 : 2));
      vi.advanceTimersByTime(1);
    }
    expect(r.sent.length).toBeGreaterThan(SEND_RATE * seconds * 0.9);
    expect(r.sent.length).toBeLessThanOrEqual(SEND_RATE * (seconds + 1));
    expect(r.dropped).toEqual([]);
  });

  it('dispose drops what waits', () => {
    const r = rig();
    r.sender.point(p(1));
    r.sender.ink(0, p(2));
    r.sender.tap(p(3));
    r.sender.dispose();
    vi.advanceTimersByTime(1000);
    expect(r.messages()).toEqual([{ t: 'point', at: p(1) }]);
  });

  it('two points are the same when both are null or both hold the same place', () => {
    expect(samePoint(null, null)).toBe(true);
    expect(samePoint([0.1, 0.2], [0.1, 0.2])).toBe(true);
    expect(samePoint([0.1, 0.2], null)).toBe(false);
    expect(samePoint([0.1, 0.2], [0.1, 0.3])).toBe(false);
  });
});
