// `npm run bench -- --turn [--quick]`: TabBeam's first frame and glass-to-glass latency for a viewer
// behind a firewall that lets only TCP 443 out (relayed by coturn over TLS, scripts/strict-network.ts),
// beside the same figures for a direct viewer, in one run with the same host, servers and pages,
// alternating which goes first. The relayed viewer's address is then changed once per run: how long
// until its picture is back. Needs root (a network namespace); prints and writes bench/results/turn.json.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium, launchWithExtension, presetSettings } from '../scripts/chromium';
import {
  measureView,
  openAndTimeFirstFrame,
  readViewLayout,
  startShare,
  timePictureBack,
  waitForSession,
  waitForViewerState,
} from '../scripts/drive';
import { startStrictNetwork, type StrictNetwork } from '../scripts/strict-network';
import {
  benchSettings,
  openSource,
  PAGE_SIZE,
  startServers,
  summarize,
  VIEW_PAGES,
  type HostBrowser,
  type Servers,
  type Summary,
  type ViewPage,
} from './harness';

export type Route = 'direct' | 'turn-tls';

export interface TurnOptions {
  pages: ViewPage[];
  /** Runs per page and route. */
  runs: number;
  settleSeconds: number;
  measureSeconds: number;
  log(line: string): void;
}

export interface TurnRun {
  page: ViewPage;
  route: Route;
  run: number;
  firstFrameMs: number;
  /** What the viewer's own stats said (its data-route). */
  seenRoute: string | null;
  fps: number;
  resolution: string;
  latencyMs: Summary;
  /** Relayed runs: the viewer's address changed → its picture back. */
  addressChangeMs?: number;
}

