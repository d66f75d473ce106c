// A small typed client for the Janus WebRTC Server's JSON API (sessions, plugin handles,
// messages, trickle, keepalive), over WebSocket (subprotocol 'janus-protocol') or HTTP long-poll.
// Runs in browsers (global WebSocket/fetch) and in Node 20 (pass WebSocket from the `ws` package).
// Errors carry a `problem` callers turn into their own words; Janus's reason stays in `message`.
import { randomToken } from '../random-id';

export interface JanusServer {
  /** ws(s)://host:port/ (WebSocket transport) or http(s)://host:port/janus (HTTP long-poll). */
  url: string;
  /** Janus's `api_secret`; sent as both `apisecret` and `token`. */
  apiSecret: string;
}

export type JanusProblem =
  /** The server could not be reached, or did not answer in time, before a session existed. */
  | 'unreachable'
  /** Wrong or missing API secret / token: Janus error 403. */
  | 'rejected'
  /** The session is gone: transport closed, keepalive refused, session timed out, or destroyed. */
  | 'lost'
  /** Any other Janus or plugin error, or a request on a live session that timed out. */
  | 'failed';

export class JanusError extends Error {
  constructor(
    readonly problem: JanusProblem,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'JanusError';
  }
}

export type JanusJsep = RTCSessionDescriptionInit & { e2ee?: boolean };

export interface JanusEvent {
  janus: string;
  data?: Record<string, unknown>;
  jsep?: JanusJsep;
}

export interface JanusHandle {
  readonly id: number;
  /** A synchronous plugin request (create, destroy, edit, exists, kick, listparticipants): the plugin's response data; a plugin error_code → JanusError('failed', code). */
  request<T extends object = Record<string, unknown>>(body: Record<string, unknown>): Promise<T>;
  /** An asynchronous plugin message (join, publish, configure, start): the plugin event that answers it, with its jsep. */
  message(body: Record<string, unknown>, jsep?: JanusJsep): Promise<{ data: Record<string, unknown>; jsep?: JanusJsep }>;
  /** One local ICE candidate, or null for end-of-candidates. Fire and forget. */
  trickle(candidate: RTCIceCandidateInit | null): void;
  /** Unsolicited plugin events (e.g. a publisher left, this participant was kicked) and webrtcup/hangup/media events from Janus core. */
  onEvent(callback: (event: JanusEvent) => void): void;
  /** Detaches the handle (closes its PeerConnection on Janus's side). Never rejects once the session is gone. */
  detach(): Promise<void>;
}

export interface JanusSession {
  readonly id: number;
  attach(plugin: 'janus.plugin.videoroom'): Promise<JanusHandle>;
  /** Called once when the session is gone for good: transport closed or unreachable, keepalive refused, session timed out. Not called after destroy(). */
  onLost(callback: () => void): void;
  destroy(): Promise<void>;
}

/** What connectJanus needs of a WebSocket class: the browser's, or `ws`'s (whose types differ in details). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type WebSocketClass = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface JanusDeps {
  WebSocket?: WebSocketClass | typeof WebSocket;
  fetch?: typeof fetch;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** Keepalive period (default 25 s; Janus's session_timeout is 60 s). Tests shorten it. */
  keepaliveMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_KEEPALIVE_MS = 25_000;
/** Janus holds an HTTP long poll up to 30 s before answering with a keepalive. */
const LONG_POLL_ABORT_MS = 45_000;
/** Janus error codes (janus/apierror.h). */
const UNAUTHORIZED = 403;
const SESSION_NOT_FOUND = 458;
const HANDLE_NOT_FOUND = 459;

type Json = Record<string, unknown>;
interface Route {
  session?: number;
  handle?: number;
}

