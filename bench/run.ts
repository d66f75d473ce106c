// `npm run bench [-- --quick]`: TabBeam against the bare reference pipeline in the same run.
// Prints figures and writes bench/results/latest.json and docs/benchmarks.md. Targets are
// reported, not asserted: this machine is noisy, so every figure sits beside the reference's.
// `-- --viewers [--quick]` runs only viewers per host (peer to peer, through Janus, bare) and the
// hand-off to Janus, prints them and writes bench/results/viewers.json (docs/ untouched).
// `-- --turn [--quick]` runs only direct beside TURN over TLS on 443 (bench/turn.ts; needs root) and
// writes bench/results/turn.json.
// `-- --text [--quick]` runs only the live text layer's freshness and traffic (bench/live-text.ts) and
// writes bench/results/live-text.json.
// `-- --control [--quick]` runs only remote control's round trip (bench/remote-control.ts) and writes
// bench/results/remote-control.json.
// `-- --situations [--quick]` runs only the situations matrix (bench/situations.ts): popup open or
// closed, viewer in the same browser or another, default ICE or none, busy machine or quiet; it
// writes bench/results/situations.json and only its own section of docs/benchmarks.md, which the
// full run carries over from that file.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../scripts/chromium';
import { janusBinary, startJanus } from '../scripts/janus-server';
import { bundleSizes } from './bundle-sizes';
import { runCycles, runSoak } from './endurance';
import { watchMachineLoad } from './machine-load';
import { benchLiveText } from './live-text';
import { benchRemoteControl } from './remote-control';
import { benchTurn } from './turn';
import { runSituations } from './situations';
import { situationsSection } from './situations-report';
import { STEPS } from './steps';
import {
  measureHandOff,
  measurePointer,
  measureSourceSwitch,
  PAGE_SIZE,
  reference,
  runViewersPerHost,
  runViews,
  startServers,
  summarize,
  summarizeTimeline,
  summarizeViews,
  tabbeam,
  tabbeamThrough,
  VIEW_PAGES,
  type HandOffResult,
  type HostLoadOptions,
  type HostLoadResult,
  type HostLoadRow,
  type Servers,
  type FirstFrameRun,
  type Summary,
  type ViewOptions,
  type ViewPage,
  type ViewRun,
  type ViewSummary,
} from './harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const quick = process.argv.includes('--quick');
const pages = Object.keys(VIEW_PAGES) as ViewPage[];
const options: { views: ViewOptions; load: HostLoadOptions; handOffRuns: number; switches: number } = quick
  ? {
      views: { runs: 3, firstFrameRuns: 6, settleSeconds: 6, measureSeconds: 2.5, pages, log: console.log },
      load: { viewerCounts: [1, 2, 4, 8], perCountSeconds: 3, hideVideo: true, log: console.log },
      handOffRuns: 3,
      switches: 3,
    }
  : {
      views: { runs: 5, firstFrameRuns: 10, settleSeconds: 6, measureSeconds: 10, pages, log: console.log },
      load: { viewerCounts: [1, 2, 4, 8], perCountSeconds: 8, hideVideo: true, log: console.log },
      handOffRuns: 6,
      switches: 10,
    };

