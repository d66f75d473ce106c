import { describe, expect, it } from 'vitest';
import { shareEvents, type ShareSteps } from '../../src/background/share-events';
import { IDLE, nextSession, type Session, type ShareSource } from '../../src/shared/session';

const tab = (tabId: number): ShareSource => ({ kind: 'tab', tabId });
const starting = (source: ShareSource): Session => nextSession(IDLE, { type: 'start', source, at: 0 });
const live = (source: ShareSource): Session =>
  nextSession(starting(source), {
    type: 'started',
    peerId: 'p',
    link: 'l',
    at: 0,
    expiresAt: null,
    quality: 'motion',
    copying: true,
  });

/** The events over a stored Session, with steps that record what they were asked to do. */
function rig(session: Session, crashed: number[] = []) {
  const log: unknown[][] = [];
  let queued = 0;
  const steps: ShareSteps = {
    serial: (task) => {
      queued++;
      return task();
    },
    apply: async (event) => void log.push(['apply', event]),
    control: async (controls) => void log.push(['control', controls]),
    end: async (reason) => void log.push(['end', reason]),
    drawOn: async (source) => void log.push(['drawOn', source]),
  };
  const deps = { session: { get: async () => session }, tabCrashed: async (tabId: number) => crashed.includes(tabId) };
  return { events: shareEvents(deps, steps), log, queued: () => queued };
}

describe('share events: what the browser and the host report', () => {
  it('a page load in the shared tab puts the overlay in again; other tabs and other states do nothing', async () => {
    const r = rig(live(tab(4)));
    await r.events.tabLoaded(5);
    await r.events.tabLoaded(4);
    expect(r.log).toEqual([['drawOn', tab(4)]]);
    const s = rig(starting(tab(4)));
    await s.events.tabLoaded(4);
    expect(s.log).toEqual([]);
  });

  it('closing the shared tab ends a live or starting share', async () => {
    for (const session of [live(tab(4)), starting(tab(4))]) {
      const r = rig(session);
      await r.events.tabClosed(5);
      await r.events.tabClosed(4);
      expect(r.log).toEqual([['end', 'tab-closed']]);
    }
    const idle = rig(IDLE);
    await idle.events.tabClosed(4);
    expect(idle.log).toEqual([]);
  });

  it('a crashed shared tab ends the share; a camera has no tab to ask about', async () => {
    const r = rig(live(tab(4)), [4]);
    await r.events.sourceStill();
    expect(r.log).toEqual([['end', 'tab-crashed']]);
    const fine = rig(live(tab(4)));
    await fine.events.sourceStill();
    const camera = rig(live({ kind: 'camera' }), [4]);
    await camera.events.sourceStill();
    expect([fine.log, camera.log]).toEqual([[], []]);
  });

  it("the host's reports become Session events, each through the queue", async () => {
    const r = rig(live(tab(4)));
    await r.events.brokerChanged(false);
    await r.events.viewersChanged([]);
    await r.events.hostEnded('capture-ended');
    expect(r.log).toEqual([
      ['control', { brokerOnline: false }],
      ['apply', { type: 'viewers', viewers: [], left: [] }],
      ['end', 'capture-ended'],
    ]);
    expect(r.queued()).toBe(3);
  });
});
