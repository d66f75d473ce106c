// Keeping the benchmark's browsers off the internet, and checking that they stayed off.
// This machine has a default route and a DNS resolver (the sandbox's), which answers "no such name"
// for public names: without a guard, Chromium sends it queries for PeerJS's default STUN/TURN
// hostnames and for its own services (accounts.google.com, update.googleapis.com …). The guard, on
// every browser scripts/chromium.ts launches, makes every name but loopback's and mDNS's fail in the
// browser itself, as "not found", so no query is sent. The check reads each browser's net log
// (Chromium's record of its own DNS queries and sockets, WebRTC's UDP sockets included) and lists
// every destination that is not this machine.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface OfflineCheck {
  /** Net logs read (one per browser launched). */
  logs: number;
  /** Net logs that could not be read (a browser killed before it closed its log). */
  unreadable: number;
  /** DNS queries the browsers sent (0: the guard held). */
  dnsQueries: number;
  /** Destinations of UDP datagrams or TCP connections that are not this machine, with how many events. */
  offMachine: Record<string, number>;
  /** mDNS datagrams to the local link's multicast group (224.0.0.251 / ff02::fb, port 5353), never routed. */
  mdnsPackets: number;
}

/** A folder for this run's net logs, and the flags that make one browser write its log there. */
export function netLogs(): { dir: string; args(name: string): string[]; check(): OfflineCheck; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-netlog-'));
  let n = 0;
  return {
    dir,
    args: (name) => [`--log-net-log=${path.join(dir, `${name}-${++n}.json`)}`],
    check: () => checkNetLogs(dir),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** This machine's own addresses: traffic to them never leaves it. */
function ownAddresses(): Set<string> {
  const own = new Set(['127.0.0.1', '::1', '0.0.0.0', '::']);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) own.add(a.address);
  return own;
}

/** "1.2.3.4:5" or "[fd00::2]:5" → address and port. */
function split(endpoint: string): { address: string; port: string } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(endpoint);
  return m ? { address: m[1]!, port: m[2]! } : { address: endpoint, port: '' };
}

interface NetLog {
  constants: { logEventTypes: Record<string, number>; logEventPhase: Record<string, number> };
  events: { type: number; phase: number; params?: Record<string, unknown> }[];
}

/** A log whose browser was killed lacks its closing brackets: repair that much. */
function readLog(file: string): NetLog | null {
  const text = readFileSync(file, 'utf8');
  for (const candidate of [text, text.trimEnd().replace(/,$/, '') + ']}']) {
    try {
      return JSON.parse(candidate) as NetLog;
    } catch {
      // try the repaired text next
    }
  }
  return null;
}

export function checkNetLogs(dir: string): OfflineCheck {
  const own = ownAddresses();
  const result: OfflineCheck = { logs: 0, unreadable: 0, dnsQueries: 0, offMachine: {}, mdnsPackets: 0 };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const log = readLog(path.join(dir, file));
    if (!log) {
      result.unreadable++;
      continue;
    }
    result.logs++;
    const type = (name: string) => log.constants.logEventTypes[name];
    const [dns, udpSent, tcpAttempt] = ['DNS_TRANSACTION', 'UDP_BYTES_SENT', 'TCP_CONNECT_ATTEMPT'].map(type);
    const begin = log.constants.logEventPhase.PHASE_BEGIN;
    for (const e of log.events) {
      if (e.type === dns && e.phase === begin) result.dnsQueries++;
      if (e.type !== udpSent && !(e.type === tcpAttempt && e.phase === begin)) continue;
      const endpoint = String(e.params?.address ?? '');
      if (!endpoint) continue;
      const { address, port } = split(endpoint);
      if (own.has(address) || address.startsWith('127.')) continue;
      if ((address === '224.0.0.251' || address.toLowerCase() === 'ff02::fb') && port === '5353') result.mdnsPackets++;
      else result.offMachine[endpoint] = (result.offMachine[endpoint] ?? 0) + 1;
    }
  }
  return result;
}

/** Adds one cell's check to the run's. */
export function addChecks(a: OfflineCheck, b: OfflineCheck): OfflineCheck {
  const offMachine = { ...a.offMachine };
  for (const [k, v] of Object.entries(b.offMachine)) offMachine[k] = (offMachine[k] ?? 0) + v;
  return {
    logs: a.logs + b.logs,
    unreadable: a.unreadable + b.unreadable,
    dnsQueries: a.dnsQueries + b.dnsQueries,
    offMachine,
    mdnsPackets: a.mdnsPackets + b.mdnsPackets,
  };
}
