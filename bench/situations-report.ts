// The situations matrix (bench/situations.ts) as a section of docs/benchmarks.md, between markers so
// that `--situations` rewrites only it and the full `npm run bench` carries the latest one over.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Situation } from './situation-run';
import type { CellResult, CellSummary, SituationsResult, Stat } from './situation-stats';
import { STEPS } from './steps';

const ROOT = path.resolve(import.meta.dirname, '..');
export const SITUATIONS_JSON = path.join(ROOT, 'bench/results/situations.json');
const START = '<!-- situations:start -->';
const END = '<!-- situations:end -->';

const ms = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : `${Math.round(n)}`;
const ratio = (a: number | null, b: number | null) =>
  a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}×` : '–';
/** "median (min–max)"; a median of "never" when most runs never got sharp. */
const spread = (s: Stat, never = 0) =>
  s.n === 0
    ? '–'
    : `${s.median === null ? 'never' : ms(s.median)} (${ms(s.min)}–${s.max === null ? 'never' : ms(s.max)})${never ? `, ${never} never` : ''}`;
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const FACTORS = (s: Situation) => [
  s.popup === 'open' ? '**open**' : 'closed',
  s.viewer === 'same' ? '**same browser**' : 'other browser',
  s.ice === 'default' ? '**default**' : '`[]`',
  s.load === 'busy' ? '**busy**' : 'quiet',
];

function matrixRows(cells: CellResult[]): string[][] {
  return cells.map(({ situation, summary }) => {
    const [tb, bare] = [summary.tabbeam, summary.reference];
    return [
      `${situation.title} (\`${situation.id}\`)`,
      ...FACTORS(situation),
      spread(tb.firstFrameMs),
      spread(bare.firstFrameMs),
      ratio(tb.firstFrameMs.median, bare.firstFrameMs.median),
      spread(tb.sharpMs, tb.neverSharp),
      spread(bare.sharpMs, bare.neverSharp),
      ratio(tb.sharpMs.median, bare.sharpMs.median),
      `${tb.failed} / ${bare.failed} of ${tb.runs} / ${bare.runs}`,
    ];
  });
}

/** The bare pipeline's steps, as its viewer page and the connection probe mark them. */
const BARE_STEPS: [string, string][] = [
  ['DOM ready', 'bare: scripts parsed and run'],
  ['bare:broker-open', 'bare: the broker knows the viewer'],
  ['bare:call', "bare: the host's media offer arrives"],
  ['bare:stream', 'bare: media answered'],
  ['probe:data-connected', 'bare: data connection up (ICE + DTLS)'],
  ['probe:media-connected', 'bare: media connection up (ICE + DTLS)'],
  ['first frame', 'bare: the first frame is shown'],
];

/** TabBeam's steps down, the cells across; the bare pipeline's page load and first frame below. */
function timelineTable(cells: CellResult[]): string {
  const steps: string[] = [];
  for (const c of cells) for (const { step } of c.summary.tabbeam.timeline) if (!steps.includes(step)) steps.push(step);
  const at = (s: CellSummary, step: string) => ms(s.timeline.find((t) => t.step === step)?.ms);
  const rows = steps.map((step) => [step, STEPS[step] ?? '', ...cells.map((c) => at(c.summary.tabbeam, step))]);
  for (const [step, what] of BARE_STEPS)
    rows.push([
      `bare: ${step.replace(/^(bare|probe):/, '')}`,
      what,
      ...cells.map((c) => at(c.summary.reference, step)),
    ]);
  return table(['Step', 'What', ...cells.map((c) => `\`${c.situation.id}\``)], rows);
}

