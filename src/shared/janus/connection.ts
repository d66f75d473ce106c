// One Janus session's bookkeeping for the client (client.ts): requests waiting for their reply,
// events routed to their handle, and losing the session once, whatever the cause.
import { randomToken } from '../random-id';
import {
  JanusError,
  type JanusEvent,
  type JanusHandle,
  type JanusJsep,
  type JanusProblem,
  type JanusServer,
} from './api';
import type { Json, Route, Transport, TransportSink } from './transports';

/** Janus error codes (janus/apierror.h). */
const UNAUTHORIZED = 403;
const SESSION_NOT_FOUND = 458;
const HANDLE_NOT_FOUND = 459;

function randomTransaction(): string {
  return randomToken();
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Pending {
  resolve(message: Json): void;
  reject(error: JanusError): void;
  timer: ReturnType<typeof setTimeout>;
  /** 'ack' resolves on ack (keepalive, trickle); 'reply' on success or event (ack ignored). */
  until: 'ack' | 'reply';
}

export class Connection implements TransportSink {
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
        const problem: JanusProblem =
          code === UNAUTHORIZED ? 'rejected' : code === SESSION_NOT_FOUND && this.state === 'open' ? 'lost' : 'failed';
        pending.reject(
          new JanusError(problem, code, `Janus error ${code ?? '?'}: ${error.reason ?? 'no reason given'}`),
        );
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
      const {
        janus: _janus,
        session_id: _session,
        sender: _sender,
        transaction: _transaction,
        jsep: _jsep,
        ...rest
      } = message;
      if (Object.keys(rest).length) event.data = rest;
    }
    if (message.jsep) event.jsep = message.jsep as JanusJsep;
    if (kind === 'detached') this.handles.delete(handle.id);
    handle.emit(event);
  }

  onClosed(reason: string): void {
    if (this.state === 'open') this.lose(reason);
    else if (this.state === 'connecting')
      this.shutdown(new JanusError('unreachable', null, `Janus at ${this.server.url} went away: ${reason}`));
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
        reject(
          new JanusError(
            connecting ? 'unreachable' : 'failed',
            null,
            `No answer from Janus to '${String(body.janus)}' within ${this.timeoutMs} ms`,
          ),
        );
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

export class HandleImpl implements JanusHandle {
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

  async message(
    body: Record<string, unknown>,
    jsep?: JanusJsep,
  ): Promise<{ data: Record<string, unknown>; jsep?: JanusJsep }> {
    const request: Json = { janus: 'message', body };
    if (jsep) request.jsep = { type: jsep.type, sdp: jsep.sdp, ...(jsep.e2ee ? { e2ee: true } : {}) };
    const reply = await this.connection.send(request, this.route());
    const data = this.pluginData(reply);
    return reply.jsep ? { data, jsep: reply.jsep as JanusJsep } : { data };
  }

  trickle(candidate: RTCIceCandidateInit | null): void {
    const payload =
      candidate && candidate.candidate
        ? {
            candidate: candidate.candidate,
            sdpMid: candidate.sdpMid ?? null,
            sdpMLineIndex: candidate.sdpMLineIndex ?? null,
          }
        : { completed: true };
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
