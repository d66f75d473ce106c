import { describe, expect, it } from 'vitest';
import { IDLE, nextSession, type Session } from '../../src/shared/session';
import { listedViewer } from './fakes/viewers';

const starting: Session = { state: 'starting', source: { kind: 'tab', tabId: 7 }, since: 1 };
const live: Session = {
  state: 'live',
  source: { kind: 'tab', tabId: 7 },
  peerId: 'p',
  link: 'https://w/#x',
  startedAt: 2,
  viewers: [],
  locked: false,
  paused: false,
  expiresAt: null,
  brokerOnline: true,
  mic: false,
  mutedForMe: false,
  quality: 'text',
  pointing: true,
  copying: true,
  overlay: 'none',
  server: 'off',
};

describe('session state machine', () => {
  it('walks idle → starting → live → idle', () => {
    const s1 = nextSession(IDLE, { type: 'start', source: { kind: 'tab', tabId: 7 }, at: 1 });
    expect(s1).toEqual(starting);
    const s2 = nextSession(s1, {
      type: 'started',
      peerId: 'p',
      link: 'https://w/#x',
      at: 2,
      expiresAt: null,
      quality: 'text',
      copying: true,
    });
    expect(s2).toEqual(live);
    // Settings → liveText off: the share starts without the text.
    expect(
      nextSession(s1, {
        type: 'started',
        peerId: 'p',
        link: 'x',
        at: 2,
        expiresAt: null,
        quality: 'text',
        copying: false,
      }),
    ).toMatchObject({ copying: false });
    const s3 = nextSession(s2, {
      type: 'viewers',
      viewers: [listedViewer()],
    });
    expect(nextSession(s3, { type: 'controls', controls: { paused: true } })).toMatchObject({
      paused: true,
      locked: false,
    });
    expect(nextSession(s3, { type: 'controls', controls: { locked: true } })).toMatchObject({
      paused: false,
      locked: true,
    });
    expect(
      nextSession(s3, { type: 'controls', controls: { mic: true, mutedForMe: true, quality: 'motion' } }),
    ).toMatchObject({ mic: true, mutedForMe: true, quality: 'motion', paused: false });
    expect(s3).toMatchObject({ state: 'live', viewers: [{ id: 'v' }], left: [] });
    // A waiting viewer that left before the host answered is kept beside the viewers, not among them.
    const gone = { id: 'w', code: 'apple bear cloud drum', at: 4 };
    expect(
      nextSession(s3, { type: 'viewers', viewers: s3.state === 'live' ? s3.viewers : [], left: [gone] }),
    ).toMatchObject({ viewers: [{ id: 'v' }], left: [gone] });
    expect(nextSession(s3, { type: 'ended' })).toEqual(IDLE);
  });

  it('a live share switches its source and keeps everything else', () => {
    const withViewer: Session = {
      ...live,
      viewers: [listedViewer()],
      mic: true,
    };
    expect(nextSession(withViewer, { type: 'switched', source: { kind: 'camera' } })).toEqual({
      ...withViewer,
      source: { kind: 'camera' },
    });
    expect(nextSession(starting, { type: 'switched', source: { kind: 'camera' } })).toBe(starting);
  });

  it('a failed start shows the error until dismissed, and a new start replaces it', () => {
    const failed = nextSession(starting, { type: 'failed', error: { code: 'not-capturable' } });
    expect(failed).toEqual({ state: 'error', error: { code: 'not-capturable' } });
    expect(nextSession(failed, { type: 'dismissed' })).toEqual(IDLE);
    expect(nextSession(failed, { type: 'start', source: { kind: 'picked' }, at: 5 })).toMatchObject({
      state: 'starting',
      source: { kind: 'picked' },
    });
  });

  it('a cancelled picker is no failure: back to idle', () => {
    const picking: Session = { state: 'starting', source: { kind: 'picked' }, since: 1 };
    expect(nextSession(picking, { type: 'failed', error: { code: 'cancelled' } })).toEqual(IDLE);
  });

  it('ignores events that make no sense in the current state (same object back)', () => {
    expect(nextSession(live, { type: 'start', source: { kind: 'tab', tabId: 9 }, at: 9 })).toBe(live);
    expect(
      nextSession(IDLE, {
        type: 'started',
        peerId: 'p',
        link: 'l',
        at: 1,
        expiresAt: null,
        quality: 'auto',
        copying: true,
      }),
    ).toBe(IDLE);
    expect(nextSession(IDLE, { type: 'viewers', viewers: [] })).toBe(IDLE);
    expect(nextSession(live, { type: 'failed', error: { code: 'internal' } })).toBe(live);
    expect(nextSession(live, { type: 'failed', error: { code: 'cancelled' } })).toBe(live);
    expect(nextSession(IDLE, { type: 'ended' })).toBe(IDLE);
    expect(nextSession(live, { type: 'dismissed' })).toBe(live);
    expect(nextSession(IDLE, { type: 'controls', controls: { paused: true } })).toBe(IDLE);
    expect(nextSession(IDLE, { type: 'switched', source: { kind: 'camera' } })).toBe(IDLE);
  });
});
