// A strict office network on this machine, for the TURN-over-TLS e2e test and `npm run bench -- --turn`
// (docs/strict-networks.md): a network namespace joined to the root one by a veth pair, whose
// firewall (nftables) drops all UDP and lets through only TCP to the TURN server's 443 and the
// ports the caller allows (the viewer page, the broker: HTTPS with the same certificate); a private coturn (Debian's `coturn`) on
// 443 with TLS only and REST credentials (a shared secret); a Chromium wrapper that runs the
// browser inside the namespace. Addresses come from the benchmark range 198.18.0.0/15: nothing
// leaves the machine. Needs root (CAP_NET_ADMIN). Every piece is torn down by `close()`, on
// process exit, and, should a run have been killed, by the next set-up of the same name.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface StrictNetworkOptions {
  /** Prefix of the namespace and interfaces (≤ 8 characters): `<name>ns`, `<name>-root`, `<name>-ns`. */
  name?: string;
  /** The third byte of the addresses: 198.18.<subnet>.0/29. */
  subnet?: number;
}

export interface StrictNetwork {
  /** The namespace's name, for `ip netns exec`. */
  namespace: string;
  /** The root side of the link: coturn listens here; bind the page and the broker here too. */
  serverIp: string;
  /** The namespace's address now (it changes with moveViewer). */
  viewerIp(): string;
  /** launchChromium's runUnder: Chromium inside the namespace. */
  runUnder: string[];
  /** What both browsers need: trust in the server's certificate (by its key), no mDNS host names. */
  chromiumArgs: string[];
  /** The server's certificate and key (PEM), for its address: coturn's, and the page's and broker's HTTPS. */
  tls: { cert: string; key: string };
  /** Lets the namespace reach these TCP ports of the server address too (the viewer page, the broker). */
  allowTcp(...ports: number[]): void;
  turn: {
    /** `turns:198.18.<subnet>.1:443?transport=tcp` */
    url: string;
    /** coturn's static-auth-secret (REST credentials). */
    secret: string;
    pid: number;
  };
  /** The viewer's network changes (Wi-Fi → mobile data): its address moves to another subnet. */
  moveViewer(): void;
  /** Packets the namespace's firewall dropped so far: UDP, and other TCP. */
  dropped(): { udp: number; other: number };
  /** Stops coturn (by PID), removes the namespace, the link and the temp folder. Safe to call twice. */
  close(): Promise<void>;
}

const TOOLS = ['ip', 'nft', 'turnserver', 'openssl'];

/** Why this machine cannot build the strict network, or null when it can. */
export function strictNetworkUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'needs root (CAP_NET_ADMIN) for ip netns, veth and nftables';
  const missingCaps = missingCapabilities();
  if (missingCaps) return `runs as root without ${missingCaps} (an unprivileged container?): ip netns needs them`;
  const missing = TOOLS.filter((tool) => !onPath(tool));
  if (missing.length > 0)
    return `missing ${missing.join(', ')} (apt-get install -y iproute2 nftables coturn openssl; .ci/run does this)`;
  return null;
}

/** CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21, to mount a namespace) in this process's effective set, or what lacks. */
function missingCapabilities(): string | null {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null; // cannot tell: let the set-up say
  }
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (!effective) return null;
  const caps = BigInt(`0x${effective}`);
  const missing = [
    ['CAP_NET_ADMIN', 12n],
    ['CAP_SYS_ADMIN', 21n],
  ].flatMap(([name, bit]) => ((caps >> (bit as bigint)) & 1n ? [] : [name as string]));
  return missing.length > 0 ? missing.join(' and ') : null;
}

function onPath(tool: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin']);
  return dirs.some((dir) => dir && existsSync(path.join(dir, tool)));
}

