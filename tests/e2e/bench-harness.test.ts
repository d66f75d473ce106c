// Keeps `npm run bench` from rotting: the harness measures a few frames of TabBeam and gets
// plausible numbers. Figures themselves belong to the benchmark, not to this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSizes } from '../../bench/bundle-sizes';
import {
  measureSourceSwitch,
  PAGE_SIZE,
  reference,
  runViewersPerHost,
  runViews,
  startServers,
  summarize,
  summarizeViews,
  tabbeam,
  type Servers,
} from '../../bench/harness';

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(async () => servers.close());

describe('benchmark harness', () => {
  it('summarizes', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ n: 5, median: 3, p95: 5, max: 5 });
    expect(summarize([10])).toEqual({ n: 1, median: 10, p95: 10, max: 10 });
  });

  it('measures what a viewer of each pipeline sees, with plausible figures', async () => {
    const { views: runs, firstFrames } = await runViews([tabbeam, reference], servers, {
      runs: 1,
      firstFrameRuns: 1,
      settleSeconds: 0.3,
      // 2 s: on a busy 2-core machine a freshly started share can deliver well under 10 fps, and
      // only frames whose clock reads clearly count for latency (1 s once gave 5 readable frames).
      measureSeconds: 2,
      pages: ['document'],
      log: (line) => console.log(line),
    });
    expect(runs.map((r) => r.pipeline)).toEqual(['tabbeam', 'reference']);
    // The extra run only times the first frame, in the other order.
    expect(firstFrames.map((r) => `${r.pipeline} ${r.run}`)).toEqual([
      'tabbeam 1',
      'reference 1',
      'reference 2',
      'tabbeam 2',
    ]);
    // TabBeam's timeline has the viewer's and the host's steps, in the order they must happen.
    const timeline = firstFrames[0]!.timeline;
    const order: [string, string][] = [
      ['watch', 'broker-open'],
      ['broker-open', 'host:connection'],
      ['host:welcome', 'host:attach'],
      ['host:attach', 'first frame'],
    ];
    for (const [before, after] of order) {
      expect(timeline[before], `${before} before ${after}`).toBeLessThanOrEqual(timeline[after]!);
    }
    expect(timeline['first frame']).toBe(firstFrames[0]!.firstFrameMs);
    for (const run of runs) {
      expect(run.sourcePage).toEqual(PAGE_SIZE); // the window, not an emulated viewport
      expect(run.clickToLinkMs).toBeGreaterThan(0);
      expect(run.clickToLinkMs).toBeLessThan(15_000);
      expect(run.firstFrameMs).toBeGreaterThan(0);
      expect(run.firstFrameMs).toBeLessThan(20_000);
      expect(run.view.fps).toBeGreaterThan(2);
      expect(run.view.width).toBeGreaterThanOrEqual(320);
      // Stripes read from decoded frames: some contrast at any size, never more than black/white.
      expect(run.view.detail).toBeGreaterThan(0.05);
      expect(run.view.detail).toBeLessThan(1);
      // The clock reader works: some frames read (the count depends on the machine's fps), never more than arrived.
      expect(run.view.latencyMs.n).toBeGreaterThanOrEqual(2);
      expect(run.view.latencyMs.n).toBeLessThanOrEqual(run.view.frames);
      expect(run.view.latencyMs.median).toBeGreaterThan(0);
      expect(run.view.latencyMs.median).toBeLessThan(5000);
      expect(run.sender?.codec).toMatch(/^(VP8|VP9|H264|AV1)$/);
      expect(run.sender?.bytesPerSecond).toBeGreaterThan(0);
    }
    const summary = summarizeViews(
      runs.filter((r) => r.pipeline === 'tabbeam'),
      firstFrames.filter((r) => r.pipeline === 'tabbeam'),
    );
    expect(summary.runs).toBe(1);
    expect(summary.detail).toBe(runs[0]!.view.detail);
    expect(summary.firstFrameMs).toBe(Math.min(firstFrames[0]!.firstFrameMs, firstFrames[3]!.firstFrameMs)); // the lower median of two
  });

  it('measures viewers per host', async () => {
    const load = await runViewersPerHost(tabbeam, servers, { viewerCounts: [1], perCountSeconds: 1 });
    expect(load.viewersPerHost).toHaveLength(1);
    expect(load.viewersPerHost[0]!.minFps).toBeGreaterThan(2);
    expect(load.viewersPerHost[0]!.hostCpuPercent).toBeGreaterThan(0);
  });

  it('times "Share this tab instead" both ways', async () => {
    const switches = await measureSourceSwitch(servers, 2);
    expect(switches.n).toBe(2);
    expect(switches.median).toBeGreaterThan(0);
    expect(switches.max).toBeLessThan(10_000);
  });

  it('sizes every bundle', () => {
    const sizes = bundleSizes();
    for (const size of Object.values(sizes)) expect(size).toBeGreaterThan(0.5);
  });
});
