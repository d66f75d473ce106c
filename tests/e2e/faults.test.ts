// A share survives what real browsers and networks do to it, and tells the truth about its state.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceWorker } from '../../scripts/chromium';
import {
  measureFrames,
  openPopup,
  openViewer,
  popupState,
  readSession,
  waitForSession,
  waitForViewerState,
} from '../../scripts/drive';
import { startBroker } from '../../scripts/local-servers';
import { startRig, type Rig } from './fixture';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
});
afterEach(async () => rig.reset());
afterAll(async () => rig.close());

const viewerCount = async () => {
  const session = await readSession(rig.worker);
  return session.state === 'live' ? session.viewers.length : -1;
};

describe('faults', () => {
  it('losing the broker mid-share: viewers keep watching, the popup says so, new viewers join once it is back', async () => {
    const { link, source } = await rig.share();
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    const port = rig.broker.port;

    const watching = measureFrames(viewer, 4000);
    await new Promise((r) => setTimeout(r, 500));
    await rig.broker.close();
    const during = await watching;
    expect(during.frames).toBeGreaterThan(20);
    expect(during.maxGapMs).toBeLessThan(1000);

    await waitForSession(rig.worker, (s) => s.state === 'live' && !s.brokerOnline);
    const popup = await openPopup(rig.browser, rig.extensionId, source);
    // The warning shows, in words (whatever the language), while the share stays live.
    expect(
      await popup.$eval(
        '[data-testid="broker-warning"]',
        (el) => (el as HTMLElement).offsetHeight > 0 && el.textContent!.trim().length > 0,
      ),
    ).toBe(true);
    expect((await popupState(popup)).state).toBe('live');

    rig.broker = await startBroker(port);
    const back = Date.now();
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.brokerOnline, 10_000);
    await popup.waitForSelector('[data-testid="broker-warning"]', { hidden: true });
    const late = await openViewer(rig.browser, link);
    await waitForViewerState(late, 'live');
    console.log(`second viewer live ${Date.now() - back} ms after the broker came back`);
    expect((await measureFrames(viewer, 1000)).frames).toBeGreaterThan(5);
  });

  it('the service worker stopping mid-share changes nothing: frames flow, the popup is right, Stop works', async () => {
    const { link, source } = await rig.share();
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 1);

    await rig.worker.close();
    const during = await measureFrames(viewer, 2000);
    expect(during.frames).toBeGreaterThan(10);
    expect(during.maxGapMs).toBeLessThan(1000);

    const popup = await openPopup(rig.browser, rig.extensionId, source);
    expect((await popupState(popup)).state).toBe('live');
    expect(await popup.$eval('[data-testid="viewer-count"]', (el) => el.textContent)).toBe('1');
    await popup.click('[data-testid="stop"]');
    await waitForViewerState(viewer, 'ended', { timeoutMs: 10_000 });
    rig.worker = await serviceWorker(rig.browser, rig.extensionId);
    await waitForSession(rig.worker, (s) => s.state === 'idle');
  });

  it('a viewer whose browser crashes is dropped from the count within seconds', async () => {
    const { link } = await rig.share();
    const [stays, crashes] = await Promise.all([openViewer(rig.browser, link), openViewer(rig.browser, link)]);
    await Promise.all([waitForViewerState(stays, 'live'), waitForViewerState(crashes, 'live')]);
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 2);
    const cdp = await crashes.createCDPSession();
    const crashed = Date.now();
    // The page dies without unload or goodbye (Page.crash never answers, so do not wait for it).
    void cdp.send('Page.crash').catch(() => undefined);
    await crashes
      .waitForFunction(() => true, { timeout: 2000 })
      .then(
        () => {
          throw new Error('the viewer page did not crash');
        },
        () => undefined,
      );
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 1, 10_000);
    const detectedMs = Date.now() - crashed;
    console.log(`crashed viewer dropped after ${detectedMs} ms`);
    expect(detectedMs).toBeLessThan(7000); // heartbeat: 4 s of silence, checked every second
    expect(await viewerCount()).toBe(1);
    expect((await measureFrames(stays, 1000)).frames).toBeGreaterThan(5);
  });

  it('a viewer whose connection dies reconnects by itself, with a fresh proof and no reload', async () => {
    const { link } = await rig.share();
    const context = await rig.browser.createBrowserContext();
    const viewer = await context.newPage();
    // Remember every peer connection the page makes, so the test can kill them like a network would.
    await viewer.evaluateOnNewDocument(() => {
      const seen: RTCPeerConnection[] = ((window as unknown as { pcs: RTCPeerConnection[] }).pcs = []);
      const original = RTCPeerConnection.prototype.setRemoteDescription;
      RTCPeerConnection.prototype.setRemoteDescription = function (
        this: RTCPeerConnection,
        description: RTCSessionDescriptionInit,
      ) {
        if (!seen.includes(this)) seen.push(this);
        return (original as (d: RTCSessionDescriptionInit) => Promise<void>).call(this, description);
      } as typeof original;
    });
    await viewer.goto(link);
    await waitForViewerState(viewer, 'live');
    await viewer.evaluate(() => void ((window as unknown as { marker: number }).marker = 42));
    // The status says the connection was lost and is coming back, not an error.
    await Promise.all([
      waitForViewerState(viewer, 'reconnecting', { timeoutMs: 10_000 }),
      viewer.evaluate(() => (window as unknown as { pcs: RTCPeerConnection[] }).pcs.forEach((pc) => pc.close())),
    ]);
    await waitForViewerState(viewer, 'live', { timeoutMs: 15_000 });
    expect(await viewer.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // same page
    expect((await measureFrames(viewer, 1500)).frames).toBeGreaterThan(5);
    await waitForSession(rig.worker, (s) => s.state === 'live' && s.viewers.length === 1, 10_000);
  });

  it('the shared tab navigating to another page keeps the share going', async () => {
    const { link, source } = await rig.share();
    const viewer = await openViewer(rig.browser, link);
    await waitForViewerState(viewer, 'live');
    await source.goto(`${rig.site.url}demo/source.html?next`);
    const after = await measureFrames(viewer, 2000);
    expect(after.frames).toBeGreaterThan(10);
    expect((await readSession(rig.worker)).state).toBe('live');
  });
});
