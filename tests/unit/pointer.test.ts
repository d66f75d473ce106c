import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  INK_BATCH,
  INK_STROKE_POINTS,
  isPicturePoint,
  POINT_RATE,
  rateLimiter,
  type PicturePoint,
} from '../../src/shared/pointing';
import { parseViewerMessage, type PointerMessage } from '../../src/shared/wire';
import {
  SEND_GAP_MS,
  SEND_RATE,
  TAP_MS,
  TAP_SLOP_PX,
  toPicture,
  viewerPointer,
  type Box,
  type PointerInput,
} from '../../src/viewer/pointer';

/** An 800×450 picture at (100, 50) on the page, in a stage that shows all of it. */
const picture: Box = { left: 100, top: 50, width: 800, height: 450 };
const view: Box = { left: 0, top: 0, width: 1000, height: 600 };

/** A pointer under test: every message sent, with the time it went, and events at client (x, y). */
function rig() {
  const sent: { at: number; m: PointerMessage }[] = [];
  // The host's own limit, fed each message as it arrives: none of ours may be dropped.
  const host = rateLimiter(POINT_RATE, Date.now);
  const dropped: PointerMessage[] = [];
  const p = viewerPointer({
    send: (m) => {
      sent.push({ at: Date.now(), m });
      if (!host.allow()) dropped.push(m);
    },
    now: Date.now,
  });
  const input = (x: number, y: number, more: Partial<PointerInput> = {}): PointerInput => ({
    x,
    y,
    picture,
    view,
    id: 1,
    type: 'mouse',
    buttons: 0,
    time: Date.now(),
    ...more,
  });
  const messages = () => sent.map((s) => s.m);
  const of = <T extends PointerMessage['t']>(t: T) =>
    messages().filter((m): m is Extract<PointerMessage, { t: T }> => m.t === t);
  /** Every ink point sent, in order. */
  const inked = () => of('ink').flatMap((m) => m.points);
  return { p, sent, dropped, input, messages, of, inked };
}

/** Client x/y of a place on the picture. */
const at = (x: number, y: number) => [picture.left + x * picture.width, picture.top + y * picture.height] as const;

describe('pointer: from the picture on screen to the wire', () => {
  it('maps client coordinates to fractions of the picture, zoomed and panned included', () => {
    expect(toPicture(100, 50, picture)).toEqual([0, 0]);
    expect(toPicture(900, 500, picture)).toEqual([1, 1]);
    expect(toPicture(500, 275, picture)).toEqual([0.5, 0.5]);
    expect(toPicture(300, 140, picture)).toEqual([0.25, 0.2]);
    // Rounded to 1/10000 of the picture for the wire.
    expect(toPicture(100 + 800 / 3, 50, picture)).toEqual([0.3333, 0]);
    // Zoomed 4× and panned: the video's rectangle runs off the stage on every side.
    const zoomed: Box = { left: -1200, top: -600, width: 3200, height: 1800 };
    expect(toPicture(400, 300, zoomed, view)).toEqual([0.5, 0.5]);
    expect(toPicture(0, 0, zoomed, view)).toEqual([0.375, 0.3333]);
  });

  it('off the picture, out of the stage, or with no picture is nowhere', () => {
    expect(toPicture(99, 100, picture)).toBeNull(); // the letterbox beside it
    expect(toPicture(500, 501, picture)).toBeNull();
    expect(toPicture(500, 275, { ...picture, width: 0, height: 0 })).toBeNull(); // hidden (paused)
    // A zoomed picture goes on past the stage, but what is not shown cannot be pointed at.
    const zoomed: Box = { left: -1200, top: -600, width: 3200, height: 1800 };
    expect(toPicture(1100, 300, zoomed, view)).toBeNull();
    expect(toPicture(1100, 300, zoomed)).not.toBeNull();
  });
});