// `--cycles [n]` and `--soak [minutes]` run only the endurance checks (bench/endurance.ts).
const flagValue = (flag: string, fallback: number) => {
  const i = process.argv.indexOf(flag);
  const n = Number(process.argv[i + 1]);
  return i >= 0 && Number.isFinite(n) && n > 0 ? n : fallback;
};
if (process.argv.includes('--cycles') || process.argv.includes('--soak')) {
  const servers = await startServers();
  const soak = process.argv.includes('--soak');
  const result = soak
    ? await runSoak(servers, flagValue('--soak', 30), console.log)
    : await runCycles(servers, flagValue('--cycles', 50), console.log);
  await servers.close();
  const file = path.join(ROOT, `bench/results/${soak ? 'soak' : 'cycles'}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
  console.log(`Wrote ${path.relative(ROOT, file)}`);
  process.exit(0);
}

// `--text [--quick]`: the live text layer's freshness and traffic (bench/live-text.ts).
if (process.argv.includes('--text')) {
  await benchLiveText(quick, path.join(ROOT, 'bench/results/live-text.json'));
  process.exit(0);
}

// `--control [--quick]`: remote control's round trip, viewer click → its decoded frame (bench/remote-control.ts).
if (process.argv.includes('--control')) {
  await benchRemoteControl(quick, path.join(ROOT, 'bench/results/remote-control.json'));
  process.exit(0);
}

// `--turn [--quick]`: direct beside TURN over TLS on 443 for a viewer behind a strict firewall (bench/turn.ts; root).
if (process.argv.includes('--turn')) {
  await benchTurn(quick, path.join(ROOT, 'bench/results/turn.json'));
  process.exit(0);
}

const probe = await launchChromium();
const chromium = await probe.version();
await probe.close();

// `--situations [--quick]`: only the situations matrix (bench/situations.ts).
if (process.argv.includes('--situations')) {
  await runSituations(chromium);
  // The PeerServer keeps timers alive after close(); the figures are written, so end here.
  process.exit(0);
}

const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '–');
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : '–');
const check = (ok: boolean) => (ok ? '✅' : '❌');
const table = (header: string[], body: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

// Viewers per host, three series in one run: TabBeam peer to peer, TabBeam through a Janus started
// here (threshold 0: always through it), and the bare pipeline; then the hand-off (threshold 1).
type Series = 'tabbeam' | 'tabbeam-janus' | 'reference';
interface LoadFigures {
  load: Record<Series, HostLoadResult>;
  handOff: HandOffResult;
  janus: string;
}
async function measureLoad(servers: Servers): Promise<LoadFigures> {
  const janus = await startJanus({ transport: 'ws' });
  try {
    // Janus prints its version first whatever the option, and exits 1 on one it does not know.
    const version =
      /\(([\d.]+)\)/.exec(
        spawnSync(janusBinary(), ['--version'], { encoding: 'utf8', timeout: 5000 }).stdout ?? '',
      )?.[1] ?? 'unknown';
    const load = {
      tabbeam: await runViewersPerHost(tabbeam, servers, options.load),
      'tabbeam-janus': await runViewersPerHost(tabbeamThrough(janus, 0), servers, options.load),
      reference: await runViewersPerHost(reference, servers, options.load),
    };
    const handOff = await measureHandOff(servers, janus, options.handOffRuns, console.log);
    return { load, handOff, janus: `Janus ${version}` };
  } finally {
    await janus.stop();
  }
}

function loadSection({ load, handOff, janus }: LoadFigures, cores: number): string {
  const kbps = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} kbit/s` : '–');
  const cpu = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? `${n.toFixed(0)}%` : '–');
  const cells = (r: HostLoadRow | undefined, dagger = false) => {
    if (!r) return ['', '', '', ''];
    if (r.minFps === 0 && !Number.isFinite(r.hostCpuPercent)) return ['could not start them all', '–', '–', '–'];
    return [
      `${r.minFps.toFixed(1)} / ${r.meanFps.toFixed(1)}${dagger && (r.notOnServer || r.directSenders) ? ' †' : ''}`,
      ms(r.latencyP50Ms),
      cpu(r.hostCpuPercent),
      kbps(r.uploadKbps),
    ];
  };
  const rows = options.load.viewerCounts.map((viewers) => {
    const [p2p, viaJanus, bare] = (['tabbeam', 'tabbeam-janus', 'reference'] as const).map((s) =>
      load[s].viewersPerHost.find((r) => r.viewers === viewers),
    );
    return [String(viewers), ...cells(p2p), ...cells(viaJanus, true), cpu(viaJanus?.janusCpuPercent), ...cells(bare)];
  });
  const off = load['tabbeam-janus'].viewersPerHost.filter((r) => r.notOnServer || r.directSenders);
  const footnote = off.length
    ? `\n\n† Not all through Janus while measured: ${off.map((r) => `${r.viewers} viewers: ${r.notOnServer ?? 0} never showed data-via="server", ${r.directSenders ?? 0} peer-to-peer senders still on`).join('; ')}.`
    : '';
  const h = handOff;
  const reasons = [...new Set(h.runs.flatMap((r) => (r.reason ? [r.reason] : [])))];
  const never = h.neverOnServer
    ? ` In ${h.neverOnServer} of ${h.runs.length} runs the first viewer stayed peer to peer for 20 s (left out above): ${reasons.join('; ')}.`
    : '';
  return `### Viewers per host

One share of the document page, ${options.load.perCountSeconds} s per row, three series in the same run: TabBeam peer to peer, TabBeam through
Janus (${janus} on this machine, \`scripts/janus-server.ts\`; Settings → media server with threshold 0, so every viewer
watches through the room; a row is measured once every viewer's status says \`data-via="server"\`), and the bare pipeline.
Each viewer's fps (lowest / mean) and glass-to-glass p50 from its decoded frames (\`measureView\`, which reads the track: the
viewers' \`<video>\` is hidden here, so they decode without compositing and leave more of the machine to the host); the host browser's CPU
(all its processes, % of one core, from /proc; the viewers run in a separate browser on the same ${cores} cores); upload:
the growth of \`bytesSent\` summed over all the host's video senders (one per peer-to-peer viewer, or the one to the room)
over the row, × 8 / s (audio not included). Janus's own CPU is its process's, not in the host figure.

${table(
  [
    'Viewers',
    'P2P fps',
    'P2P p50',
    'P2P host CPU',
    'P2P upload',
    'Via Janus fps',
    'Via Janus p50',
    'Via Janus host CPU',
    'Via Janus upload',
    "Janus's own CPU",
    'Bare fps',
    'Bare p50',
    'Bare host CPU',
    'Bare upload',
  ],
  rows,
)}${footnote}

Most viewers with every one ≥ 24 fps (of ${options.load.viewerCounts.join(', ')} tried): ${load.tabbeam.maxViewersAt24Fps} peer to peer, ${load['tabbeam-janus'].maxViewersAt24Fps} through Janus, ${load.reference.maxViewersAt24Fps} bare.

**Hand-off to the media server** (threshold 1, ${h.runs.length} runs, a new share each): a first viewer watches peer to peer;
a second opens the link and takes the share over the threshold. The first viewer's longest time between presented frames
(\`requestVideoFrameCallback\`, from just before the second link opens to 2 s after its status says \`data-via="server"\`):
**${ms(h.maxGapMs.median)} median, ${ms(h.maxGapMs.max)} max**; the second viewer's link opened → the first viewer on the server:
${ms(h.openedToServerMs.median)} median, ${ms(h.openedToServerMs.max)} max.${never}`;
}

