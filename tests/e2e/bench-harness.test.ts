// Keeps `npm run bench` from rotting: the harness measures a few frames of TabBeam and gets
// plausible numbers. Figures themselves belong to the benchmark, not to this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSizes } from '../../bench/bundle-sizes';
import { measureSourceSwitch, runPipeline, startServers, summarize, tabbeam, type Servers } from '../../bench/harness';

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

  it('measures TabBeam end to end with plausible figures', async () => {
    const result = await runPipeline(tabbeam, servers, { runs: 1, latencySeconds: 2, viewerCounts: [1], perCountSeconds: 2 });
    expect(result.clickToLinkMs.n).toBe(1);
    expect(result.clickToLinkMs.median).toBeGreaterThan(0);
    expect(result.clickToLinkMs.median).toBeLessThan(15_000);
    expect(result.firstFrameMs.median).toBeGreaterThan(0);
    expect(result.firstFrameMs.median).toBeLessThan(20_000);
    expect(result.oneViewer.fps).toBeGreaterThan(2);
    expect(result.oneViewer.latencyMs.n).toBeGreaterThan(5);
    expect(result.oneViewer.latencyMs.median).toBeGreaterThan(0);
    expect(result.oneViewer.latencyMs.median).toBeLessThan(5000);
    expect(result.oneViewer.width).toBeGreaterThan(0);
    expect(result.oneViewer.bytesPerSecond).toBeGreaterThan(0);
    expect(result.viewersPerHost).toHaveLength(1);
    expect(result.viewersPerHost[0]!.hostCpuPercent).toBeGreaterThan(0);
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
