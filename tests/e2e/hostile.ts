// Attackers for the security tests: a page running the real PeerJS client, and a broker that
// routes viewers to the attacker (a man in the middle at the signalling server).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';
import { WebSocket, WebSocketServer } from 'ws';
import type { Broker, LocalServer } from '../../scripts/local-servers';

/** A page in its own browser context with `window.peerjs` loaded. */
export async function attackerPage(browser: Browser, siteUrl: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${siteUrl}demo/attacker.html`);
  await page.waitForFunction(() => 'peerjs' in window);
  return page;
}

/**
 * A viewer page in its own browser context (a friend's browser) that keeps a handle on its data
 * channels in `window.channels`, opened on `link`: a test then sends what a modified page could.
 */
export async function channelKeepingViewer(browser: Browser, link: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(`
    window.channels = [];
    const create = RTCPeerConnection.prototype.createDataChannel;
    RTCPeerConnection.prototype.createDataChannel = function (...args) { const c = create.apply(this, args); window.channels.push(c); return c; };
  `);
  await page.goto(link);
  return page;
}

/**
 * A malicious PeerServer: it relays to the real one, but whatever a viewer sends to `hostId`
 * goes to `attackerId`, and the attacker's replies come back labelled as the host's.
 */
export async function startMitmBroker(upstream: Broker, hostId: string, attackerId: string): Promise<LocalServer> {
  const server = http.createServer(async (req, res) => {
    // PeerJS fetches a fresh ID over HTTP before opening its socket.
    const reply = await fetch(`http://127.0.0.1:${upstream.port}${req.url}`);
    res
      .writeHead(reply.status, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' })
      .end(await reply.text());
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (client, req) => {
    const up = new WebSocket(`ws://127.0.0.1:${upstream.port}${req.url}`);
    const pending: string[] = [];
    const rewrite = (raw: string, from: string, to: string, field: 'src' | 'dst') => {
      const message = JSON.parse(raw) as Record<string, unknown>;
      if (message[field] === from) message[field] = to;
      return JSON.stringify(message);
    };
    client.on('message', (data) => {
      const out = rewrite(String(data), hostId, attackerId, 'dst');
      if (up.readyState === WebSocket.OPEN) up.send(out);
      else pending.push(out);
    });
    up.on('open', () => pending.splice(0).forEach((m) => up.send(m)));
    up.on('message', (data) => client.send(rewrite(String(data), attackerId, hostId, 'src')));
    up.on('close', () => client.close());
    client.on('close', () => up.close());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}
