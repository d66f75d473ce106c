// Pointing on its own: its per-viewer record, kept beside the viewer's Entry rather than in it.
import type { DataConnection } from 'peerjs';
import { describe, expect, it } from 'vitest';
import { createPointing } from '../../../src/offscreen/host/pointing';
import { createRoster } from '../../../src/offscreen/host/viewers';
import type { OverlayMessage } from '../../../src/shared/pointing';
import type { HostMessage } from '../../../src/shared/wire';
import { FakeConnection } from '../fakes/peer';

function setup() {
  let clock = 1_000_000;
  const published: number[] = [];
  const roster = createRoster({
    now: () => clock,
    onViewers: () => published.push(clock),
    listPointing: (entry) => pointing.list(entry),
    listControl: () => ({ control: null }),
    pointingStale: (present) => pointing.stale(present),
    dismissed: (entry) => pointing.clear(entry),
    dropped: (entry) => pointing.forget(entry),
  });
  const pointing = createPointing({ now: () => clock, allowed: true, roster });
  const conn = new FakeConnection('v');
  const entry = roster.add(conn as unknown as DataConnection);
  entry.phase = 'watching';
  entry.code = 'apple banana cherry damson';
  return { roster, pointing, conn, entry, published, tick: (ms: number) => (clock += ms) };
}

describe('pointing record', () => {
  it('a viewer let in gets its colour and first word, and hears why it cannot point until an overlay is set', () => {
    const { pointing, conn, entry } = setup();
    pointing.welcome(entry);
    expect((conn.sent as HostMessage[]).at(-1)).toEqual({ t: 'pointing', state: 'source' });
    const drawn: OverlayMessage[] = [];
    pointing.setOverlay('tab', (m) => drawn.push(m));
    expect((conn.sent as HostMessage[]).at(-1)).toEqual({ t: 'pointing', state: 'on' });
    expect(pointing.handle(entry, { t: 'tap', at: [0.5, 0.5] })).toBe(true);
    const ripple = { t: 'ripple', at: [0.5, 0.5], viewer: 'v', colour: expect.any(String), label: 'apple' };
    expect(drawn).toEqual([ripple]);
    expect(pointing.handle(entry, { t: 'ping' })).toBe(false);
  });

  it('is listed as pointing after a mark, goes stale once that is old, and forgetting it clears its marks', () => {
    const { roster, pointing, entry, tick } = setup();
    pointing.welcome(entry);
    const drawn: OverlayMessage[] = [];
    pointing.setOverlay('tab', (m) => drawn.push(m));
    expect(pointing.list(entry)).toEqual({ canPoint: true, pointing: false });
    pointing.handle(entry, { t: 'point', at: [0.1, 0.2] });
    expect(pointing.list(entry)).toEqual({ canPoint: true, pointing: true });
    tick(60_000);
    expect(pointing.stale(roster.present())).toBe(true);
    expect(pointing.allow(entry, true)).toBe(false); // already allowed: nothing changed
    pointing.forget(entry);
    expect(drawn.at(-1)).toEqual({ t: 'clear', viewer: 'v' });
  });
});
