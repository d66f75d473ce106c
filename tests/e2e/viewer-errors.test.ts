// The viewer treats the link as hostile input and names each failure; never a blank page
// or an endless "connecting".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openViewer, waitForViewerState } from '../../scripts/drive';
import { buildShareLink } from '../../src/shared/share-link';
import { startRig, type Rig } from './fixture';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => rig.close());

const token = (ch: string) => ch.repeat(26);

describe('viewer errors', () => {
  it.each([
    ['no fragment', ''],
    ['garbage', '#hello'],
    ['short id', `#id=abc&k=${token('a')}`],
    ['bad characters', `#id=${token('A')}&k=${token('a')}`],
    ['bad config', `#id=${token('a')}&k=${token('b')}&c=%%%`],
  ])('a malformed link (%s) says the link is not valid', async (_name, hash) => {
    const viewer = await openViewer(rig.browser, `${rig.site.url}${hash}`);
    await waitForViewerState(viewer, 'error', { problem: 'bad-link', timeoutMs: 5000 });
    await viewer.browserContext().close();
  });

  it('an unknown share ID says the share was not found', async () => {
    const link = buildShareLink(rig.site.url, {
      peerId: token('q'),
      secret: token('r'),
      broker: rig.broker.settings,
      iceServers: [],
    });
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'error', { problem: 'not-found', timeoutMs: 15_000 });
    await viewer.browserContext().close();
  });

  it('an unreachable broker is named', async () => {
    const link = buildShareLink(rig.site.url, {
      peerId: token('q'),
      secret: token('r'),
      broker: { ...rig.broker.settings, port: 9 },
      iceServers: [],
    });
    const viewer = await openViewer(rig.browser, link);
    // The sentence names the broker's address, in any language.
    expect(
      (await waitForViewerState(viewer, 'error', { problem: 'broker-unreachable', timeoutMs: 15_000 })).text,
    ).toContain('127.0.0.1:9');
    await viewer.browserContext().close();
  });
});
