import { describe, expect, it } from 'vitest';
import { createShareController, type ShareDeps } from '../../src/background/share-controller';
import {
  callControl,
  CONTROL_NAMES,
  controlHandlers,
  controlsFrom,
  type ControlArgs,
  type ControlName,
} from '../../src/shared/controls';
import { createRequester, requestControls, serve } from '../../src/shared/messaging';
import { IDLE, nextSession, type Session } from '../../src/shared/session';
import { backgroundIgnoring, bus, offscreenIgnoring } from './fakes/messaging';

/** Arguments for each control, none of them what a new share starts with; a new control needs one here. */
const SAMPLES: { [K in ControlName]: ControlArgs<K> } = {
  lock: [true],
  pause: [true],
  mic: [true],
  muteForMe: [true],
  quality: ['text'],
  pointing: [false],
  copying: [false],
  admit: ['v1', false],
  kick: ['v2'],
  viewerPointing: ['v3', false],
  grantControl: ['v4', true],
  takeBackControl: [],
};

const LIVE = [
  { type: 'start', source: { kind: 'tab', tabId: 7 }, at: 1 },
  {
    type: 'started',
    peerId: 'p',
    link: 'https://watch.example/#id=p',
    at: 2,
    expiresAt: null,
    quality: 'auto',
    copying: true,
  },
] as const;

/**
 * The three contexts on one in-memory bus, wired as src/popup/main.tsx, src/background/index.ts and
 * src/offscreen/main.ts wire them: the popup's controls, the background's controller, and an
 * offscreen host that records what reaches it.
 */
function contexts(session: Session) {
  const transport = bus();
  const request = createRequester(transport);
  const reached: [ControlName, unknown[]][] = [];
  serve(transport, 'offscreen', {
    ...offscreenIgnoring,
    ...controlHandlers(
      controlsFrom(
        (name) =>
          (...args) =>
            void reached.push([name, args]),
      ),
    ),
  });
  let stored = session;
  const deps = {
    session: { get: async () => stored, set: async (s: Session) => void (stored = s) },
    host: {
      start: async () => undefined,
      stop: async () => undefined,
      source: async () => undefined,
      ...requestControls(request, 'offscreen'),
    },
    show: async () => undefined,
    now: () => 3,
  } as Partial<ShareDeps> as ShareDeps; // the controls need nothing else
  const controller = createShareController(deps);
  serve(transport, 'background', { ...backgroundIgnoring, ...controlHandlers(controller) });
  return { popup: requestControls(request, 'background'), reached, session: () => stored };
}

describe('controls declared once', () => {
  it('every control in the table goes from the popup through the background to the offscreen host', async () => {
    const live = LIVE.reduce<Session>(nextSession, IDLE);
    const { popup, reached, session } = contexts(live);
    for (const name of CONTROL_NAMES) await callControl(popup, name, SAMPLES[name]);
    expect(reached).toEqual(CONTROL_NAMES.map((name) => [name, SAMPLES[name]]));
    expect(CONTROL_NAMES).toHaveLength(Object.keys(SAMPLES).length);
    // What the Session records of each, as the table says; the viewers' controls record nothing.
    const recorded = {
      locked: true,
      paused: true,
      mic: true,
      mutedForMe: true,
      quality: 'text',
      pointing: false,
      copying: false,
    };
    expect(session()).toEqual({ ...live, ...recorded });
  });

  it('reaches the host only while live: a stale popup cannot act on a newer share', async () => {
    const { popup, reached, session } = contexts(IDLE);
    for (const name of CONTROL_NAMES) await callControl(popup, name, SAMPLES[name]);
    expect(reached).toEqual([]);
    expect(session()).toEqual(IDLE);
  });
});
