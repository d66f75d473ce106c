// A private Janus (Debian's `janus` 1.1.2) for the tests, `npm start -- --media-server` and the
// benchmark: its own temp config folder, only the VideoRoom plugin and one transport loaded,
// bound to 127.0.0.1, a random API secret, no admin API, no STUN, ICE on loopback only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningJanus {
  /** ws://127.0.0.1:<port>/ or http://127.0.0.1:<port>/janus */
  url: string;
  apiSecret: string;
  pid: number;
  /** SIGTERM, SIGKILL after 3 s, waits for the exit, removes the temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface JanusOptions {
  transport?: 'ws' | 'http';
  /** The API port; a free one when missing. */
  port?: number;
  /** Janus's session_timeout in seconds (default 60): tests make it short to prove keepalives work. */
  sessionTimeout?: number;
  /** RTP/RTCP UDP ports Janus may use (default 20000-20999). */
  rtpPortRange?: string;
  /** Janus's debug_level 0-7 (default 2: fatal and errors); its output is kept for error messages. */
  debugLevel?: number;
}

const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu/janus',
  '/usr/lib/aarch64-linux-gnu/janus',
  '/usr/lib/janus',
  '/usr/local/lib/janus',
  '/opt/janus/lib/janus',
];
const START_TIMEOUT_MS = 10_000;

export function janusBinary(): string {
  const chosen = process.env.JANUS_PATH;
  if (chosen && !existsSync(chosen)) throw new Error(`JANUS_PATH is ${chosen}, which does not exist.`);
  const candidates = [chosen, '/usr/bin/janus', '/usr/local/bin/janus', '/opt/janus/bin/janus'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      "No Janus found. Set JANUS_PATH, or install Debian's janus: `apt-get install -y --no-install-recommends janus` (.ci/run does this).",
    );
  }
  return found;
}

/** The folder holding plugins/ and transports/ (JANUS_LIB_DIR, or where Debian puts them). */
function janusLibDir(): string {
  const candidates = [process.env.JANUS_LIB_DIR, ...LIB_DIRS];
  const found = candidates.find(
    (p): p is string => !!p && existsSync(path.join(p, 'plugins', 'libjanus_videoroom.so')),
  );
  if (!found) {
    throw new Error(
      `No Janus plugins found in ${LIB_DIRS.join(', ')}. Set JANUS_LIB_DIR, or install Debian's janus: \`apt-get install -y --no-install-recommends janus\`.`,
    );
  }
  return found;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A folder holding only a symlink to `file` (Janus loads every .so it finds in its folders). */
function linkOnly(dir: string, file: string): string {
  mkdirSync(dir);
  symlinkSync(file, path.join(dir, path.basename(file)));
  return dir;
}

function writeConfig(
  dir: string,
  lib: string,
  transport: 'ws' | 'http',
  port: number,
  apiSecret: string,
  options: JanusOptions,
): void {
  const transportFile = transport === 'ws' ? 'libjanus_websockets.so' : 'libjanus_http.so';
  const plugins = linkOnly(path.join(dir, 'plugins'), path.join(lib, 'plugins', 'libjanus_videoroom.so'));
  const transports = linkOnly(path.join(dir, 'transports'), path.join(lib, 'transports', transportFile));
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  // jcfg is libconfig syntax; strings are JSON-quoted (the folder names come from mkdtemp).
  const q = (s: string) => JSON.stringify(s);
  writeFileSync(
    path.join(dir, 'janus.jcfg'),
    `general: {
	configs_folder = ${q(dir)}
	plugins_folder = ${q(plugins)}
	transports_folder = ${q(transports)}
	events_folder = ${q(empty)}
	loggers_folder = ${q(empty)}
	debug_level = ${options.debugLevel ?? 2}
	debug_colors = false
	interface = "127.0.0.1"
	api_secret = ${q(apiSecret)}
	session_timeout = ${options.sessionTimeout ?? 60}
	server_name = "TabBeam test Janus"
	hide_dependencies = true
	protected_folders = [ "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var" ]
}
certificates: {
}
media: {
	rtp_port_range = ${q(options.rtpPortRange ?? '20000-20999')}
}
nat: {
	ice_enforce_list = "lo"
	ignore_mdns = true
}
plugins: {
}
transports: {
}
loggers: {
}
events: {
	broadcast = false
}
`,
  );
  // No static rooms, no admin_key: anyone holding the API secret can create rooms.
  writeFileSync(path.join(dir, 'janus.plugin.videoroom.jcfg'), 'general: {\n}\n');
  if (transport === 'ws') {
    writeFileSync(
      path.join(dir, 'janus.transport.websockets.jcfg'),
      `general: {
	json = "plain"
	ws = true
	ws_port = ${port}
	ws_ip = "127.0.0.1"
	wss = false
}
admin: {
	admin_ws = false
	admin_wss = false
}
`,
    );
  } else {
    writeFileSync(
      path.join(dir, 'janus.transport.http.jcfg'),
      `general: {
	json = "plain"
	base_path = "/janus"
	http = true
	port = ${port}
	ip = "127.0.0.1"
	https = false
}
admin: {
	admin_http = false
	admin_https = false
}
`,
    );
  }
}

/** One `info` round trip: true when Janus answers on its API. */
async function answers(url: string, transport: 'ws' | 'http', apiSecret: string): Promise<boolean> {
  const body = { janus: 'info', transaction: 'ready', apisecret: apiSecret };
  if (transport === 'http') {
    try {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(1000) });
      const json = (await res.json()) as { janus?: string };
      return json.janus === 'server_info';
    } catch {
      return false;
    }
  }
  const { WebSocket } = await import('ws');
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'janus-protocol');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    ws.on('open', () => ws.send(JSON.stringify(body)));
    ws.on('message', (data) => done((JSON.parse(String(data)) as { janus?: string }).janus === 'server_info'));
    ws.on('error', () => done(false));
    ws.on('close', () => done(false));
  });
}

