// A small typed client for the Janus WebRTC Server's JSON API (sessions, plugin handles,
// messages, trickle, keepalive), over WebSocket (subprotocol 'janus-protocol') or HTTP long-poll.
// Runs in browsers (global WebSocket/fetch) and in Node 20 (pass WebSocket from the `ws` package).
// Errors carry a `problem` callers turn into their own words; Janus's reason stays in `message`.
// Its parts: api.ts (what callers see), transports.ts (WebSocket, HTTP), connection.ts (one session).
import { JanusError, type JanusDeps, type JanusServer, type JanusSession } from './api';
import { Connection, errorText, HandleImpl } from './connection';
import { pickTransport, type Json } from './transports';

export {
  JanusError,
  type JanusDeps,
  type JanusEvent,
  type JanusHandle,
  type JanusJsep,
  type JanusProblem,
  type JanusServer,
  type JanusSession,
  type WebSocketClass,
  type WebSocketLike,
} from './api';

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_KEEPALIVE_MS = 25_000;

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
      if (typeof handleId !== 'number')
        throw new JanusError('failed', null, `Janus 'attach' answered without a handle id`);
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
