// A viewer in an office that drops UDP and lets only TCP 443 out (issue 20, docs/strict-networks.md):
// its Chromium runs in a network namespace whose firewall passes nothing but TCP to the TURN
// server's 443 and to the page and broker (HTTPS); coturn (TLS on 443, a REST shared secret) is the
// test's own. The extension is given the TURN server with its secret, so the sharer's browser mints
// the share's credentials, uses them, and the link carries them. Needs root (CAP_NET_ADMIN): skipped
// with a reason otherwise, except under CI=true, where it must run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium, presetSettings } from '../../scripts/chromium';
import { measureFrames, openViewer, timePictureBack, waitForViewerState } from '../../scripts/drive';
import { startStrictNetwork, strictNetworkUnavailable, type StrictNetwork } from '../../scripts/strict-network';
import { fromBase64Url } from '../../src/shared/base64url';
import { baseSettings, startRig, type Rig } from './fixture';

const unavailable = strictNetworkUnavailable();
const mustRun = process.env.CI === 'true';
if (unavailable && !mustRun)
  console.warn(`strict-network.test.ts skipped: ${unavailable} (CI=true makes it fail instead).`);

async function statsRoute(viewer: Page, route: string, timeout = 10_000): Promise<void> {
  await viewer.waitForSelector(`[data-testid="stats"][data-route="${route}"]`, { timeout });
}

describe.skipIf(unavailable !== null && !mustRun)('a viewer behind a firewall that lets only TCP 443 out', () => {
  let net: StrictNetwork;
  let rig: Rig;
  let viewers: Browser;
  let viewer: Page;
  let link: string;

  beforeAll(async () => {
    net = await startStrictNetwork();
    rig = await startRig({ extraArgs: net.chromiumArgs, serve: { host: net.serverIp, tls: net.tls } });
    net.allowTcp(rig.site.port, rig.broker.port);
    await presetSettings(rig.worker, {
      ...baseSettings(rig),
      iceServers: [{ urls: [net.turn.url], secret: net.turn.secret }],
    });
    viewers = await launchChromium({ runUnder: net.runUnder, extraArgs: net.chromiumArgs });
  });

  afterAll(async () => {
    await viewers?.close().catch(() => undefined);
    await rig?.close().catch(() => undefined);
    await net?.close();
  });

  it('watches through TURN over TLS on 443: live, relayed (TURN/TLS) in its own stats, real frames; the link holds credentials, not the secret', async () => {
    ({ link } = await rig.share());
    const config = new TextDecoder().decode(fromBase64Url(new URLSearchParams(new URL(link).hash.slice(1)).get('c')!));
    expect(config).not.toContain(net.turn.secret);
    expect(JSON.parse(config).i).toEqual([
      { urls: [net.turn.url], username: expect.stringMatching(/^\d{10}:tabbeam$/), credential: expect.any(String) },
    ]);

    viewer = await openViewer(viewers, link);
    await waitForViewerState(viewer, 'live', { timeoutMs: 20_000 });
    await viewer.locator('[data-testid="stats-toggle"]').click();
    await statsRoute(viewer, 'relay-tls');
    const frames = await measureFrames(viewer, 2000);
    expect(frames.frames).toBeGreaterThan(20);
    expect(frames.width).toBeGreaterThan(0);
    // The firewall was in the way: the viewer's UDP (its host candidates' checks) was dropped.
    expect(net.dropped().udp).toBeGreaterThan(0);
  });

  it('gets the picture back within 3 s when its address changes mid-share, with the same link', async () => {
    expect(viewer, 'the first test left a live viewer').toBeDefined();
    const recoveryMs = await timePictureBack(viewer, () => net.moveViewer());
    console.log(`strict network: picture back ${recoveryMs} ms after the viewer's address changed`);
    expect(recoveryMs).toBeLessThan(3000);
    expect(viewer.url()).toBe(link);
    await waitForViewerState(viewer, 'live');
    await statsRoute(viewer, 'relay-tls');
    const frames = await measureFrames(viewer, 1500);
    expect(frames.frames).toBeGreaterThan(15);
  });
});