type Name = 'tabbeam' | 'reference';
const servers = await startServers();

// How busy the machine is from here on, and how much of it is other work than this run.
const machineLoadWatch = watchMachineLoad();
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  chromium,
  node: process.version,
};

if (process.argv.includes('--viewers')) {
  let figures: LoadFigures;
  try {
    figures = await measureLoad(servers);
  } finally {
    await servers.close();
  }
  const file = path.join(ROOT, 'bench/results/viewers.json');
  const result = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    wallSeconds: Math.round((Date.now() - started) / 1000),
    // Other work on this machine makes these indicative: how busy it was, and with what.
    machineLoad: machineLoadWatch.read(),
    options: { load: { ...options.load, log: undefined }, handOffRuns: options.handOffRuns },
    machine: { ...machine, janus: figures.janus },
    viewersPerHost: figures.load,
    handOff: figures.handOff,
  };
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log('\n' + loadSection(figures, machine.cores));
  const load = result.machineLoad;
  console.log(
    `\nWrote ${path.relative(ROOT, file)} (${result.wallSeconds} s; the ${machine.cores} cores ${load.busyPercent}% busy on average, ${load.otherPercent} points of it other work)`,
  );
  process.exit(0);
}

let runs: ViewRun[];
let firstFrames: FirstFrameRun[];
let loadFigures: LoadFigures;
let sourceSwitchMs: Summary;
let pointerMs: Summary;
try {
  ({ views: runs, firstFrames } = await runViews([tabbeam, reference], servers, options.views));
  loadFigures = await measureLoad(servers);
  sourceSwitchMs = await measureSourceSwitch(servers, options.switches, console.log);
  pointerMs = await measurePointer(servers, options.switches * 2, console.log);
} finally {
  await servers.close();
}
const { load, handOff } = loadFigures;
const sizes = bundleSizes();
const date = new Date().toISOString();

const of = <T extends FirstFrameRun>(list: T[], page: ViewPage, name: Name) =>
  list.filter((r) => r.page === page && r.pipeline === name);
