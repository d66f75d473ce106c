// The local services TabBeam runs against in `npm start`, the tests and the benchmark:
// a PeerServer (npm `peer`) and a static server for dist/viewer and the demo page, on 127.0.0.1.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { PeerServer } from 'peer';
import sirv from 'sirv';

export interface LocalServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Close that also ends open (keep-alive and WebSocket) connections, so a stop is a real outage. */
function closeable(server: http.Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
}

export interface Broker extends LocalServer {
  /** The value for the `broker` setting. */
  settings: { host: string; port: number; path: string; secure: boolean; key: string };
}

/**
 * Where a local server listens: 127.0.0.1 over plain HTTP by default; a strict network's server
 * address over HTTPS (its certificate, trusted by the browsers' SPKI flag) for a viewer inside it.
 */
export interface ServeOptions {
  host?: string;
  tls?: { cert: string; key: string };
}

export function startBroker(port = 0, { host = '127.0.0.1', tls }: ServeOptions = {}): Promise<Broker> {
  return new Promise((resolve, reject) => {
    const options = { host, port, path: '/', key: 'peerjs', allow_discovery: false, ...(tls ? { ssl: tls } : {}) };
    const app = PeerServer(options, (server) => {
      const close = closeable(server as http.Server);
      const actual = (server.address() as AddressInfo).port;
      const secure = !!tls;
      resolve({
        port: actual,
        url: `${secure ? 'https' : 'http'}://${host}:${actual}/`,
        close,
        settings: { host, port: actual, path: '/', secure, key: 'peerjs' },
      });
    });
    app.on('error', reject);
  });
}

/** Serves `mounts` (URL prefix → folder), e.g. { '/': 'dist/viewer', '/demo/': 'tests/fixtures' }, on `host`. */
export function startStaticServer(
  mounts: Record<string, string>,
  port = 0,
  { host = '127.0.0.1', tls }: ServeOptions = {},
): Promise<LocalServer> {
  const handlers = Object.entries(mounts)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, dir]) => ({ prefix, serve: sirv(dir, { dev: true, etag: false }) }));
  const handle: http.RequestListener = (req, res) => {
    const mount = handlers.find((h) => (req.url ?? '/').startsWith(h.prefix));
    if (!mount) {
      res.writeHead(404).end();
      return;
    }
    req.url = '/' + (req.url ?? '/').slice(mount.prefix.length);
    mount.serve(req, res, () => {
      res.writeHead(404).end('not found');
    });
  };
  const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
  const close = closeable(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({ port: actual, url: `${tls ? 'https' : 'http'}://${host}:${actual}/`, close });
    });
  });
}