/** One way to carry JSON API messages. Replies and events all come back through `onMessage`. */
interface Transport {
  send(message: Json, route: Route): Promise<void>;
  /** HTTP: start long-polling the session's events (WebSocket: nothing to do). */
  listen(session: number): void;
  close(): void;
}
interface TransportSink {
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

function httpTransport(url: string, fetchFn: typeof fetch, apiSecret: string, timeoutMs: number, sink: TransportSink): Transport {
  const base = url.replace(/\/+$/, '');
  const path = (route: Route) => base + (route.session ? `/${route.session}` + (route.handle ? `/${route.handle}` : '') : '');
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
      const query = new URLSearchParams({ maxev: '10', rid: String(Date.now()), apisecret: apiSecret, token: apiSecret });
      let response: Response;
      try {
        response = await fetchFn(`${base}/${session}?${query}`, { signal: AbortSignal.any([polls.signal, AbortSignal.timeout(LONG_POLL_ABORT_MS)]) });
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
        if (message && typeof message === 'object' && (message as Json).janus !== 'keepalive') sink.onMessage(message as Json);
      }
    }
  }

  return {
    async send(message, route) {
      // No Content-Type header: a text/plain POST is a "simple" CORS request, no preflight.
      const response = await fetchFn(path(route), { method: 'POST', body: JSON.stringify(message), signal: AbortSignal.timeout(timeoutMs) });
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

function randomTransaction(): string {
  return randomToken();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Pending {
  resolve(message: Json): void;
  reject(error: JanusError): void;
  timer: ReturnType<typeof setTimeout>;
  /** 'ack' resolves on ack (keepalive, trickle); 'reply' on success or event (ack ignored). */
  until: 'ack' | 'reply';
}

class Connection implements TransportSink {
  transport!: Transport;
  sessionId: number | null = null;
  state: 'connecting' | 'open' | 'lost' | 'destroyed' = 'connecting';
  readonly pending = new Map<string, Pending>();
  readonly handles = new Map<number, HandleImpl>();
  readonly lostCallbacks: Array<() => void> = [];
  keepalive: ReturnType<typeof setInterval> | undefined;
  destroying = false;

  constructor(
    readonly server: JanusServer,
    readonly timeoutMs: number,
  ) {}

  onMessage(message: Json): void {
    const transaction = typeof message.transaction === 'string' ? message.transaction : undefined;
    const pending = transaction ? this.pending.get(transaction) : undefined;
    const kind = message.janus;
    if (pending && transaction) {
      if (kind === 'ack' && pending.until === 'reply') return; // the event follows (or came first)
      this.pending.delete(transaction);
      clearTimeout(pending.timer);
      if (kind === 'error') {
        const error = (message.error ?? {}) as { code?: number; reason?: string };
        const code = typeof error.code === 'number' ? error.code : null;
        const problem: JanusProblem = code === UNAUTHORIZED ? 'rejected' : code === SESSION_NOT_FOUND && this.state === 'open' ? 'lost' : 'failed';
        pending.reject(new JanusError(problem, code, `Janus error ${code ?? '?'}: ${error.reason ?? 'no reason given'}`));
        if (problem === 'lost') this.lose(`Janus no longer knows session ${this.sessionId}`);
      } else {
        pending.resolve(message);
      }
      return;
    }
    if (kind === 'timeout' && this.state === 'open') {
      this.lose('Janus timed the session out');
      return;
    }
    if (kind === 'ack' || kind === 'success' || kind === 'error') return; // late replies to timed-out requests
    const sender = typeof message.sender === 'number' ? message.sender : undefined;
    const handle = sender !== undefined ? this.handles.get(sender) : undefined;
    if (!handle) return;
    const plugindata = message.plugindata as { data?: Json } | undefined;
    const event: JanusEvent = { janus: String(kind) };
    if (plugindata?.data) {
      event.data = plugindata.data;
    } else {
      // Core events (webrtcup, media, slowlink, hangup, detached): their own fields as data.
      const { janus: _janus, session_id: _session, sender: _sender, transaction: _transaction, jsep: _jsep, ...rest } = message;
      if (Object.keys(rest).length) event.data = rest;
    }
    if (message.jsep) event.jsep = message.jsep as JanusJsep;
    if (kind === 'detached') this.handles.delete(handle.id);
    handle.emit(event);
  }

  onClosed(reason: string): void {
    if (this.state === 'open') this.lose(reason);
    else if (this.state === 'connecting') this.shutdown(new JanusError('unreachable', null, `Janus at ${this.server.url} went away: ${reason}`));
  }

  lose(reason: string): void {
    if (this.state !== 'open') return;
    this.state = 'lost';
    this.shutdown(new JanusError('lost', null, `Janus session lost: ${reason}`));
    if (this.destroying) return; // destroy() was called: nobody is told
    for (const callback of this.lostCallbacks.splice(0)) {
      try {
        callback();
      } catch (error) {
        console.error('Janus onLost callback failed', error);
      }
    }
  }

  shutdown(error: JanusError): void {
    clearInterval(this.keepalive);
    this.transport.close();
    for (const [transaction, pending] of this.pending) {
      this.pending.delete(transaction);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  /** Sends one API request with transaction and secret, resolves with its reply. */
  send(body: Json, route: Route, until: Pending['until'] = 'reply'): Promise<Json> {
    if (this.state === 'lost' || this.state === 'destroyed') {
      return Promise.reject(new JanusError('lost', null, `Janus session is ${this.state}`));
    }
    const transaction = randomTransaction();
    const message: Json = { ...body, transaction, apisecret: this.server.apiSecret, token: this.server.apiSecret };
    if (route.session) message.session_id = route.session;
    if (route.handle) message.handle_id = route.handle;
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        const connecting = this.state === 'connecting';
        reject(new JanusError(connecting ? 'unreachable' : 'failed', null, `No answer from Janus to '${String(body.janus)}' within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(transaction, { resolve, reject, timer, until });
      this.transport.send(message, route).catch((error: unknown) => {
        if (!this.pending.delete(transaction)) return;
        clearTimeout(timer);
        if (this.state === 'connecting') {
          reject(new JanusError('unreachable', null, `Cannot reach Janus at ${this.server.url}: ${errorText(error)}`));
        } else {
          reject(new JanusError('lost', null, `Cannot reach Janus at ${this.server.url}: ${errorText(error)}`));
          this.lose(errorText(error));
        }
      });
    });
  }
}

class HandleImpl implements JanusHandle {
  private readonly callbacks: Array<(event: JanusEvent) => void> = [];

  constructor(
    private readonly connection: Connection,
    readonly id: number,
  ) {}

  private route(): Route {
    return { session: this.connection.sessionId ?? undefined, handle: this.id };
  }

  private pluginData(reply: Json): Json {
    const data = (reply.plugindata as { data?: Json } | undefined)?.data;
    if (!data) throw new JanusError('failed', null, `Janus reply without plugin data: ${String(reply.janus)}`);
    if (data.error_code !== undefined || data.error !== undefined) {
      const code = typeof data.error_code === 'number' ? data.error_code : null;
      throw new JanusError('failed', code, `Plugin error ${code ?? '?'}: ${String(data.error ?? 'no reason given')}`);
    }
    return data;
  }

  async request<T extends object = Record<string, unknown>>(body: Record<string, unknown>): Promise<T> {
    const reply = await this.connection.send({ janus: 'message', body }, this.route());
    return this.pluginData(reply) as T;
  }

  async message(body: Record<string, unknown>, jsep?: JanusJsep): Promise<{ data: Record<string, unknown>; jsep?: JanusJsep }> {
    const request: Json = { janus: 'message', body };
    if (jsep) request.jsep = { type: jsep.type, sdp: jsep.sdp, ...(jsep.e2ee ? { e2ee: true } : {}) };
    const reply = await this.connection.send(request, this.route());
    const data = this.pluginData(reply);
    return reply.jsep ? { data, jsep: reply.jsep as JanusJsep } : { data };
  }

  trickle(candidate: RTCIceCandidateInit | null): void {
    const payload = candidate && candidate.candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null } : { completed: true };
    this.connection.send({ janus: 'trickle', candidate: payload }, this.route(), 'ack').catch((error: unknown) => {
      console.debug('Janus trickle failed', error);
    });
  }

  onEvent(callback: (event: JanusEvent) => void): void {
    this.callbacks.push(callback);
  }

  emit(event: JanusEvent): void {
    for (const callback of this.callbacks) {
      try {
        callback(event);
      } catch (error) {
        console.error('Janus event callback failed', error);
      }
    }
  }

  async detach(): Promise<void> {
    if (!this.connection.handles.has(this.id) || this.connection.state !== 'open') return;
    try {
      await this.connection.send({ janus: 'detach' }, this.route());
    } catch (error) {
      if (error instanceof JanusError && (error.problem === 'lost' || error.code === HANDLE_NOT_FOUND)) return;
      throw error;
    } finally {
      this.connection.handles.delete(this.id);
    }
  }
}

function pickTransport(server: JanusServer, deps: JanusDeps, timeoutMs: number, sink: TransportSink): Promise<Transport> {
  let scheme: string;
  try {
    scheme = new URL(server.url).protocol;
  } catch {
    return Promise.reject(new JanusError('unreachable', null, `Not a Janus URL: ${server.url}`));
  }
  if (scheme === 'ws:' || scheme === 'wss:') {
    const Ctor = (deps.WebSocket ?? globalThis.WebSocket) as WebSocketClass | undefined;
    if (!Ctor) return Promise.reject(new JanusError('unreachable', null, 'No WebSocket implementation (in Node, pass WebSocket from the ws package)'));
    return openWebSocket(server.url, Ctor, timeoutMs, sink);
  }
  if (scheme === 'http:' || scheme === 'https:') {
    const fetchFn = deps.fetch ?? globalThis.fetch.bind(globalThis);
    return Promise.resolve(httpTransport(server.url, fetchFn, server.apiSecret, timeoutMs, sink));
  }
  return Promise.reject(new JanusError('unreachable', null, `Unsupported Janus URL scheme ${scheme}`));
}

/** Opens a Janus session: connects, `create`s, starts keepalives (and, over HTTP, the long poll). */
export async function connectJanus(server: JanusServer, deps: JanusDeps = {}): Promise<JanusSession> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const keepaliveMs = deps.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  const connection = new Connection(server, timeoutMs);
  connection.transport = await pickTransport(server, deps, timeoutMs, connection);
  let created: Json;
  try {
    created = await connection.send({ janus: 'create' }, {});
  } catch (error) {
    connection.state = 'destroyed';
    connection.shutdown(error instanceof JanusError ? error : new JanusError('unreachable', null, errorText(error)));
    throw error;
  }
  const id = (created.data as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'number') {
    connection.state = 'destroyed';
    connection.shutdown(new JanusError('failed', null, 'closed'));
    throw new JanusError('failed', null, `Janus 'create' answered without a session id`);
  }
  connection.sessionId = id;
  connection.state = 'open';
  connection.transport.listen(id);
  connection.keepalive = setInterval(() => {
    connection.send({ janus: 'keepalive' }, { session: id }, 'ack').catch((error: unknown) => {
      // A refused keepalive (no such session) or one without an answer: the session is gone.
      connection.lose(`keepalive failed: ${errorText(error)}`);
    });
  }, keepaliveMs);
  (connection.keepalive as { unref?: () => void }).unref?.();

  return {
    id,
    async attach(plugin) {
      const reply = await connection.send({ janus: 'attach', plugin }, { session: id });
      const handleId = (reply.data as { id?: unknown } | undefined)?.id;
      if (typeof handleId !== 'number') throw new JanusError('failed', null, `Janus 'attach' answered without a handle id`);
      const handle = new HandleImpl(connection, handleId);
      connection.handles.set(handleId, handle);
      return handle;
    },
    onLost(callback) {
      if (connection.state === 'lost') queueMicrotask(callback);
      else if (connection.state === 'open') connection.lostCallbacks.push(callback);
    },
    async destroy() {
      if (connection.state !== 'open' || connection.destroying) return;
      connection.destroying = true;
      clearInterval(connection.keepalive);
      try {
        await connection.send({ janus: 'destroy' }, { session: id });
      } catch {
        // Gone already, or Janus did not answer: either way nothing is left to do.
      }
      if (connection.state !== 'open') return;
      connection.state = 'destroyed';
      connection.shutdown(new JanusError('lost', null, 'Janus session destroyed'));
    },
  };
}