const views = Object.fromEntries(
  pages.map((page) => [
    page,
    {
      tabbeam: summarizeViews(of(runs, page, 'tabbeam'), of(firstFrames, page, 'tabbeam')),
      reference: summarizeViews(of(runs, page, 'reference'), of(firstFrames, page, 'reference')),
    },
  ]),
) as Record<ViewPage, Record<Name, ViewSummary>>;
const clickToLinkMs = {
  tabbeam: summarize(firstFrames.filter((r) => r.pipeline === 'tabbeam').map((r) => r.clickToLinkMs)),
  reference: summarize(firstFrames.filter((r) => r.pipeline === 'reference').map((r) => r.clickToLinkMs)),
};
const tabSizes = [...new Set(runs.map((r) => `${r.sourcePage.width}×${r.sourcePage.height}`))];
const wallSeconds = Math.round((Date.now() - started) / 1000);
writeFileSync(
  path.join(ROOT, 'bench/results/latest.json'),
  JSON.stringify(
    {
      date,
      mode: quick ? 'quick' : 'full',
      wallSeconds,
      options: {
        views: { ...options.views, log: undefined },
        load: { ...options.load, log: undefined },
        handOffRuns: options.handOffRuns,
        switches: options.switches,
      },
      machine: { ...machine, janus: loadFigures.janus },
      // How busy the cores were over the run, and how much of that was other work than the benchmark.
      machineLoad: machineLoadWatch.read(),
      sharedTabSizes: tabSizes,
      views,
      clickToLinkMs,
      viewersPerHost: load,
      handOff,
      sourceSwitchMs,
      pointerMs,
      bundleSizesKbGzip: sizes,
      runs,
      firstFrames,
    },
    null,
    2,
  ) + '\n',
);

function viewTable(tb: ViewSummary, ref: ViewSummary): string {
  const rows: string[][] = [
    ['Resolution received', tb.resolution, ref.resolution, '', ''],
    [
      'Detail kept (stripe contrast: 0.86 all, 0.43 at 960×540)',
      tb.detail.toFixed(2),
      ref.detail.toFixed(2),
      ratio(tb.detail, ref.detail),
      '',
    ],
    [
      'Link opened → first frame',
      ms(tb.firstFrameMs),
      ms(ref.firstFrameMs),
      ratio(tb.firstFrameMs, ref.firstFrameMs),
      `≤ bare ${check(tb.firstFrameMs <= ref.firstFrameMs)}, goal 400 ms ${check(tb.firstFrameMs <= 400)}`,
    ],
    [
      'Glass-to-glass p50',
      ms(tb.latencyP50Ms),
      ms(ref.latencyP50Ms),
      ratio(tb.latencyP50Ms, ref.latencyP50Ms),
      `≤ 1.1× ${check(tb.latencyP50Ms <= 1.1 * ref.latencyP50Ms)}`,
    ],
    [
      'Glass-to-glass p95',
      ms(tb.latencyP95Ms),
      ms(ref.latencyP95Ms),
      ratio(tb.latencyP95Ms, ref.latencyP95Ms),
      `≤ 1.1× ${check(tb.latencyP95Ms <= 1.1 * ref.latencyP95Ms)}`,
    ],
    // Half a frame a second is below what 2.5 s of counting can tell apart.
    [
      'Delivered fps',
      tb.fps.toFixed(1),
      ref.fps.toFixed(1),
      ratio(tb.fps, ref.fps),
      `≥ bare ${check(tb.fps >= ref.fps - 0.5)}`,
    ],
    ['Freezes (gaps > 100 ms) per run', String(tb.freezes), String(ref.freezes), '', ''],
    [
      'Host sends: codec, size, fps',
      `${tb.codec} ${tb.sentResolution} @ ${tb.sentFps.toFixed(0)}`,
      `${ref.codec} ${ref.sentResolution} @ ${ref.sentFps.toFixed(0)}`,
      '',
      '',
    ],
    ['Host encoder qualityLimitationReason', tb.qualityLimitationReason, ref.qualityLimitationReason, '', ''],
    [
      'Bytes sent per second',
      `${Math.round(tb.bytesPerSecond / 1000)} kB/s`,
      `${Math.round(ref.bytesPerSecond / 1000)} kB/s`,
      ratio(tb.bytesPerSecond, ref.bytesPerSecond),
      '',
    ],
  ];
  return table(['Figure', 'TabBeam', 'Bare pipeline', 'TabBeam / bare', 'Target'], rows);
}

