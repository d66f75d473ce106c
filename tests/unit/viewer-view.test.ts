import { afterEach, describe as group, expect, it, vi } from 'vitest';
import { chooseViewerLanguage } from '../../src/shared/i18n/viewer';
import { buildShareLink } from '../../src/shared/share-link';
import { nextStep } from '../../src/viewer/next-step';
import { startView } from '../../src/viewer/view';
import { describe, titleOf } from '../../src/viewer/view-text';
import type { ViewProblem, ViewState } from '../../src/viewer/watch';
import { FakePeer, VIEWER_FP } from './fakes/peer';

const link = { peerId: 'h'.repeat(26), secret: 'k'.repeat(26), broker: null, iceServers: [] };
const hash = new URL(buildShareLink('https://w.example/', link)).hash;
const certificate = {
  getFingerprints: () => [{ algorithm: 'sha-256', value: VIEWER_FP.toLowerCase() }],
} as unknown as RTCCertificate;

afterEach(() => {
  vi.unstubAllGlobals();
  chooseViewerLanguage('', ['en']);
});

group('startView', () => {
  it('holds the first state even when it comes before anyone subscribes', () => {
    const view = startView('#nothing', () => {
      throw new Error('a bad link reaches no broker');
    });
    expect(view.state).toEqual({ kind: 'error', problem: 'bad-link' });
    expect(view.stream).toBeNull();
  });

  it('uses the certificate index.html started making, once, and tells subscribers of each new state', async () => {
    const page = { tabbeamCertificate: Promise.resolve(certificate) as Promise<RTCCertificate> | undefined };
    vi.stubGlobal('window', page);
    const peers: FakePeer[] = [];
    const view = startView(hash, (options) => {
      peers.push(new FakePeer('viewer', options));
      return peers.at(-1)!.asPeer();
    });
    expect(page.tabbeamCertificate).toBeUndefined();
    expect(view.state).toEqual({ kind: 'connecting', step: 'broker' });
    const heard: ViewState[] = [];
    const unsubscribe = view.subscribe(() => heard.push(view.state));
    await vi.waitFor(() => expect(peers).toHaveLength(1));
    peers[0]!.emit('open', 'viewer');
    expect(heard).toEqual([{ kind: 'connecting', step: 'host' }]);
    unsubscribe();
    view.watching.close();
    expect(heard).toHaveLength(1);
  });
});

const problems: ViewProblem[] = [
  'bad-link',
  'denied',
  'not-found',
  'broker-unreachable',
  'connection-failed',
  'version',
  'host-outdated',
  'lost',
  'security',
  'full',
  'locked',
  'rejected',
  'kicked',
];
const live = (paused: boolean): ViewState => ({
  kind: 'live',
  code: 'a b c d',
  paused,
  pointing: 'off',
  via: 'direct',
  control: 'idle',
});

group('describe', () => {
  it('has words for every state and problem, in both languages', () => {
    for (const language of ['en', 'ko']) {
      chooseViewerLanguage(`?lang=${language}`, []);
      const states: ViewState[] = [
        ...(['broker', 'host', 'proof', 'media'] as const).map((step): ViewState => ({ kind: 'connecting', step })),
        { kind: 'waiting', code: 'a b c d' },
        { kind: 'reconnecting', attempt: 2 },
        live(false),
        live(true),
        { kind: 'ended' },
        ...problems.map((problem): ViewState => ({ kind: 'error', problem })),
      ];
      for (const state of states) expect(describe(state), JSON.stringify(state)).toMatch(/\S/);
    }
  });

  it('tells a paused share from a playing one, and names the broker it could not reach', () => {
    expect(describe(live(true))).not.toBe(describe(live(false)));
    const unreachable: ViewState = { kind: 'error', problem: 'broker-unreachable', broker: 'broker.example' };
    expect(describe(unreachable)).toContain('broker.example');
    // The host refusing the secret reads as the wrong link it is.
    expect(describe({ kind: 'error', problem: 'denied' })).toBe(describe({ kind: 'error', problem: 'bad-link' }));
  });
});

group('titleOf', () => {
  it('puts the state first and the name last', () => {
    expect(titleOf(live(false))).toBe('● Live · TabBeam');
    expect(titleOf(live(true))).toBe('Paused · TabBeam');
    expect(titleOf({ kind: 'error', problem: 'lost' })).toBe("Can't watch · TabBeam");
  });
});

group('nextStep', () => {
  it('offers a way on only once watching has stopped', () => {
    expect(nextStep({ kind: 'connecting', step: 'host' })).toBeNull();
    expect(nextStep(live(false))).toBeNull();
    expect(nextStep({ kind: 'ended' })).toBe('retry');
  });

  it('matches the way on to the problem', () => {
    const step = (problem: ViewProblem) => nextStep({ kind: 'error', problem });
    expect(step('bad-link')).toBe('new-link');
    expect(step('denied')).toBe('new-link');
    expect(step('version')).toBe('reload');
    expect(step('rejected')).toBe('ask-again');
    expect(step('kicked')).toBeNull();
    expect(step('lost')).toBe('retry');
  });
});
