// The two ways the Janus client (client.ts) carries JSON API messages: a WebSocket (subprotocol
// 'janus-protocol') or HTTP requests with a long poll for events. Both hand every reply and event
// to one sink (connection.ts), which matches them to their requests.
import { JanusError, type JanusDeps, type JanusServer, type WebSocketClass, type WebSocketLike } from './api';

/** Janus holds an HTTP long poll up to 30 s before answering with a keepalive. */
const LONG_POLL_ABORT_MS = 45_000;

export type Json = Record<string, unknown>;
export interface Route {
  session?: number;
  handle?: number;
}

/** One way to carry JSON API messages. Replies and events all come back through `onMessage`. */
export interface Transport {
  send(message: Json, route: Route): Promise<void>;
  /** HTTP: start long-polling the session's events (WebSocket: nothing to do). */
  listen(session: number): void;
  close(): void;
}
export interface TransportSink {
  onMessage(message: Json): void;
  /** The transport is gone (not called after close()). */
  onClosed(reason: string): void;
}

function openWebSocket(url: string, Ctor: WebSocketClass, timeoutMs: number, sink: TransportSink): Promise<Transport> {
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = new Ctor(url, 'janus-protocol');
    } catch (error) {
      reject(new JanusError('unreachable', null, `Cannot open ${url}: ${String(error)}`));
      return;
    }
    let open = false;
    let closedByUs = false;
    const timer = setTimeout(() => {
      reject(new JanusError('unreachable', null, `No WebSocket connection to ${url} within ${timeoutMs} ms`));
      closedByUs = true;
      socket.close();
    }, timeoutMs);
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      open = true;
      resolve({
        send: async (message) => {
          if (socket.readyState !== 1) throw new Error('WebSocket is not open');
          socket.send(JSON.stringify(message));
        },
        listen: () => {},
        close: () => {
          closedByUs = true;
          socket.close();
        },
      });
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && typeof message === 'object') sink.onMessage(message as Json);
    });
    // Browsers give no detail on 'error'; the 'close' that follows is what counts.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', () => {
      clearTimeout(timer);
      if (!open) reject(new JanusError('unreachable', null, `WebSocket connection to ${url} failed`));
      else if (!closedByUs) sink.onClosed('WebSocket closed');
    });
  });
}

function httpTransport(
  url: string,
  fetchFn: typeof fetch,
  apiSecret: string,
  timeoutMs: number,
  sink: TransportSink,
): Transport {
  const base = url.replace(/\/+$/, '');
  const path = (route: Route) =>
    base + (route.session ? `/${route.session}` + (route.handle ? `/${route.handle}` : '') : '');
  let closed = false;
  const polls = new AbortController();

  async function readJson(response: Response): Promise<unknown> {
    const text = await response.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  async function poll(session: number): Promise<void> {
    let failures = 0;
    while (!closed) {
      const query = new URLSearchParams({
        maxev: '10',
        rid: String(Date.now()),
        apisecret: apiSecret,
        token: apiSecret,
      });
      let response: Response;
      try {
        response = await fetchFn(`${base}/${session}?${query}`, {
          signal: AbortSignal.any([polls.signal, AbortSignal.timeout(LONG_POLL_ABORT_MS)]),
        });
      } catch (error) {
        if (closed) return;
        // One retry for a blip; a dead server refuses again at once.
        if (++failures >= 2) {
          sink.onClosed(`Long poll failed: ${String(error)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      failures = 0;
      const body = await readJson(response).catch(() => null);
      if (closed) return;
      if (!response.ok) {
        // 404: no such session (timed out or destroyed); 403: secret refused.
        sink.onClosed(`Long poll answered HTTP ${response.status}`);
        return;
      }
      for (const message of Array.isArray(body) ? body : [body]) {
        if (message && typeof message === 'object' && (message as Json).janus !== 'keepalive')
          sink.onMessage(message as Json);
      }
    }
  }

  return {
    async send(message, route) {
      // No Content-Type header: a text/plain POST is a "simple" CORS request, no preflight.
      const response = await fetchFn(path(route), {
        method: 'POST',
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await readJson(response);
      if (body && typeof body === 'object') sink.onMessage(body as Json);
      else throw new Error(`HTTP ${response.status} with no JSON`);
    },
    listen(session) {
      void poll(session);
    },
    close() {
      closed = true;
      polls.abort();
    },
  };
}

export function pickTransport(
  server: JanusServer,
  deps: JanusDeps,
  timeoutMs: number,
  sink: TransportSink,
): Promise<Transport> {
  let scheme: string;
  try {
    scheme = new URL(server.url).protocol;
  } catch {
    return Promise.reject(new JanusError('unreachable', null, `Not a Janus URL: ${server.url}`));
  }
  if (scheme === 'ws:' || scheme === 'wss:') {
    const Ctor = (deps.WebSocket ?? globalThis.WebSocket) as WebSocketClass | undefined;
    if (!Ctor)
      return Promise.reject(
        new JanusError(
          'unreachable',
          null,
          'No WebSocket implementation (in Node, pass WebSocket from the ws package)',
        ),
      );
    return openWebSocket(server.url, Ctor, timeoutMs, sink);
  }
  if (scheme === 'http:' || scheme === 'https:') {
    const fetchFn = deps.fetch ?? globalThis.fetch.bind(globalThis);
    return Promise.resolve(httpTransport(server.url, fetchFn, server.apiSecret, timeoutMs, sink));
  }
  return Promise.reject(new JanusError('unreachable', null, `Unsupported Janus URL scheme ${scheme}`));
}