const PAGE_TITLES: Record<ViewPage, string> = {
  document: 'Document page (`tests/fixtures/document.html`: text, a small spinner, still stripes)',
  video:
    'Video page (`tests/fixtures/video.html`: a playing `<video>` of moving noise and shapes over most of the page)',
};
const timelines = {
  tabbeam: summarizeTimeline(firstFrames.filter((r) => r.pipeline === 'tabbeam')),
  reference: summarizeTimeline(firstFrames.filter((r) => r.pipeline === 'reference')),
};
const timelineRows = timelines.tabbeam.map(({ step, ms: t }) => {
  const bare = timelines.reference.find((r) => r.step === step);
  return [step, STEPS[step] ?? '', ms(t), bare ? ms(bare.ms) : ''];
});
const pageSections = pages
  .map((page) => `### ${PAGE_TITLES[page]}\n\n${viewTable(views[page].tabbeam, views[page].reference)}`)
  .join('\n\n');

// "Within a frame or two": the picture's own glass-to-glass latency on the document page, plus two frames at 30 fps.
const pointerTarget = views.document.tabbeam.latencyP50Ms + 67;
const startRows = [
  [
    'Click → link ready (median / p95)',
    `${ms(clickToLinkMs.tabbeam.median)} / ${ms(clickToLinkMs.tabbeam.p95)}`,
    `${ms(clickToLinkMs.reference.median)} / ${ms(clickToLinkMs.reference.p95)}`,
    ratio(clickToLinkMs.tabbeam.median, clickToLinkMs.reference.median),
    `≤ 300 ms ${check(clickToLinkMs.tabbeam.median <= 300)}`,
  ],
  [
    '"Share this tab instead": click → new picture (median / p95)',
    `${ms(sourceSwitchMs.median)} / ${ms(sourceSwitchMs.p95)}`,
    '–',
    '',
    `≤ 1000 ms ${check(sourceSwitchMs.median <= 1000)}`,
  ],
  [
    `A viewer's pointer → another viewer's decoded frame (median / p95 of ${pointerMs.n} moves)`,
    `${ms(pointerMs.median)} / ${ms(pointerMs.p95)}`,
    '–',
    '',
    `≤ picture p50 + 2 frames = ${ms(pointerTarget)} ${check(pointerMs.median <= pointerTarget)}`,
  ],
  [
    `Most viewers with every one ≥ 24 fps (of ${options.load.viewerCounts.join(', ')} tried)`,
    `${load.tabbeam.maxViewersAt24Fps} peer to peer, ${load['tabbeam-janus'].maxViewersAt24Fps} through Janus`,
    String(load.reference.maxViewersAt24Fps),
    '',
    `≥ 6 ${check(Math.max(load.tabbeam.maxViewersAt24Fps, load['tabbeam-janus'].maxViewersAt24Fps) >= 6)}`,
  ],
];
const perRun = runs.map((r) => [
  r.page,
  r.pipeline === 'tabbeam' ? 'TabBeam' : 'bare',
  String(r.run),
  `${r.sourcePage.width}×${r.sourcePage.height}`,
  ms(r.clickToLinkMs),
  ms(r.firstFrameMs),
  `${r.view.width}×${r.view.height}`,
  r.view.detail.toFixed(2),
  `${ms(r.view.latencyMs.median)} / ${ms(r.view.latencyMs.p95)}`,
  r.view.fps.toFixed(1),
  String(r.view.freezes),
  r.sender
    ? `${r.sender.codec} ${r.sender.frameWidth}×${r.sender.frameHeight} @ ${r.sender.framesPerSecond ?? 0}, ${Math.round(r.sender.bytesPerSecond / 1000)} kB/s${r.sender.qp === null ? '' : `, qp ${r.sender.qp.toFixed(0)}`}`
    : '–',
  r.sender?.qualityLimitationReason ?? '–',
]);

