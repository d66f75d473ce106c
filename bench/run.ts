// `npm run bench [-- --quick]`: TabBeam against the reference pipeline in the same run.
// Prints figures and writes bench/results/latest.json and docs/benchmarks.md. Targets are
// reported, not asserted: this machine is noisy, so every figure sits beside the reference's.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../scripts/chromium';
import { bundleSizes } from './bundle-sizes';
import { runCycles, runSoak } from './endurance';
import { measureSourceSwitch, reference, runPipeline, startServers, tabbeam, type PipelineResult, type RunOptions, type Summary } from './harness';

const ROOT = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const options: RunOptions = quick
  ? { runs: 3, latencySeconds: 5, viewerCounts: [1, 2], perCountSeconds: 3, log: console.log }
  : { runs: 10, latencySeconds: 20, viewerCounts: [1, 2, 4, 6, 8], perCountSeconds: 8, log: console.log };

// `--cycles [n]` and `--soak [minutes]` run only the endurance checks (bench/endurance.ts).
const flagValue = (flag: string, fallback: number) => {
  const i = process.argv.indexOf(flag);
  const n = Number(process.argv[i + 1]);
  return i >= 0 && Number.isFinite(n) && n > 0 ? n : fallback;
};
if (process.argv.includes('--cycles') || process.argv.includes('--soak')) {
  const servers = await startServers();
  const soak = process.argv.includes('--soak');
  const result = soak ? await runSoak(servers, flagValue('--soak', 30), console.log) : await runCycles(servers, flagValue('--cycles', 50), console.log);
  await servers.close();
  const file = path.join(ROOT, `bench/results/${soak ? 'soak' : 'cycles'}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
  console.log(`Wrote ${path.relative(ROOT, file)}`);
  process.exit(0);
}

const probe = await launchChromium();
const chromium = await probe.version();
await probe.close();

const servers = await startServers();
let results: Record<'reference' | 'tabbeam', PipelineResult>;
let sourceSwitchMs: Summary;
try {
  results = { reference: await runPipeline(reference, servers, options), tabbeam: await runPipeline(tabbeam, servers, options) };
  sourceSwitchMs = await measureSourceSwitch(servers, options.runs, console.log);
} finally {
  await servers.close();
}
const sizes = bundleSizes();
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), chromium, node: process.version };
const date = new Date().toISOString();
writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify({ date, mode: quick ? 'quick' : 'full', options: { ...options, log: undefined }, machine, results, sourceSwitchMs, bundleSizesKbGzip: sizes }, null, 2) + '\n');

const { reference: ref, tabbeam: tb } = results;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
const ms = (n: number) => `${Math.round(n)} ms`;
const check = (ok: boolean) => (ok ? '✅' : '❌');
const rows: [string, string, string, string, string][] = [
  ['Click → link ready (median / p95)', `${ms(tb.clickToLinkMs.median)} / ${ms(tb.clickToLinkMs.p95)}`, `${ms(ref.clickToLinkMs.median)} / ${ms(ref.clickToLinkMs.p95)}`, ratio(tb.clickToLinkMs.median, ref.clickToLinkMs.median), `≤ 300 ms ${check(tb.clickToLinkMs.median <= 300)}`],
  ['Link opened → first frame (median / p95)', `${ms(tb.firstFrameMs.median)} / ${ms(tb.firstFrameMs.p95)}`, `${ms(ref.firstFrameMs.median)} / ${ms(ref.firstFrameMs.p95)}`, ratio(tb.firstFrameMs.median, ref.firstFrameMs.median), `≤ 400 ms ${check(tb.firstFrameMs.median <= 400)}`],
  ['Glass-to-glass p50', ms(tb.oneViewer.latencyMs.median), ms(ref.oneViewer.latencyMs.median), ratio(tb.oneViewer.latencyMs.median, ref.oneViewer.latencyMs.median), `≤ 1.1× ${check(tb.oneViewer.latencyMs.median <= 1.1 * ref.oneViewer.latencyMs.median)}`],
  ['Glass-to-glass p95', ms(tb.oneViewer.latencyMs.p95), ms(ref.oneViewer.latencyMs.p95), ratio(tb.oneViewer.latencyMs.p95, ref.oneViewer.latencyMs.p95), `≤ 1.1× ${check(tb.oneViewer.latencyMs.p95 <= 1.1 * ref.oneViewer.latencyMs.p95)}`],
  ['Glass-to-glass max', ms(tb.oneViewer.latencyMs.max), ms(ref.oneViewer.latencyMs.max), ratio(tb.oneViewer.latencyMs.max, ref.oneViewer.latencyMs.max), ''],
  ['Delivered fps, one viewer', tb.oneViewer.fps.toFixed(1), ref.oneViewer.fps.toFixed(1), ratio(tb.oneViewer.fps, ref.oneViewer.fps), `≥ 29 ${check(tb.oneViewer.fps >= 29)}`],
  ['Freezes (gaps > 100 ms)', String(tb.oneViewer.freezes), String(ref.oneViewer.freezes), '', ''],
  ['Resolution received', `${tb.oneViewer.width}×${tb.oneViewer.height}`, `${ref.oneViewer.width}×${ref.oneViewer.height}`, '', ''],
  ['Bytes per second per viewer', `${Math.round(tb.oneViewer.bytesPerSecond / 1000)} kB/s`, `${Math.round(ref.oneViewer.bytesPerSecond / 1000)} kB/s`, ratio(tb.oneViewer.bytesPerSecond, ref.oneViewer.bytesPerSecond), ''],
  ['Encoder qualityLimitationReason', tb.oneViewer.qualityLimitationReason, ref.oneViewer.qualityLimitationReason, '', ''],
  ['"Share this tab instead": click → new picture (median / p95)', `${ms(sourceSwitchMs.median)} / ${ms(sourceSwitchMs.p95)}`, '–', '', `≤ 1000 ms ${check(sourceSwitchMs.median <= 1000)}`],
  ['Most viewers with every one ≥ 24 fps', String(tb.maxViewersAt24Fps), String(ref.maxViewersAt24Fps), '', `≥ 6 ${check(tb.maxViewersAt24Fps >= 6)}`],
];
const table = (header: string[], body: string[][]) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const perHost = tb.viewersPerHost.map((row, i) => {
  const r = ref.viewersPerHost[i];
  return [String(row.viewers), `${row.minFps.toFixed(1)} / ${row.meanFps.toFixed(1)}`, ms(row.latencyP50Ms), `${row.hostCpuPercent.toFixed(0)}%`, r ? `${r.minFps.toFixed(1)} / ${r.meanFps.toFixed(1)}` : '', r ? ms(r.latencyP50Ms) : '', r ? `${r.hostCpuPercent.toFixed(0)}%` : ''];
});

const markdown = `# Benchmarks

Figures from \`npm run bench${quick ? ' -- --quick' : ''}\` on ${date.slice(0, 10)}: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB,
${chromium} headless, Node ${machine.node}. TabBeam and the reference pipeline (\`bench/reference\`: tab capture in an
offscreen document, one raw PeerJS call, a bare viewer page) ran one after the other in the same run, each with its own host
browser and a separate viewer browser on this machine, a local PeerServer, \`iceServers: []\`, the demo page
(\`tests/fixtures/source.html\`) in a 1280×720 tab. Start-up figures are over ${options.runs} runs each; the one-viewer
figures over ${options.latencySeconds} s; each viewers-per-host row over ${options.perCountSeconds} s. Raw figures: \`bench/results/latest.json\`.

${table(['Figure', 'TabBeam', 'Reference', 'Ratio', 'Target'], rows)}

## Viewers per host

Each viewer's fps (lowest / mean), glass-to-glass p50, and the host browser's CPU (all its processes, % of one core;
the viewers run in a separate browser on the same 2 cores).

${table(['Viewers', 'TabBeam fps', 'TabBeam p50', 'TabBeam host CPU', 'Reference fps', 'Reference p50', 'Reference host CPU'], perHost)}

## Bundle sizes (kB, gzip)

${table(['Popup', 'Offscreen', 'Background', 'Options', 'Viewer'], [[`${sizes.popup} (target ≤ 25) ${check(sizes.popup <= 25)}`, String(sizes.offscreen), String(sizes.background), String(sizes.options), `${sizes.viewer} (target ≤ 70) ${check(sizes.viewer <= 70)}`]])}
`;
// Hand-written findings (what was profiled, why a target is missed) live in bench/analysis.md.
const analysis = readFileSync(path.join(ROOT, 'bench/analysis.md'), 'utf8');
writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), `${markdown}\n${analysis}`);
console.log('\n' + markdown);
console.log('Wrote bench/results/latest.json and docs/benchmarks.md');
// The PeerServer keeps timers alive after close(); the figures are written, so end here.
process.exit(0);