describe('pointer: marks', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hover: the first move goes at once, then the latest place every SEND_GAP_MS, nothing queued', () => {
    const r = rig();
    r.p.move(r.input(...at(0.1, 0.1)));
    expect(r.messages()).toEqual([{ t: 'point', at: [0.1, 0.1] }]);
    // Ten moves in the next 30 ms: one message after the gap, at the last place.
    for (let i = 1; i <= 10; i++) {
      vi.advanceTimersByTime(3);
      r.p.move(r.input(...at(0.1 + i / 100, 0.1)));
    }
    vi.advanceTimersByTime(SEND_GAP_MS);
    expect(r.messages()).toEqual([
      { t: 'point', at: [0.1, 0.1] },
      { t: 'point', at: [0.2, 0.1] },
    ]);
    expect(r.sent[1]!.at - r.sent[0]!.at).toBe(SEND_GAP_MS);
    vi.advanceTimersByTime(1000);
    expect(r.sent).toHaveLength(2);
  });

  it('moving back to where the dot already is sends nothing', () => {
    const r = rig();
    r.p.move(r.input(...at(0.5, 0.5)));
    r.p.move(r.input(...at(0.6, 0.5)));
    r.p.move(r.input(...at(0.5, 0.5)));
    vi.advanceTimersByTime(1000);
    expect(r.messages()).toEqual([{ t: 'point', at: [0.5, 0.5] }]);
  });

  it('leaving the picture sends point null once; leave() too, and only if a dot was shown', () => {
    const r = rig();
    r.p.leave();
    r.p.move(r.input(10, 10)); // in the letterbox: nothing shown, nothing to hide
    vi.advanceTimersByTime(100);
    expect(r.messages()).toEqual([]);
    r.p.move(r.input(...at(0.5, 0.5)));
    vi.advanceTimersByTime(100);
    r.p.move(r.input(10, 10));
    r.p.move(r.input(20, 10));
    r.p.leave();
    vi.advanceTimersByTime(1000);
    expect(r.messages()).toEqual([
      { t: 'point', at: [0.5, 0.5] },
      { t: 'point', at: null },
    ]);
    // A place that never went out needs no null.
    r.p.move(r.input(...at(0.7, 0.7))); // goes at once
    r.p.move(r.input(...at(0.8, 0.8))); // waits
    r.p.leave();
    vi.advanceTimersByTime(1000);
    expect(r.messages().slice(2)).toEqual([
      { t: 'point', at: [0.7, 0.7] },
      { t: 'point', at: null },
    ]);
  });

  it('a short press that stays put is a tap at the press', () => {
    const r = rig();
    const [x, y] = at(0.3, 0.4);
    r.p.down(r.input(x, y, { buttons: 1 }));
    vi.advanceTimersByTime(120);
    r.p.move(r.input(x + 6, y + 6, { buttons: 1 })); // within the slop
    r.p.up(r.input(x + 6, y + 6));
    vi.advanceTimersByTime(1000);
    expect(r.of('tap')).toEqual([{ t: 'tap', at: [0.3, 0.4] }]);
    expect(r.of('ink')).toEqual([]);
  });

  it('a long press, or one that moves beyond the slop, is no tap', () => {
    const r = rig();
    const [x, y] = at(0.3, 0.4);
    r.p.down(r.input(x, y, { buttons: 1 }));
    vi.advanceTimersByTime(TAP_MS + 1);
    r.p.up(r.input(x, y));
    r.p.down(r.input(x, y, { buttons: 1 }));
    r.p.move(r.input(x + TAP_SLOP_PX + 1, y, { buttons: 1 }));
    r.p.move(r.input(x, y, { buttons: 1 })); // back: still a drag
    r.p.up(r.input(x, y));
    vi.advanceTimersByTime(1000);
    expect(r.of('tap')).toEqual([]);
  });

  it('a drag is an ink stroke from the press on: every point in order, at most INK_BATCH a message, the dot following', () => {
    const r = rig();
    r.p.down(r.input(...at(0.1, 0.5), { buttons: 1 }));
    const expected: PicturePoint[] = [[0.1, 0.5]];
    // 60 moves a second for a second, across the picture.
    for (let i = 1; i <= 60; i++) {
      vi.advanceTimersByTime(16);
      const x = 0.1 + i / 100;
      r.p.move(r.input(...at(x, 0.5), { buttons: 1 }));
      expected.push([Math.round(x * 1e4) / 1e4, 0.5]);
    }
    r.p.up(r.input(...at(0.7, 0.5)));
    vi.advanceTimersByTime(2000);
    expect(r.inked()).toEqual(expected);
    expect(r.of('ink').every((m) => m.stroke === 0 && m.points.length >= 1 && m.points.length <= INK_BATCH)).toBe(true);
    expect(r.of('tap')).toEqual([]);
    // The dot went along, and ends where the stroke did (a mouse still hovers there).
    expect(r.of('point').length).toBeGreaterThan(5);
    expect(r.of('point').at(-1)).toEqual({ t: 'point', at: [0.7, 0.5] });
    // Every message is one the host accepts.
    expect(r.messages().every((m) => parseViewerMessage(m) !== null)).toBe(true);
  });

  it('each stroke gets the next id; one that leaves the picture ends, and coming back starts another', () => {
    const r = rig();
    const drag = (from: number, to: number) => {
      r.p.down(r.input(...at(from, 0.5), { buttons: 1 }));
      for (let x = from; x <= to; x += 0.05) {
        vi.advanceTimersByTime(16);
        r.p.move(r.input(...at(x, 0.5), { buttons: 1 }));
      }
    };
    drag(0.1, 0.3);
    r.p.up(r.input(...at(0.3, 0.5)));
    drag(0.5, 0.7);
    r.p.move(r.input(10, 10, { buttons: 1 })); // off the picture, still pressed
    r.p.move(r.input(...at(0.2, 0.2), { buttons: 1 }));
    r.p.move(r.input(...at(0.2, 0.3), { buttons: 1 }));
    r.p.up(r.input(...at(0.2, 0.3)));
    vi.advanceTimersByTime(2000);
    expect([...new Set(r.of('ink').map((m) => m.stroke))]).toEqual([0, 1, 2]);
    const third = r
      .of('ink')
      .filter((m) => m.stroke === 2)
      .flatMap((m) => m.points);
    expect(third).toEqual([
      [0.2, 0.2],
      [0.2, 0.3],
    ]);
  });

  it('stops adding to a stroke after INK_STROKE_POINTS; the dot still follows', () => {
    const r = rig();
    r.p.down(r.input(...at(0, 0), { buttons: 1 }));
    const place = (i: number) => [picture.left + 20 + (i % 700), picture.top + 20 + Math.floor(i / 700)] as const;
    for (let i = 1; i <= INK_STROKE_POINTS + 100; i++) {
      vi.advanceTimersByTime(8);
      r.p.move(r.input(...place(i), { buttons: 1 }));
    }
    vi.advanceTimersByTime(20_000);
    expect(r.inked()).toHaveLength(INK_STROKE_POINTS);
    expect(r.of('point').at(-1)!.at).toEqual(toPicture(...place(INK_STROKE_POINTS + 100), picture));
  });

  it('keeps within SEND_RATE a second, so the host never drops one, and loses no ink on the way', () => {
    const r = rig();
    const expected: PicturePoint[] = [];
    // Five seconds of scribbling at 120 moves a second, a tap now and then, in strokes of a second.
    for (let i = 0; i < 600; i++) {
      const x = 0.05 + ((i * 7) % 90) / 100;
      const y = 0.05 + ((i * 13) % 90) / 100;
      const place = at(x, y);
      if (i % 120 === 0) {
        r.p.down(r.input(...place, { buttons: 1 }));
        r.p.up(r.input(...place)); // a tap
        r.p.down(r.input(...place, { buttons: 1 }));
        expected.push(toPicture(...place, picture)!);
      } else {
        r.p.move(r.input(...place, { buttons: 1 }));
        expected.push(toPicture(...place, picture)!);
        if (i % 120 === 119) r.p.up(r.input(...place));
      }
      vi.advanceTimersByTime(8);
    }
    vi.advanceTimersByTime(30_000);
    expect(r.dropped).toEqual([]);
    for (const [i, s] of r.sent.entries()) {
      if (i > 0) expect(s.at - r.sent[i - 1]!.at).toBeGreaterThanOrEqual(SEND_GAP_MS);
      expect(r.sent.filter((o) => o.at > s.at - 1000 && o.at <= s.at).length).toBeLessThanOrEqual(
        Math.floor(1000 / SEND_GAP_MS) + 1,
      );
    }
    // Over the whole run, SEND_RATE a second after a first burst of as many.
    const seconds = (r.sent.at(-1)!.at - r.sent[0]!.at) / 1000;
    expect(r.sent.length).toBeLessThanOrEqual(SEND_RATE * (seconds + 1));
    expect(r.inked()).toEqual(expected);
    expect(r.of('tap')).toHaveLength(5);
    expect(r.messages().every((m) => parseViewerMessage(m) !== null)).toBe(true);
  });

  it('touch: a finger shows the dot while down and hides it on lift; it has no hover', () => {
    const r = rig();
    const touch = { type: 'touch', id: 7 };
    r.p.move(r.input(...at(0.5, 0.5), touch)); // no such thing as a hovering finger
    vi.advanceTimersByTime(100);
    expect(r.messages()).toEqual([]);
    r.p.down(r.input(...at(0.5, 0.5), { ...touch, buttons: 1 }));
    vi.advanceTimersByTime(TAP_MS + 100); // held: no tap
    r.p.up(r.input(...at(0.5, 0.5), touch));
    vi.advanceTimersByTime(1000);
    expect(r.messages()).toEqual([
      { t: 'point', at: [0.5, 0.5] },
      { t: 'point', at: null },
    ]);
  });

  it('touch: a quick tap is a ripple alone', () => {
    const r = rig();
    const touch = { type: 'touch', id: 3 };
    r.p.down(r.input(...at(0.2, 0.8), { ...touch, buttons: 1 }));
    r.p.up(r.input(...at(0.2, 0.8), touch));
    vi.advanceTimersByTime(1000);
    // The dot went out with the press; the lift takes it away again.
    expect(r.messages()).toEqual([
      { t: 'point', at: [0.2, 0.8] },
      { t: 'tap', at: [0.2, 0.8] },
      { t: 'point', at: null },
    ]);
  });

  it('two fingers pinch: no tap, no more ink, the dot hidden, until every finger is up', () => {
    const r = rig();
    const one = { type: 'touch', id: 1, buttons: 1 };
    const two = { type: 'touch', id: 2, buttons: 1 };
    r.p.down(r.input(...at(0.4, 0.5), one));
    r.p.move(r.input(...at(0.395, 0.5), one)); // a few px: the second finger lands soon after
    r.p.down(r.input(...at(0.6, 0.5), two));
    for (let i = 1; i <= 10; i++) {
      r.p.move(r.input(...at(0.4 - i / 50, 0.5), one));
      r.p.move(r.input(...at(0.6 + i / 50, 0.5), two));
      vi.advanceTimersByTime(16);
    }
    r.p.up(r.input(...at(0.2, 0.5), { ...one, buttons: 0 }));
    r.p.move(r.input(...at(0.9, 0.5), two)); // the last finger still down: still the pinch
    r.p.up(r.input(...at(0.9, 0.5), { ...two, buttons: 0 }));
    vi.advanceTimersByTime(1000);
    expect(r.of('tap')).toEqual([]);
    expect(r.of('ink')).toEqual([]);
    expect(r.of('point').at(-1)).toEqual({ t: 'point', at: null });
    // The next finger points again.
    r.p.down(r.input(...at(0.5, 0.5), { type: 'touch', id: 4, buttons: 1 }));
    r.p.up(r.input(...at(0.5, 0.5), { type: 'touch', id: 4 }));
    vi.advanceTimersByTime(1000);
    expect(r.of('tap')).toEqual([{ t: 'tap', at: [0.5, 0.5] }]);
  });

  it('a cancelled pointer, or leave() mid-stroke, ends the stroke with no tap; the ink already drawn still goes', () => {
    const r = rig();
    r.p.down(r.input(...at(0.1, 0.1), { buttons: 1 }));
    r.p.move(r.input(...at(0.2, 0.1), { buttons: 1 }));
    r.p.move(r.input(...at(0.3, 0.1), { buttons: 1 }));
    r.p.leave(); // Point turned off while drawing
    r.p.move(r.input(...at(0.4, 0.1), { buttons: 1 })); // no longer a press: hover
    r.p.up(r.input(...at(0.4, 0.1)));
    vi.advanceTimersByTime(1000);
    expect(r.inked()).toEqual([
      [0.1, 0.1],
      [0.2, 0.1],
      [0.3, 0.1],
    ]);
    r.p.down(r.input(...at(0.5, 0.5), { id: 9, type: 'pen', buttons: 1 }));
    r.p.cancel(9);
    r.p.up(r.input(...at(0.5, 0.5), { id: 9, type: 'pen' }));
    vi.advanceTimersByTime(1000);
    expect(r.of('tap')).toEqual([]);
  });

  it('a release it did not hear (no buttons on the next move) ends the press: hovering draws nothing', () => {
    const r = rig();
    r.p.down(r.input(...at(0.1, 0.1), { buttons: 1 }));
    r.p.move(r.input(...at(0.5, 0.5), { buttons: 0 }));
    r.p.move(r.input(...at(0.6, 0.6), { buttons: 0 }));
    vi.advanceTimersByTime(1000);
    expect(r.of('ink')).toEqual([]);
    expect(r.of('point').at(-1)).toEqual({ t: 'point', at: [0.6, 0.6] });
  });

  it('stroke ids and points stay what the wire accepts', () => {
    const r = rig();
    for (let s = 0; s < 3; s++) {
      r.p.down(r.input(...at(0, 0), { buttons: 1 }));
      r.p.move(r.input(...at(1, 1), { buttons: 1 }));
      r.p.up(r.input(...at(1, 1)));
    }
    vi.advanceTimersByTime(1000);
    expect(r.of('ink').map((m) => m.stroke)).toEqual([0, 1, 2]);
    expect(r.inked().every(isPicturePoint)).toBe(true);
  });

  it('dispose() stops the timer: nothing more is sent', () => {
    const r = rig();
    r.p.move(r.input(...at(0.1, 0.1)));
    r.p.move(r.input(...at(0.2, 0.2)));
    r.p.dispose();
    vi.advanceTimersByTime(1000);
    expect(r.sent).toHaveLength(1);
  });
});
