// Dedicated worker behind RTCRtpScriptTransform: one per FrameCrypto, so every sender and
// receiver it transforms shares one key ring.
import { KeyRing, pipeFrames, UndecryptableWatch, type EncodedFrame, type MediaKind } from './frame-transform';

export interface TransformOptions {
  readonly mode: 'encrypt' | 'decrypt';
  readonly kind: MediaKind;
  /** Tells receivers apart for the undecryptable watch. */
  readonly id: number;
}
export type ToWorker = { t: 'key'; id: number; key: CryptoKey };
export type FromWorker = { t: 'undecryptable' };

// tsconfig has the DOM lib, not WebWorker: just what this file uses of the worker global.
interface RtcTransformer {
  readonly options: TransformOptions;
  readonly readable: ReadableStream<EncodedFrame>;
  readonly writable: WritableStream<EncodedFrame>;
}
interface WorkerScope {
  onrtctransform: ((event: { readonly transformer: RtcTransformer }) => void) | null;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
const keys = new KeyRing();
const watch = new UndecryptableWatch();

scope.onmessage = ({ data }) => {
  if (data.t === 'key' && data.key instanceof CryptoKey) keys.set(data.id, data.key);
};

scope.onrtctransform = ({ transformer }) => {
  pipeFrames(transformer, transformer.options, keys, watch, () => scope.postMessage({ t: 'undecryptable' }));
};