const run = (command: string, args: string[], input?: string): string =>
  execFileSync(command, args, { input, stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8' });
const quietly = (command: string, args: string[]) => {
  try {
    run(command, args);
  } catch {
    // already gone
  }
};
const inNs = (ns: string, args: string[], input?: string) => run('ip', ['netns', 'exec', ns, ...args], input);

interface Names {
  ns: string;
  root: string;
  peer: string;
  /** Where a live coturn's PID is kept, so a later run can stop one a killed run left behind. */
  pidFile: string;
}

const namesOf = (name: string): Names => ({
  ns: `${name}ns`,
  root: `${name}-root`,
  peer: `${name}-ns`,
  pidFile: path.join(os.tmpdir(), `tabbeam-strict-${name}.coturn.pid`),
});

/** Removes what a run with these names may have left: coturn, the namespace, the link. */
function sweep(names: Names): void {
  if (existsSync(names.pidFile)) {
    const pid = Number(readFileSync(names.pidFile, 'utf8'));
    if (Number.isInteger(pid) && pid > 1 && isCoturn(pid)) quietly('kill', ['-KILL', String(pid)]);
    rmSync(names.pidFile, { force: true });
  }
  quietly('ip', ['netns', 'del', names.ns]);
  quietly('ip', ['link', 'del', names.root]);
}

function isCoturn(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'turnserver';
  } catch {
    return false;
  }
}

const TABLE = 'tabbeam_strict';

/** Out: TCP to the server's 443 and to the ports in @pages (allowTcp), nothing else; all UDP dropped and counted. */
function firewall(serverIp: string): string {
  return `table inet ${TABLE} {
  set pages {
    type inet_service
  }
  chain out {
    type filter hook output priority 0; policy drop;
    meta l4proto udp counter drop
    oif "lo" accept
    ip daddr ${serverIp} tcp dport 443 accept
    ip daddr ${serverIp} tcp dport @pages accept
    counter drop
  }
  chain in {
    type filter hook input priority 0; policy drop;
    meta l4proto udp counter drop
    iif "lo" accept
    ct state established,related accept
    counter drop
  }
}
`;
}

function buildLink(names: Names, net4: string): void {
  const { ns, root, peer } = names;
  run('ip', ['netns', 'add', ns]);
  run('ip', ['link', 'add', root, 'type', 'veth', 'peer', 'name', peer]);
  run('ip', ['link', 'set', peer, 'netns', ns]);
  run('ip', ['addr', 'add', `${net4}.1/30`, 'dev', root]);
  run('ip', ['addr', 'add', `${net4}.5/30`, 'dev', root]); // the subnet the viewer moves to
  run('ip', ['link', 'set', root, 'up']);
  inNs(ns, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
  inNs(ns, ['ip', 'link', 'set', 'lo', 'up']);
  inNs(ns, ['ip', 'addr', 'add', `${net4}.2/30`, 'dev', peer]);
  inNs(ns, ['ip', 'link', 'set', peer, 'up']);
  // No default route: the server's address is all there is, and the viewer gathers only its relay.
  inNs(ns, ['nft', '-f', '-'], firewall(`${net4}.1`));
}

/** A self-signed certificate for the server's address, and the SHA-256 of its public key (Chromium's SPKI pin). */
function makeCertificate(
  dir: string,
  ip: string,
): { cert: string; key: string; spki: string; pem: StrictNetwork['tls'] } {
  const cert = path.join(dir, 'turn.crt');
  const key = path.join(dir, 'turn.key');
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=turn.tabbeam.test',
    '-addext',
    `subjectAltName=IP:${ip},DNS:turn.tabbeam.test`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  const pem = { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  const der = new X509Certificate(pem.cert).publicKey.export({ type: 'spki', format: 'der' });
  return { cert, key, spki: createHash('sha256').update(der).digest('base64'), pem };
}

/** docs/strict-networks.md's configuration: TLS on 443 only, REST credentials, relay on the same address. */
function coturnConfig(dir: string, ip: string, secret: string, cert: { cert: string; key: string }): string {
  return [
    `listening-ip=${ip}`,
    `relay-ip=${ip}`,
    'tls-listening-port=443',
    'no-udp',
    'no-dtls',
    'no-tcp',
    'min-port=49160',
    'max-port=49200',
    'use-auth-secret',
    `static-auth-secret=${secret}`,
    'realm=tabbeam.test',
    'fingerprint',
    'no-cli',
    'no-tlsv1',
    'no-tlsv1_1',
    `cert=${cert.cert}`,
    `pkey=${cert.key}`,
    'no-multicast-peers',
    'denied-peer-ip=192.0.2.0-192.0.2.255',
    `pidfile=${path.join(dir, 'turnserver.pid')}`,
    `userdb=${path.join(dir, 'turndb')}`,
    'simple-log',
    'log-file=stdout',
    '',
  ].join('\n');
}

/**
 * coturn, as a child that holds none of this process's other files: a lock taken with flock(1)
 * around the test run would otherwise stay held by the daemon (docs/strict-networks.md).
 */
function startCoturn(config: string): { child: ChildProcess; output: () => string } {
  const closeInherited = 'for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@"';
  const child = spawn('bash', ['-c', closeInherited, 'coturn', 'turnserver', '-c', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output.trim().split('\n').slice(-15).join('\n') };
}

function listening(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ip, port, timeout: 500 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const open = new Set<() => void>();
let exitHook = false;
function onExit(cleanup: () => void): void {
  open.add(cleanup);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const fn of open) fn();
  });
}

function counters(ns: string): { udp: number; other: number } {
  const text = inNs(ns, ['nft', 'list', 'table', 'inet', TABLE]);
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0);
  return {
    udp: sum(/meta l4proto udp counter packets (\d+)/g),
    other: sum(/^\s*counter packets (\d+) bytes \d+ drop/gm),
  };
}

export async function startStrictNetwork(options: StrictNetworkOptions = {}): Promise<StrictNetwork> {
  const reason = strictNetworkUnavailable();
  if (reason) throw new Error(`Cannot build the strict network: ${reason}.`);
  const name = options.name ?? 'tbt';
  if (!/^[a-z][a-z0-9]{0,7}$/.test(name)) throw new Error(`Bad strict-network name: ${name}`);
  const net4 = `198.18.${options.subnet ?? 20}`;
  const serverIp = `${net4}.1`;
  const names = namesOf(name);
  sweep(names);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-strict-'));
  let coturn: ChildProcess | null = null;
  let closed = false;
  const cleanup = () => {
    if (closed) return;
    closed = true;
    if (coturn?.pid && coturn.exitCode === null) quietly('kill', ['-KILL', String(coturn.pid)]);
    sweep(names);
    rmSync(dir, { recursive: true, force: true });
    open.delete(cleanup);
  };
  onExit(cleanup);
  try {
    buildLink(names, net4);
    const cert = makeCertificate(dir, serverIp);
    const secret = randomBytes(24).toString('base64url');
    const config = path.join(dir, 'turnserver.conf');
    writeFileSync(config, coturnConfig(dir, serverIp, secret, cert));
    const started = startCoturn(config);
    coturn = started.child;
    if (coturn.pid) writeFileSync(names.pidFile, String(coturn.pid));
    await waitForCoturn(coturn, serverIp, started.output);
    const child = coturn;
    let viewerIp = `${net4}.2`;
    return {
      namespace: names.ns,
      serverIp,
      viewerIp: () => viewerIp,
      runUnder: ['ip', 'netns', 'exec', names.ns],
      chromiumArgs: [
        `--ignore-certificate-errors-spki-list=${cert.spki}`,
        '--disable-features=WebRtcHideLocalIpsWithMdns',
      ],
      tls: cert.pem,
      allowTcp(...ports) {
        inNs(names.ns, ['nft', 'add', 'element', 'inet', TABLE, 'pages', `{ ${ports.join(', ')} }`]);
      },
      turn: { url: `turns:${serverIp}:443?transport=tcp`, secret, pid: child.pid! },
      moveViewer() {
        // Between 198.18.x.2 (the server's own /30) and 198.18.x.6, which reaches it through a gateway.
        const next = viewerIp === `${net4}.2` ? `${net4}.6` : `${net4}.2`;
        // The old network goes (the browser sees it offline), then the new one comes with its route.
        run('ip', ['-n', names.ns, 'addr', 'del', `${viewerIp}/30`, 'dev', names.peer]);
        quietly('ip', ['-n', names.ns, 'route', 'del', `${serverIp}/32`]);
        const batch = [`addr add ${next}/30 dev ${names.peer}`];
        if (next === `${net4}.6`) batch.push(`route add ${serverIp}/32 via ${net4}.5 dev ${names.peer}`);
        run('ip', ['-n', names.ns, '-batch', '-'], batch.join('\n') + '\n');
        viewerIp = next;
      },
      dropped: () => counters(names.ns),
      async close() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
          await exited;
          clearTimeout(timer);
        }
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function waitForCoturn(child: ChildProcess, ip: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await listening(ip, 443))) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`coturn exited during startup (${child.exitCode ?? child.signalCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`coturn did not listen on ${ip}:443 within 10 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