/** Janus processes still running, and temp folders not yet removed. */
const running = new Set<number>();
const folders = new Set<string>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
}

/** Janus's words when its API port is taken (another process got the free port first). */
const PORT_TAKEN = /Couldn't start webserver|Error creating vhost/;

export async function startJanus(options: JanusOptions = {}): Promise<RunningJanus> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, options.port ?? (await freePort()));
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !PORT_TAKEN.test(String(error))) throw error;
    }
  }
}

async function launch(options: JanusOptions, port: number): Promise<RunningJanus> {
  const binary = janusBinary();
  const lib = janusLibDir();
  const transport = options.transport ?? 'ws';
  const apiSecret = randomBytes(24).toString('base64url');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-janus-'));
  const url = transport === 'ws' ? `ws://127.0.0.1:${port}/` : `http://127.0.0.1:${port}/janus`;
  try {
    writeConfig(dir, lib, transport, port, apiSecret, options);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const child = spawn(binary, ['-C', path.join(dir, 'janus.jcfg'), '-F', dir, '-o'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  let spawnFailed: (error: Error) => void = () => {};
  const spawnError = new Promise<Error>((resolve) => (spawnFailed = resolve));
  const exit = new Promise<void>((resolve) => {
    const gone = () => {
      exited = true;
      if (child.pid) running.delete(child.pid);
      resolve();
    };
    child.once('exit', gone);
    child.once('error', (error) => {
      gone(); // no process, so no 'exit' to wait for
      spawnFailed(error);
    });
  });
  if (child.pid) running.add(child.pid);
  folders.add(dir);
  killAllOnExit();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
      folders.delete(dir);
    })());

  const tail = () => output.trim().split('\n').slice(-15).join('\n');
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const early = await Promise.race([
      spawnError,
      exit.then(() => 'exited' as const),
      new Promise<null>((r) => setTimeout(() => r(null), 100)),
    ]);
    if (early instanceof Error) {
      await stop();
      throw new Error(`Janus (${binary}) did not start: ${early.message}`);
    }
    if (early === 'exited') {
      await stop();
      throw new Error(`Janus exited during startup (code ${child.exitCode ?? child.signalCode}):\n${tail()}`);
    }
    if (await answers(url, transport, apiSecret)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Janus did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${tail()}`);
    }
  }
  return { url, apiSecret, pid: child.pid!, stop };
}

// `tsx scripts/janus-server.ts [ws|http]`: a Janus to try things against, until Ctrl-C.
if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const transport = process.argv[2] === 'http' ? 'http' : 'ws';
  const janus = await startJanus({ transport });
  console.log(`Janus ${transport} on ${janus.url} (pid ${janus.pid}), API secret ${janus.apiSecret}. Ctrl-C stops it.`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void janus.stop().then(() => process.exit(0)));
  }
}
