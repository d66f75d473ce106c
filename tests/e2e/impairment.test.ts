// A viewer on the far side of a bad network (tests/e2e/impaired-link.ts: TURN + an impairing
// UDP proxy, since this kernel has no netem) keeps watching, and recovers from an outage by itself.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { measureFrames, waitForViewerState } from '../../scripts/drive';
import { buildShareLink, parseShareLink } from '../../src/shared/share-link';
import { startRig, type Rig } from './fixture';
import { startImpairedLink, type ImpairedLink } from './impaired-link';

let rig: Rig;
let link: ImpairedLink;
beforeAll(async () => {
  rig = await startRig();
  link = await startImpairedLink();
});
afterEach(async () => rig.reset());
afterAll(async () => {
  await rig.close(); // the browser first, so nothing is still sending into the link as it closes
  await link.close();
});

/** The share's link, but the viewer reaches the host only through the impaired TURN relay. */
async function impairedViewer() {
  const shared = await rig.share();
  const parsed = parseShareLink(new URL(shared.link).hash);
  if (!parsed.ok) throw new Error('bad link');
  const relayed = buildShareLink(rig.site.url, { ...parsed.target, iceServers: [link.iceServer] });
  const context = await rig.browser.createBrowserContext();
  const viewer = await context.newPage();
  // Force every connection of the page through the relay, as a strict network would.
  await viewer.evaluateOnNewDocument(() => {
    const Native = RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super({ ...config, iceTransportPolicy: 'relay' });
      }
    };
  });
  await viewer.goto(relayed);
  return viewer;
}

describe('impaired network', () => {
  it('5 % loss and 150 ms round trip: the viewer keeps a watchable frame rate', async () => {
    link.set({ delayMs: 75, loss: 0.05, down: false });
    const viewer = await impairedViewer();
    await waitForViewerState(viewer, 'live', { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const report = await measureFrames(viewer, 5000);
    const latency = [...report.latencies].sort((a, b) => a - b)[report.latencies.length >> 1];
    console.log(
      `impaired link: ${report.fps.toFixed(1)} fps, glass-to-glass p50 ${latency} ms, longest gap ${Math.round(report.maxGapMs)} ms`,
    );
    expect(report.fps).toBeGreaterThanOrEqual(15);
    expect(latency).toBeGreaterThan(75); // the delay is really in the path
  });

  it('a 10 s outage: the viewer recovers by itself, without a reload, soon after the link returns', async () => {
    link.set({ delayMs: 0, loss: 0, down: false });
    const viewer = await impairedViewer();
    await waitForViewerState(viewer, 'live', { timeoutMs: 30_000 });
    await viewer.evaluate(() => void ((window as unknown as { marker: number }).marker = 7));
    link.set({ down: true });
    await new Promise((r) => setTimeout(r, 10_000));
    link.set({ down: false });
    const back = Date.now();
    await waitForViewerState(viewer, 'live', { timeoutMs: 20_000 });
    await measureFrames(viewer, 1);
    const recoveredMs = Date.now() - back;
    console.log(`recovered ${recoveredMs} ms after the link returned`);
    expect(await viewer.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    // Target 3 s. Attempts made during the outage are abandoned after 3 s each, so the worst case is
    // one such attempt plus a backoff plus a connect; the bound leaves room for this noisy machine.
    expect(recoveredMs).toBeLessThan(6000);
  });
});
