// request()/serve() over runtime messaging. Every context hears every runtime message, so each
// listener drops mail not addressed to it. Errors cross as data ({ ok: false, error }).
import { controlsFrom, controlType, type ControlFunctions } from './controls';
import { AppError, toShareError, type ShareError } from './errors';
import type { Envelope, Handlers, MessageType, Req, Res, Target } from './protocol';

export type Reply = { ok: true; value: unknown } | { ok: false; error: ShareError };

/** The raw transport: runtime.sendMessage and runtime.onMessage (src/platform/runtime.ts). */
export interface Transport {
  send(message: Envelope): Promise<unknown>;
  listen(listener: (message: unknown) => Promise<Reply> | undefined): void;
}

export function createRequester(transport: Transport) {
  return async function request<T extends Target, K extends MessageType<T>>(
    to: T,
    type: K,
    payload: Req<T, K>,
  ): Promise<Res<T, K>> {
    const reply = (await transport.send({ to, type, payload })) as Reply | undefined;
    if (!reply || typeof reply !== 'object' || !('ok' in reply))
      throw new AppError('internal', `No answer to ${type} from ${to}.`);
    if (!reply.ok) throw new AppError(reply.error.code, reply.error.detail);
    return reply.value as Res<T, K>;
  };
}

export type Requester = ReturnType<typeof createRequester>;

/** The controls as requests to `to`, each sending its arguments as the payload of its message. */
export function requestControls(request: Requester, to: Target): ControlFunctions<Promise<void>> {
  // Every target that serves the controls takes their arguments as the table types them.
  const send = request as (to: Target, type: string, payload: unknown) => Promise<void>;
  return controlsFrom(
    (name) =>
      (...args) =>
        send(to, controlType(name), args),
  );
}

export function serve<T extends Target>(transport: Transport, target: T, handlers: Handlers<T>): void {
  transport.listen((message) => {
    if (!isEnvelope(message) || message.to !== target || !Object.hasOwn(handlers, message.type)) return undefined;
    const handler = handlers[message.type as MessageType<T>] as (req: unknown) => unknown;
    return (async (): Promise<Reply> => {
      try {
        return { ok: true, value: await handler(message.payload) };
      } catch (error) {
        return { ok: false, error: toShareError(error) };
      }
    })();
  });
}

function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Envelope).to === 'string' &&
    typeof (value as Envelope).type === 'string'
  );
}