const { views: v } = options;
// The latest situations matrix (`--situations`), carried over as it was measured.
const situations = situationsSection();
const situationsBlock = situations ? `\n${situations}\n` : '';
const markdown = `# Benchmarks

Figures from \`npm run bench${quick ? ' -- --quick' : ''}\` on ${date.slice(0, 10)} (the run took ${Math.round(wallSeconds / 6) / 10} min): ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB,
${chromium} headless, Node ${machine.node}. TabBeam (default settings) and the bare pipeline (\`bench/reference\`: tab capture
at the tab's size in an offscreen document, one raw PeerJS call with its defaults, a bare viewer page) ran in the same run,
each with its own host browser and a separate viewer browser on this machine, a local PeerServer, \`iceServers: []\`.
The host windows are sized so that the shared tab really is ${PAGE_SIZE.width}×${PAGE_SIZE.height}; the source pages read
${tabSizes.join(', ')}. Raw figures, every run and the host's sender stats: \`bench/results/latest.json\`.

## What the viewer sees

On each page, ${v.runs + (v.firstFrameRuns ?? 0)} runs of each pipeline, alternating: click → link, link opened → first frame
(\`requestVideoFrameCallback\` in the viewer); in ${v.runs} of them, then ${v.measureSeconds} s of the viewer's decoded frames read from
${v.settleSeconds} s after the first frame (\`measureView\` in \`scripts/drive.ts\`). Each figure is the median over the runs.
Both pages draw the same probe (\`tests/fixtures/view-probe.js\`): a timestamp of 40-px blocks with an inverted copy (a
frame counts for latency only when every bit reads clearly; readable from 640×360 up), and still 1-px black/white stripes.
**Detail kept** is their contrast in the decoded Y plane along one row ((p90 − p10) / 255, at the stripes' place scaled to the
received frame): 0.86 is everything (limited-range black 16, white 235); a sender that scales down to 960×540 leaves ≈ 0.43,
and starving still areas of bits blurs it further toward 0. It is read in a still area: how coarse the moving video itself is
shows in the sender's quantizer (qp, under "Every run"), not in this figure. The host's sender stats are read over the measured
seconds.

${pageSections}

### Link opened → first frame, step by step

Each step's median over all ${2 * (v.runs + (v.firstFrameRuns ?? 0))} runs of each pipeline, in ms since the link was opened (\`openAndTimeFirstFrame\`).

${table(['Step', 'What', 'TabBeam', 'Bare pipeline'], timelineRows)}
${situationsBlock}
## Start-up and load

Click → link over all ${2 * (v.runs + (v.firstFrameRuns ?? 0))} runs of each pipeline above; the source switch over ${options.switches} switches
(\`tests/fixtures/color.html\`, TabBeam only); the pointer on \`tests/fixtures/pointing.html\` (TabBeam only: the bare pipeline has none).

${table(['Figure', 'TabBeam', 'Bare pipeline', 'TabBeam / bare', 'Target'], startRows)}

${loadSection(loadFigures, machine.cores)}

## Bundle sizes (kB, gzip)

What one open of each page loads at most (\`bench/bundle-sizes.ts\`): its scripts and styles, and the largest chunk it loads
on demand (the popup, one language's words; the viewer, its media-server feed for links that name one).

${table(['Popup', 'Offscreen', 'Background', 'Options', 'Viewer'], [[`${sizes.popup} (target ≤ 25) ${check(sizes.popup <= 25)}`, String(sizes.offscreen), String(sizes.background), String(sizes.options), `${sizes.viewer} (target ≤ 70) ${check(sizes.viewer <= 70)}`]])}

## Every run

The host's sender: codec, frame size and fps as \`getStats()\` last reported them, bytes per second and the mean quantizer
(qp: higher is coarser) over the measured seconds, and \`qualityLimitationReason\`.

${table(['Page', 'Pipeline', 'Run', 'Tab', 'Click → link', 'First frame', 'Received', 'Detail', 'p50 / p95', 'fps', 'Freezes', 'Host sends', 'Limited by'], perRun)}
`;
// Hand-written findings (what was profiled, why a target is missed) live in bench/analysis.md.
const analysis = readFileSync(path.join(ROOT, 'bench/analysis.md'), 'utf8');
writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), `${markdown}\n${analysis}`);
console.log('\n' + markdown);
if (tabSizes.some((s) => s !== `${PAGE_SIZE.width}×${PAGE_SIZE.height}`))
  console.warn(`Warning: the shared tab was ${tabSizes.join(', ')}, not ${PAGE_SIZE.width}×${PAGE_SIZE.height}.`);
console.log(`Wrote bench/results/latest.json and docs/benchmarks.md (${wallSeconds} s)`);
// The PeerServer keeps timers alive after close(); the figures are written, so end here.
process.exit(0);
