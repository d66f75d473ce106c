// The per-frame step shared by the worker (RTCRtpScriptTransform) and the main-thread path
// (createEncodedStreams). It never throws: an errored stream would stop the track for good.
import { clearBytes, decryptFrame, encryptFrame, MAX_KEY_ID } from './frame-crypto';

export type MediaKind = 'audio' | 'video';

/** RTCEncodedVideoFrame and RTCEncodedAudioFrame (which has no type) both fit; so do test fakes. */
export interface EncodedFrame {
  data: ArrayBuffer;
  readonly type?: string;
}

/**
 * Long enough for frames in flight, and for a viewer that got the next key early: the host
 * switches only once the remaining viewers have it, so they keep decrypting the old one meanwhile.
 */
export const PREVIOUS_KEY_MS = 10_000;

export class KeyRing {
  /** Encrypts; null until the first key. */
  current: { readonly id: number; readonly key: CryptoKey } | null = null;
  /** Decrypts: the current key and, for a while, the ones before it. */
  readonly accepted = new Map<number, CryptoKey>();
  readonly #expiry = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(readonly previousKeyMs = PREVIOUS_KEY_MS) {}

  set(id: number, key: CryptoKey): void {
    if (!Number.isInteger(id) || id < 0 || id > MAX_KEY_ID) throw new RangeError(`key ID ${id} is not 0…${MAX_KEY_ID}`);
    const previous = this.current;
    this.#cancelExpiry(id);
    this.current = { id, key };
    this.accepted.set(id, key);
    if (previous && previous.id !== id) {
      this.#expiry.set(
        previous.id,
        setTimeout(() => {
          this.#expiry.delete(previous.id);
          this.accepted.delete(previous.id);
        }, this.previousKeyMs),
      );
    }
  }

  clear(): void {
    for (const timer of this.#expiry.values()) clearTimeout(timer);
    this.#expiry.clear();
    this.accepted.clear();
    this.current = null;
  }

  #cancelExpiry(id: number): void {
    clearTimeout(this.#expiry.get(id));
    this.#expiry.delete(id);
  }
}

export function frameTransform<F extends EncodedFrame = RTCEncodedVideoFrame | RTCEncodedAudioFrame>(options: {
  mode: 'encrypt' | 'decrypt';
  kind: MediaKind;
  keys: KeyRing;
  onStatus?(ok: boolean): void;
}): TransformStream<F, F> {
  const { mode, kind, keys, onStatus } = options;
  return new TransformStream<F, F>({
    async transform(frame, controller) {
      const data = frame.data;
      if (data.byteLength === 0) {
        controller.enqueue(frame);
        return;
      }
      const clear = clearBytes(kind, frame.type, data.byteLength);
      let out: ArrayBuffer | null = null;
      if (mode === 'decrypt') {
        out = await decryptFrame(keys.accepted, data, clear, kind === 'video');
      } else if (keys.current) {
        // Dropped rather than sent in the clear when there is no key or encryption fails.
        out = await encryptFrame(keys.current.key, keys.current.id, data, clear, kind === 'video').catch(() => null);
      }
      if (out) {
        frame.data = out;
        controller.enqueue(frame);
      }
      onStatus?.(out !== null);
    },
  });
}

/**
 * Runs one sender's or receiver's frames through frameTransform until either end goes away; a
 * receiver reports to `watch` (keyed by `id`), and `undecryptable` hears when a spell starts.
 * The same for the worker (RTCRtpScriptTransform) and the main thread (createEncodedStreams).
 */
export function pipeFrames(
  streams: { readonly readable: ReadableStream<EncodedFrame>; readonly writable: WritableStream<EncodedFrame> },
  options: { mode: 'encrypt' | 'decrypt'; kind: MediaKind; id: number },
  keys: KeyRing,
  watch: UndecryptableWatch,
  undecryptable: () => void,
  signal?: AbortSignal,
): void {
  const { mode, kind, id } = options;
  const onStatus = mode === 'decrypt' ? (ok: boolean) => void (watch.observe(id, ok) && undecryptable()) : undefined;
  streams.readable
    .pipeThrough(frameTransform<EncodedFrame>({ mode, kind, keys, onStatus }))
    .pipeTo(streams.writable, { signal })
    .catch(() => {}) // the sender or receiver went away, or the transforms were closed
    .finally(() => watch.forget(id));
}

export const UNDECRYPTABLE_MS = 2_000;

/**
 * Receiver side: a receiver whose frames have all failed for UNDECRYPTABLE_MS starts a spell,
 * reported once however many receivers join it; it ends when every one of them decrypts again.
 */
export class UndecryptableWatch {
  readonly #failingSince = new Map<number, number>();
  readonly #reported = new Set<number>();

  /** True when this frame starts a spell. */
  observe(receiver: number, ok: boolean, now = performance.now()): boolean {
    if (ok) {
      this.forget(receiver);
      return false;
    }
    const since = this.#failingSince.get(receiver) ?? now;
    this.#failingSince.set(receiver, since);
    if (this.#reported.has(receiver) || now - since < UNDECRYPTABLE_MS) return false;
    this.#reported.add(receiver);
    return this.#reported.size === 1;
  }

  forget(receiver: number): void {
    this.#failingSince.delete(receiver);
    this.#reported.delete(receiver);
  }
}
