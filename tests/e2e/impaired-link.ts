// A network link we control, since this kernel has no netem: a local TURN server (npm node-turn)
// that the viewer is forced through, with a UDP proxy in front of it that delays, drops, or
// blackholes datagrams in both directions.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
interface TurnServer {
  start(): void;
  stop(): void;
  allocations: Record<string, { timer: NodeJS.Timeout; sockets: dgram.Socket[] }>;
}
const Turn = require('node-turn') as new (options: Record<string, unknown>) => TurnServer;

export interface ImpairedLink {
  /** For the viewer's iceServers: the proxy in front of TURN. */
  iceServer: { urls: string[]; username: string; credential: string };
  set(conditions: { delayMs?: number; loss?: number; down?: boolean }): void;
  close(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function startImpairedLink(): Promise<ImpairedLink> {
  const turnPort = await freeUdpPort();
  const turn = new Turn({
    listeningPort: turnPort,
    listeningIps: ['127.0.0.1'],
    relayIps: ['127.0.0.1'],
    authMech: 'long-term',
    credentials: { tabbeam: 'test' },
    debugLevel: 'OFF',
  });
  turn.start();

  let delayMs = 0;
  let loss = 0;
  let down = false;
  const front = dgram.createSocket('udp4');
  const upstreams = new Map<string, dgram.Socket>();
  // One datagram through the impaired link: maybe dropped, else delivered after the delay (each way).
  // A delayed datagram may come due after close(): sending on a closed socket throws.
  let closed = false;
  const pass = (send: () => void) => {
    if (down || Math.random() < loss) return;
    const deliver = () => {
      if (!closed) send();
    };
    if (delayMs > 0) setTimeout(deliver, delayMs);
    else deliver();
  };
  front.on('message', (message, client) => {
    const key = `${client.address}:${client.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (reply) => pass(() => front.send(reply, client.port, client.address)));
      socket.bind(0, '127.0.0.1');
      upstreams.set(key, socket);
      upstream = socket;
    }
    const target = upstream;
    pass(() => target.send(message, turnPort, '127.0.0.1'));
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const proxyPort = (front.address() as AddressInfo).port;

  return {
    iceServer: { urls: [`turn:127.0.0.1:${proxyPort}?transport=udp`], username: 'tabbeam', credential: 'test' },
    set(conditions) {
      delayMs = conditions.delayMs ?? delayMs;
      loss = conditions.loss ?? loss;
      down = conditions.down ?? down;
    },
    async close() {
      closed = true;
      for (const socket of upstreams.values()) socket.close();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      // node-turn's stop() leaves every allocation's relay socket open, and a datagram arriving on
      // one afterwards throws inside node-turn (it relays through the stopped server socket).
      for (const allocation of Object.values(turn.allocations)) {
        clearTimeout(allocation.timer);
        for (const socket of allocation.sockets) socket.close();
      }
      turn.stop();
    },
  };
}
