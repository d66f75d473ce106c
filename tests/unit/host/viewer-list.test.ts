// The viewer list on its own: its hooks, departures and the end of a share, without a host around it.
import type { DataConnection } from 'peerjs';
import { describe, expect, it, vi } from 'vitest';
import { createRoster, FLUSH_MS, isPending, isPresent, isWatching } from '../../../src/offscreen/host/viewers';
import type { Entry } from '../../../src/offscreen/host/viewers';
import type { Departure, Viewer } from '../../../src/shared/session';
import { FakeConnection } from '../fakes/peer';

function roster() {
  let clock = 1_000;
  const lists: [Viewer[], Departure[]][] = [];
  const hooks: string[] = [];
  const made = createRoster({
    now: () => clock,
    onViewers: (viewers, left) => lists.push([viewers, left]),
    listPointing: () => ({ canPoint: true, pointing: false }),
    listControl: () => ({ control: null }),
    pointingStale: () => false,
    dismissed: (entry) => hooks.push(`dismissed ${entry.conn.peer}`),
    dropped: (entry) => hooks.push(`dropped ${entry.conn.peer}`),
  });
  const add = (id: string, phase: Entry['phase']) => {
    const conn = new FakeConnection(id);
    const entry = made.add(conn as unknown as DataConnection);
    entry.phase = phase;
    entry.code = `${id} code`;
    return { conn, entry };
  };
  return { roster: made, lists, hooks, add, tick: (ms: number) => (clock += ms) };
}

describe('viewer list', () => {
  it('names the phases: pending before the proof, present once proven, watching once let in', () => {
    const { add } = roster();
    const phases = ['hello', 'challenged', 'verifying', 'waiting', 'watching', 'leaving'] as const;
    const entries = phases.map((phase) => add(phase, phase).entry);
    expect(entries.map(isPending)).toEqual([true, true, true, false, false, false]);
    expect(entries.map(isPresent)).toEqual([false, false, false, true, true, false]);
    expect(entries.map(isWatching)).toEqual([false, false, false, false, true, false]);
  });

  it('lists only present viewers, and a dropped waiting viewer as a departure', () => {
    const { roster: list, lists, hooks, add } = roster();
    add('pending', 'hello');
    const waiting = add('waiting', 'waiting');
    add('watching', 'watching');
    list.publish();
    expect(lists.at(-1)![0].map((v) => [v.id, v.state])).toEqual([
      ['waiting', 'waiting'],
      ['watching', 'watching'],
    ]);
    list.drop(waiting.entry);
    expect(hooks).toEqual(['dropped waiting']);
    expect(waiting.conn.closed).toBe(true);
    expect(lists.at(-1)![1]).toEqual([{ id: 'waiting', code: 'waiting code', at: 1_000 }]);
    list.drop(waiting.entry); // once only
    expect(hooks).toEqual(['dropped waiting']);
  });

  it('dismissing sends the last message at once and closes the connection after FLUSH_MS', () => {
    vi.useFakeTimers();
    const { roster: list, hooks, add } = roster();
    const { conn, entry } = add('v', 'watching');
    list.dismiss(entry, { t: 'kicked' });
    expect(entry.phase).toBe('leaving');
    expect(conn.sent).toEqual([{ t: 'kicked' }]);
    expect(hooks).toEqual(['dismissed v']);
    expect(conn.closed).toBe(false);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(conn.closed).toBe(true);
    expect(hooks).toEqual(['dismissed v', 'dropped v']);
    vi.useRealTimers();
  });

  it('closeAll tells everyone why, then stops and closes each connection', async () => {
    vi.useFakeTimers();
    const { roster: list, add } = roster();
    const a = add('a', 'watching');
    const b = add('b', 'hello');
    const stopped: string[] = [];
    const closing = list.closeAll({ t: 'end', reason: 'stopped' }, (entry) => stopped.push(entry.conn.peer));
    expect(a.conn.sent).toEqual([{ t: 'end', reason: 'stopped' }]);
    expect(b.conn.sent).toEqual([{ t: 'end', reason: 'stopped' }]);
    expect(a.conn.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    await closing;
    expect(stopped).toEqual(['a', 'b']);
    expect([a.conn.closed, b.conn.closed]).toEqual([true, true]);
    expect(list.all()).toEqual([]);
    vi.useRealTimers();
  });
});