/** Where the time goes, both pipelines: the page, signalling and handshakes, then the media. */
function spansTable(cells: CellResult[]): string {
  const pair = (a: Stat, b: Stat) => `${ms(a.median)} / ${ms(b.median)}`;
  const rows = cells.map(({ situation, summary: { tabbeam: tb, reference: bare } }) => [
    `\`${situation.id}\``,
    pair(tb.spans.page, bare.spans.page),
    pair(tb.spans.toMediaConnected, bare.spans.toMediaConnected),
    ms(tb.spans.mediaToAttach.median),
    pair(tb.spans.mediaToFirstFrame, bare.spans.mediaToFirstFrame),
    pair(tb.firstFrameMs, bare.firstFrameMs),
  ]);
  return table(
    [
      'Cell',
      'Link → page ready (TabBeam / bare)',
      'Page ready → media connection up',
      'TabBeam: media up → track attached',
      'Media up → first frame',
      'Link → first frame',
    ],
    rows,
  );
}

/** How each pipeline's first frame went out, and the picture after it, per cell. */
function sendingTable(cells: CellResult[]): string {
  const rows = cells.map(({ situation, summary: { tabbeam: tb, reference: bare } }) => [
    `\`${situation.id}\``,
    `${ms(tb.atFirstFrame.estimateKbps.median)} / ${ms(bare.atFirstFrame.estimateKbps.median)}`,
    `${ms(tb.atFirstFrame.targetKbps.median)} / ${ms(bare.atFirstFrame.targetKbps.median)}`,
    `${ms(tb.atFirstFrame.pacerMsPerPacket.median)} (max ${ms(tb.atFirstFrame.pacerMsPerPacket.max)}) / ${ms(bare.atFirstFrame.pacerMsPerPacket.median)} (max ${ms(bare.atFirstFrame.pacerMsPerPacket.max)})`,
    `${tb.viewerFps.median ?? '–'} (min ${tb.viewerFps.min ?? '–'}) / ${bare.viewerFps.median ?? '–'} (min ${bare.viewerFps.min ?? '–'})`,
    `${tb.slowRuns} / ${bare.slowRuns}`,
  ]);
  return table(
    [
      'Cell',
      'Estimate at first frame, kbit/s (TabBeam / bare)',
      'Encoder target, kbit/s',
      'Mean pacer wait per packet, ms',
      'Viewer fps after sharp',
      'Runs < 10 fps',
    ],
    rows,
  );
}

/** The runs whose viewer got < 10 fps, with what their sender said. */
function slowRuns(cells: CellResult[]): string[] {
  return cells.flatMap((c) =>
    c.runs
      .filter((r) => r.slowSenderStats)
      .map((r) => {
        const d = r.senderDiagnostics?.after.at(-1);
        const s = r.sender;
        const pacer = d?.packetsSent ? Math.round((1000 * (d.totalPacketSendDelay ?? 0)) / d.packetsSent) : NaN;
        const trace = (r.slowTrace ?? []).map((t) => ms((t.availableOutgoingBitrate ?? NaN) / 1000)).join(', ');
        return (
          `- \`${c.situation.id}\` ${r.pipeline === 'tabbeam' ? 'TabBeam' : 'bare'} run ${r.run}: the viewer presented ${r.viewerFps} fps; ` +
          `the host sent ${s?.frameWidth}×${s?.frameHeight} at ${s?.sentFps} fps, ${Math.round((s?.bytesPerSecond ?? NaN) / 1000)} kB/s ` +
          `(qualityLimitationReason ${s?.qualityLimitationReason}), encoder target ${s?.targetKbps} kbit/s, estimate ${s?.availableOutgoingKbps} kbit/s, ` +
          `source ${s?.sourceFps} fps, packets ${ms(pacer)} ms in the pacer on average so far; the estimate over the next 6 s: ${trace || '–'} kbit/s.`
        );
      }),
  );
}

