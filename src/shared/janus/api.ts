// What callers of the Janus client see (client.ts re-exports it all): the server, the session and
// handle interfaces, and JanusError with the `problem` callers turn into their own words.
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
  message(
    body: Record<string, unknown>,
    jsep?: JanusJsep,
  ): Promise<{ data: Record<string, unknown>; jsep?: JanusJsep }>;
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