export interface TurnSummary {
  firstFrameMs: Summary;
  /** Medians over the runs of each run's p50 and p95. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  fps: number;
  addressChangeMs: Summary | null;
}

async function launchHost(net: StrictNetwork, servers: Servers): Promise<HostBrowser> {
  const host = await launchWithExtension({ pageSize: PAGE_SIZE, extraArgs: net.chromiumArgs });
  await presetSettings(host.worker, benchSettings(servers));
  return { ...host, source: null };
}

/** The route's settings: no ICE servers (as `npm run bench`), or the strict network's TURN server and secret. */
const iceFor = (route: Route, net: StrictNetwork) =>
  route === 'direct' ? [] : [{ urls: [net.turn.url], secret: net.turn.secret }];

async function seenRoute(viewer: Page): Promise<string | null> {
  await viewer.locator('[data-testid="stats-toggle"]').click();
  const panel = await viewer.waitForSelector('[data-testid="stats"][data-route]', { timeout: 5000 }).catch(() => null);
  return panel ? panel.evaluate((el) => el.getAttribute('data-route')) : null;
}

async function oneRun(
  net: StrictNetwork,
  servers: Servers,
  host: HostBrowser,
  viewers: Browser,
  at: { page: ViewPage; route: Route; run: number },
  options: TurnOptions,
): Promise<TurnRun> {
  await presetSettings(host.worker, { iceServers: iceFor(at.route, net) });
  const source = await openSource(host, servers, VIEW_PAGES[at.page]);
  const layout = await readViewLayout(source);
  const { link } = await startShare(host.browser, host.extensionId, host.worker, source);
  const { page: viewer, firstFrameMs } = await openAndTimeFirstFrame(viewers, link);
  try {
    const route = await seenRoute(viewer);
    await new Promise((r) => setTimeout(r, options.settleSeconds * 1000));
    const { latencies, fps, width, height } = await measureView(viewer, options.measureSeconds * 1000, layout);
    const result: TurnRun = {
      ...at,
      firstFrameMs,
      seenRoute: route,
      fps,
      resolution: `${width}×${height}`,
      latencyMs: summarize(latencies),
    };
    if (at.route === 'turn-tls') {
      result.addressChangeMs = await timePictureBack(viewer, () => net.moveViewer());
      await waitForViewerState(viewer, 'live');
    }
    return result;
  } finally {
    await viewer.browserContext().close();
    await host.source?.close();
    await waitForSession(host.worker, (s) => s.state === 'idle');
  }
}

function describe(r: TurnRun): string {
  const change = r.addressChangeMs === undefined ? '' : `; address change → picture back ${r.addressChangeMs} ms`;
  return (
    `${r.page} ${r.route} run ${r.run}: first frame ${r.firstFrameMs} ms, seen as ${r.seenRoute}, ${r.resolution} ` +
    `${r.fps.toFixed(1)} fps, glass-to-glass p50 ${r.latencyMs.median} / p95 ${r.latencyMs.p95} ms${change}`
  );
}

export function summarizeTurn(runs: TurnRun[]): TurnSummary {
  const median = (values: number[]) => summarize(values.filter((v) => Number.isFinite(v))).median;
  const changes = runs.flatMap((r) => (r.addressChangeMs === undefined ? [] : [r.addressChangeMs]));
  return {
    firstFrameMs: summarize(runs.map((r) => r.firstFrameMs)),
    latencyP50Ms: median(runs.map((r) => r.latencyMs.median)),
    latencyP95Ms: median(runs.map((r) => r.latencyMs.p95)),
    fps: median(runs.map((r) => r.fps)),
    addressChangeMs: changes.length > 0 ? summarize(changes) : null,
  };
}

/** Every page, `runs` times each route, alternating which goes first; the network torn down at the end. */
export async function runTurn(options: TurnOptions): Promise<{ runs: TurnRun[]; coturn: string }> {
  const net = await startStrictNetwork();
  let servers: Servers | null = null;
  const browsers: Browser[] = [];
  try {
    servers = await startServers({ host: net.serverIp, tls: net.tls });
    net.allowTcp(servers.site.port, servers.broker.port);
    const host = await launchHost(net, servers);
    browsers.push(host.browser);
    const viewers: Record<Route, Browser> = {
      direct: await launchChromium({ extraArgs: net.chromiumArgs }),
      'turn-tls': await launchChromium({ runUnder: net.runUnder, extraArgs: net.chromiumArgs }),
    };
    browsers.push(...Object.values(viewers));
    const runs: TurnRun[] = [];
    for (const page of options.pages) {
      for (let run = 1; run <= options.runs; run++) {
        const order: Route[] = run % 2 === 1 ? ['direct', 'turn-tls'] : ['turn-tls', 'direct'];
        for (const route of order) {
          const result = await oneRun(net, servers, host, viewers[route], { page, route, run }, options);
          runs.push(result);
          options.log(describe(result));
        }
      }
    }
    return { runs, coturn: 'coturn (Debian turnserver), TLS on 443, REST shared secret' };
  } finally {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await servers?.close();
    await net.close();
  }
}

/** The two routes side by side, as a markdown table. */
export function turnTable(direct: TurnSummary, relayed: TurnSummary): string {
  const ms = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? `${Math.round(n)} ms` : '–');
  const rows = [
    ['Link opened → first frame (median, p95)', direct.firstFrameMs, relayed.firstFrameMs].map((c) =>
      typeof c === 'string' ? c : `${ms(c.median)}, ${ms(c.p95)}`,
    ),
    ['Glass-to-glass p50 (median of runs)', ms(direct.latencyP50Ms), ms(relayed.latencyP50Ms)],
    ['Glass-to-glass p95 (median of runs)', ms(direct.latencyP95Ms), ms(relayed.latencyP95Ms)],
    ['Delivered fps', direct.fps.toFixed(1), relayed.fps.toFixed(1)],
    [
      'Address change → picture back (median, max)',
      '–',
      relayed.addressChangeMs ? `${ms(relayed.addressChangeMs.median)}, ${ms(relayed.addressChangeMs.max)}` : '–',
    ],
  ];
  return [
    '|  | direct | TURN/TLS 443 (UDP dropped) |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The whole `--turn` run: figures per page, printed and written to bench/results/turn.json. */
export async function benchTurn(quick: boolean, resultsFile: string): Promise<void> {
  const options: TurnOptions = quick
    ? { pages: ['document'], runs: 3, settleSeconds: 3, measureSeconds: 3, log: console.log }
    : { pages: ['document', 'video'], runs: 5, settleSeconds: 5, measureSeconds: 6, log: console.log };
  const probe = await launchChromium();
  const chromium = await probe.version();
  await probe.close();
  const started = Date.now();
  const { runs, coturn } = await runTurn(options);
  const summaries = Object.fromEntries(
    options.pages.map((page) => {
      const of = (route: Route) => summarizeTurn(runs.filter((r) => r.page === page && r.route === route));
      return [page, { direct: of('direct'), 'turn-tls': of('turn-tls') }];
    }),
  ) as Record<ViewPage, Record<Route, TurnSummary>>;
  const routesSeen = [...new Set(runs.map((r) => `${r.route}: ${r.seenRoute}`))];
  console.log(`\nTabBeam, direct vs TURN over TLS on 443 (${coturn}); ${chromium}, ${os.cpus().length} cores.`);
  console.log(`What the viewers' own stats said: ${routesSeen.join(', ')}.`);
  for (const page of options.pages) {
    console.log(`\n${page} page, ${options.runs} runs of each:\n`);
    console.log(turnTable(summaries[page].direct, summaries[page]['turn-tls']));
  }
  const { log: _, ...saved } = options;
  writeFileSync(
    resultsFile,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        mode: quick ? 'quick' : 'full',
        wallSeconds: Math.round((Date.now() - started) / 1000),
        machine: { chromium, cores: os.cpus().length, coturn },
        options: saved,
        summaries,
        runs,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nWrote ${resultsFile}`);
}