function notes(result: SituationsResult): string[] {
  const lines: string[] = [];
  for (const c of result.cells) {
    const tb = c.summary.tabbeam;
    const parts = [
      `the cores ${c.machineLoad.busyPercent}% busy, ${c.machineLoad.otherPercent} points of it other work than this run`,
    ];
    if (c.hogCpuPercent !== undefined) parts.push(`the hog got ${c.hogCpuPercent}% of a core`);
    if (tb.popupOpenAtFirstFrame)
      parts.push(
        `TabBeam's popup still open at the first frame in ${tb.popupOpenAtFirstFrame.open} of ${tb.popupOpenAtFirstFrame.of} runs`,
      );
    const slow = tb.slowRuns + c.summary.reference.slowRuns;
    if (slow) parts.push(`${slow} runs with the viewer under 10 fps (sender stats in the JSON)`);
    const late = tb.probeLate + c.summary.reference.probeLate;
    if (late)
      parts.push(
        `in ${late} runs the sharp probe read its first frame after the first one shown (their sharp time may be late)`,
      );
    if (c.relaunches) parts.push(`${c.relaunches} browsers relaunched`);
    const errors = [...tb.errors.map((e) => `TabBeam ${e}`), ...c.summary.reference.errors.map((e) => `bare ${e}`)];
    if (errors.length) parts.push(`failed: ${errors.join('; ')}`);
    if (c.error) parts.push(`stopped early: ${c.error}`);
    lines.push(`- \`${c.situation.id}\` (${Math.round(c.seconds / 6) / 10} min): ${parts.join('; ')}.`);
  }
  return lines;
}

function offlineSentence({ offline }: SituationsResult): string {
  const off = Object.entries(offline.offMachine);
  const verdict =
    offline.dnsQueries === 0 && off.length === 0
      ? `no DNS query and no datagram or connection to any address but this machine's own`
      : `**${offline.dnsQueries} DNS queries and ${off.length} destinations off this machine** (${off.map(([k, v]) => `${k} × ${v}`).join(', ')})`;
  return `Over the run, the net logs of all ${offline.logs} browsers${offline.unreadable ? ` (${offline.unreadable} unreadable)` : ''} show ${verdict}; besides that, ${offline.mdnsPackets} mDNS datagrams to the local link's multicast group (224.0.0.251:5353, how WebRTC names host candidates; never routed).`;
}

