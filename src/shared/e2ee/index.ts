// End-to-end encryption of media frames, for paths where a media server (Janus) relays them:
// the host encrypts every frame before it leaves, viewers decrypt, the server sees ciphertext.
// RTCRtpScriptTransform (a worker) where the browser has it, else createEncodedStreams() on the
// main thread; both run frameTransform. Frame format: ./frame-crypto.ts.
import { MAX_KEY_ID } from './frame-crypto';
import { KeyRing, pipeFrames, UndecryptableWatch, type EncodedFrame, type MediaKind } from './frame-transform';
import type { FromWorker, ToWorker, TransformOptions } from './worker';

export interface FrameCrypto {
  /** Encrypt with this key from now on, and accept it when decrypting (the previous key stays accepted for a few seconds). */
  setKey(id: number, key: CryptoKey): void;
  encrypt(sender: RTCRtpSender, kind: 'audio' | 'video'): void;
  decrypt(receiver: RTCRtpReceiver, kind: 'audio' | 'video'): void;
  /** Receiver side: frames arrive but none decrypted for 2 s → called (once per such spell). */
  onUndecryptable(callback: () => void): void;
  close(): void;
}

interface EncodedStreams {
  readonly readable: ReadableStream<EncodedFrame>;
  readonly writable: WritableStream<EncodedFrame>;
}
type Transformable = (RTCRtpSender | RTCRtpReceiver) & { createEncodedStreams?(): EncodedStreams };

const HAS_SCRIPT_TRANSFORM = 'RTCRtpScriptTransform' in globalThis;
const HAS_ENCODED_STREAMS = typeof RTCRtpSender !== 'undefined' && 'createEncodedStreams' in RTCRtpSender.prototype;

/** True where only createEncodedStreams exists: create the RTCPeerConnection with { encodedInsertableStreams: true }. */
export const NEEDS_ENCODED_STREAMS: boolean = !HAS_SCRIPT_TRANSFORM && HAS_ENCODED_STREAMS;

interface Engine {
  setKey(id: number, key: CryptoKey): void;
  attach(target: Transformable, options: TransformOptions): void;
  close(): void;
}

export function createFrameCrypto(): FrameCrypto {
  const callbacks = new Set<() => void>();
  const undecryptable = (): void => callbacks.forEach((callback) => callback());
  const engine = HAS_SCRIPT_TRANSFORM
    ? workerEngine(undecryptable)
    : HAS_ENCODED_STREAMS
      ? mainThreadEngine(undecryptable)
      : null;
  // A second transform would encrypt twice, or fail on createEncodedStreams.
  const transformed = new WeakSet<RTCRtpSender | RTCRtpReceiver>();
  let nextId = 0;
  let closed = false;

  function attach(target: Transformable, mode: TransformOptions['mode'], kind: MediaKind): void {
    if (closed) throw new Error('FrameCrypto is closed');
    if (!engine) throw new Error('This browser cannot transform encoded media frames');
    if (target.track && target.track.kind !== kind) throw new Error(`a ${target.track.kind} track is not ${kind}`);
    if (transformed.has(target)) return;
    engine.attach(target, { mode, kind, id: nextId++ });
    transformed.add(target);
  }

  return {
    setKey(id, key) {
      if (!Number.isInteger(id) || id < 0 || id > MAX_KEY_ID)
        throw new RangeError(`key ID ${id} is not 0…${MAX_KEY_ID}`);
      if (!closed) engine?.setKey(id, key);
    },
    encrypt: (sender, kind) => attach(sender, 'encrypt', kind),
    decrypt: (receiver, kind) => attach(receiver, 'decrypt', kind),
    onUndecryptable(callback) {
      if (!closed) callbacks.add(callback);
    },
    close() {
      // Transforms stay in place with nothing behind them: frames stop rather than go out in the clear.
      closed = true;
      callbacks.clear();
      engine?.close();
    },
  };
}

function workerEngine(undecryptable: () => void): Engine {
  // A file, not a blob: extension pages allow only script-src 'self'.
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
    if (data.t === 'undecryptable') undecryptable();
  };
  return {
    setKey: (id, key) => worker.postMessage({ t: 'key', id, key } satisfies ToWorker),
    attach: (target, options) => {
      target.transform = new RTCRtpScriptTransform(worker, options);
    },
    close: () => worker.terminate(),
  };
}

function mainThreadEngine(undecryptable: () => void): Engine {
  const keys = new KeyRing();
  const watch = new UndecryptableWatch();
  const stop = new AbortController();
  return {
    setKey: (id, key) => keys.set(id, key),
    attach(target, options) {
      const streams = target.createEncodedStreams?.();
      if (!streams) throw new Error('createEncodedStreams is missing');
      pipeFrames(streams, options, keys, watch, undecryptable, stop.signal);
    },
    close() {
      stop.abort();
      keys.clear();
    },
  };
}
