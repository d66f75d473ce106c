// `npx tsx bench/hand-off.ts [runs] [--direct | --idle]` (after `npm run build`, under /tmp/e2e.lock): only
// the hand-off from the host's stream to the Janus room (measureHandOff), N times; prints each run's
// longest gap between the first viewer's frames, then the median and max over the runs that reached
// the room. The controls, with no room: `--direct`, the second viewer joins peer to peer; `--idle`,
// no second viewer at all.
import { startJanus } from '../scripts/janus-server';
import { measureHandOff, startServers } from './harness';

const mode = process.argv.includes('--direct') ? 'direct' : process.argv.includes('--idle') ? 'idle' : 'hand-off';
const runs = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 20) || 20;
const servers = await startServers();
const janus = await startJanus({ transport: 'ws' });
try {
  const result = await measureHandOff(servers, janus, runs, console.log, mode);
  const gaps = result.runs.map((r) => r.maxGapMs);
  console.log(`longest gaps (ms): ${gaps.join(', ')}`);
  const { median, max, n } = result.maxGapMs;
  console.log(
    `median ${median} ms, max ${max} ms over the ${n} runs${mode === 'hand-off' ? ' that reached the server' : ''}`,
  );
  const under = gaps.filter((g) => g < 300).length;
  console.log(`under 300 ms: ${under} of ${runs}; never on the server: ${result.neverOnServer}`);
} finally {
  await janus.stop();
  await servers.close();
}
process.exit(0);