export function situationsMarkdown(result: SituationsResult): string {
  const quick = result.mode === 'quick';
  const minutes = Math.round(result.wallSeconds / 6) / 10;
  const m = result.machine;
  return `${START}
## Situations: the first frame where people meet it

Figures from \`npm run bench -- --situations${quick ? ' --quick' : ''}\` on ${result.date.slice(0, 10)} (the run took ${minutes} min): ${m.cores} cores (${m.cpu}),
${m.chromium} headless, ${result.runsPerCell} run${result.runsPerCell === 1 ? '' : 's'} of each pipeline per cell${quick ? ' — **a quick run: fewer runs than a full run (9), indicative only**' : ''}, alternating which goes first.
The sections above measure one friendly arrangement (host and viewer in separate browsers, \`iceServers: []\`, the popup closed).
Here each pipeline is set up as a new user has it (TabBeam: the build's default settings, pointed only at this machine's broker
and viewer site; bare: \`bench/reference\`), the share is started by a click on the toolbar icon, and four things vary:

- **Popup**: TabBeam's popup opened by a second click on the icon once the share is live (the real popup page: link, Copy, QR code, Preview),
  open through the join; or closed. The bare pipeline has no popup.
- **Viewer**: the link opened in another browser, or in a new window of the host's own browser (people test their own link).
- **ICE**: \`[]\` for both, or PeerJS's default STUN/TURN hostnames (TabBeam's setting at its default, null; the bare pipeline with PeerJS's
  default config), which cannot be reached here, as on a network that blocks them: every browser runs with \`--host-resolver-rules\`
  that fail every name but loopback's and mDNS's, so the lookups fail at once (error 701 at the \`RTCPeerConnection\`) and nothing leaves
  this machine. ${offlineSentence(result)}
- **Machine**: quiet, or busy: a child process spinning one core (a bounded busy loop, started after the browsers and killed at the end
  of the cell or on any exit).

Not the 16 cells of a full factorial: the quiet baseline, each factor changed alone, and the two combinations a new user meets
(popup open, same browser, default ICE; and that on a busy machine). **First frame**: link opened → first frame presented
(\`requestVideoFrameCallback\`). **Sharp**: link opened → the first presented frame at 1280×720 whose 1-px stripes keep a contrast ≥ 0.75
(0.86 is all; \`bench/sharp-probe.ts\` reads every decoded frame until then). Each figure: median (min–max) in ms over the runs that did not
fail; "never" counts a run with no sharp frame within 15 s as later than any. Raw runs, timelines and sender stats: \`bench/results/situations.json\`.

${table(
  [
    'Cell',
    'Popup',
    'Viewer',
    'ICE',
    'Machine',
    'TabBeam first frame',
    'Bare first frame',
    'TabBeam / bare',
    'TabBeam sharp',
    'Bare sharp',
    'TabBeam / bare',
    'Failed (TabBeam / bare)',
  ],
  matrixRows(result.cells),
)}

### TabBeam's first frame step by step, per situation

Each step's median over the cell's TabBeam runs, in ms since the link was opened (\`openAndTimeFirstFrame\`, the host's marks read from its
offscreen document).

${timelineTable(result.cells)}

### Where the time goes, TabBeam and bare

Medians of each run's spans, ms: the page (link → DOM ready), then signalling and the handshakes until the media connection is up
(ICE and DTLS done, \`probe:media-connected\`: \`bench/connection-probe.ts\` watches every \`RTCPeerConnection\` of the viewer page), then
the media itself: the encoder's start, the first frame over the network, decoded and shown. TabBeam attaches its track only once
the viewer has proven the link's secret; the middle column says how long after the media connection was up that happened (negative: before).

${spansTable(result.cells)}

### How the first frame went out

The host's video sender right after the first frame, read from its offscreen document's peer connection (\`bench/pc-stats.ts\`):
the congestion controller's estimate (\`availableOutgoingBitrate\`), the encoder's \`targetBitrate\`, and how long its packets had
waited in the pacer on average (\`totalPacketSendDelay / packetsSent\`); then the frames the viewer presented over 2 s after sharp.
Medians; TabBeam / bare.

${sendingTable(result.cells)}
${slowRuns(result.cells).length ? `\nRuns whose viewer got under 10 fps:\n\n${slowRuns(result.cells).join('\n')}\n` : ''}
Per cell:

${notes(result).join('\n')}
${END}`;
}

/** The section for the full `npm run bench` to carry over: rendered from the latest situations.json, '' if none. */
export function situationsSection(): string {
  if (!existsSync(SITUATIONS_JSON)) return '';
  return situationsMarkdown(JSON.parse(readFileSync(SITUATIONS_JSON, 'utf8')) as SituationsResult);
}

/** Replaces the section between the markers; without them, puts it before "## Start-up and load" (or at the end). */
export function writeSituationsSection(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  let next: string;
  if (start >= 0 && end > start) next = text.slice(0, start) + section + text.slice(end + END.length);
  else {
    const at = text.indexOf('\n## Start-up and load');
    next = at >= 0 ? `${text.slice(0, at)}\n${section}\n${text.slice(at)}` : `${text.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(file, next);
}

/** The matrix on the console. */
export function printSituations(result: SituationsResult, log: (line: string) => void): void {
  const rows = matrixRows(result.cells).map((r) => [r[0]!, r[5]!, r[6]!, r[7]!, r[8]!, r[9]!, r[10]!, r[11]!]);
  const header = ['cell', 'TabBeam first', 'bare first', 'ratio', 'TabBeam sharp', 'bare sharp', 'ratio', 'failed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  log('');
  log(
    `Link → first frame and link → sharp, ms: median (min–max), ${result.runsPerCell} runs each${result.mode === 'quick' ? ' (quick)' : ''}`,
  );
  log(line(header));
  for (const r of rows) log(line(r));
  log('');
  log(timelineTable(result.cells));
  log('');
  log(spansTable(result.cells));
  log('');
  log(sendingTable(result.cells));
  for (const line of slowRuns(result.cells)) log(line);
  log('');
  for (const n of notes(result)) log(n);
  log(offlineSentence(result));
}
