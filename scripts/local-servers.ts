// The local services TabBeam runs against in `npm start`, the tests and the benchmark:
// a PeerServer (npm `peer`) and a static server for dist/viewer and the demo page, on 127.0.0.1.
import http from 'node:http';
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
  settings: { host: string; port: number; path: string; secure: false; key: string };
}

export function startBroker(port = 0): Promise<Broker> {
  return new Promise((resolve, reject) => {
    const app = PeerServer({ host: '127.0.0.1', port, path: '/', key: 'peerjs', allow_discovery: false }, (server) => {
      const close = closeable(server as http.Server);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}/`,
        close,
        settings: { host: '127.0.0.1', port: actual, path: '/', secure: false, key: 'peerjs' },
      });
    });
    app.on('error', reject);
  });
}

/** Serves `mounts` (URL prefix → folder), e.g. { '/': 'dist/viewer', '/demo/': 'tests/fixtures' }. */
export function startStaticServer(mounts: Record<string, string>, port = 0): Promise<LocalServer> {
  const handlers = Object.entries(mounts)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, dir]) => ({ prefix, serve: sirv(dir, { dev: true, etag: false }) }));
  const server = http.createServer((req, res) => {
    const mount = handlers.find((h) => (req.url ?? '/').startsWith(h.prefix));
    if (!mount) {
      res.writeHead(404).end();
      return;
    }
    req.url = '/' + (req.url ?? '/').slice(mount.prefix.length);
    mount.serve(req, res, () => {
      res.writeHead(404).end('not found');
    });
  });
  const close = closeable(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({ port: actual, url: `http://127.0.0.1:${actual}/`, close });
    });
  });
}
