// Per-frame AES-GCM for media that passes through a media server (Janus), which sees only ciphertext.
//
// Encrypted frame: clear header | AES-GCM ciphertext + 16-byte tag | 12-byte IV | 1-byte key ID
//
// The clear header is what the server and the receiver's RTP depacketizer read: the VP8 payload
// header (10 bytes on key frames, 3 otherwise; encrypted, key frames go undetected) and the Opus
// TOC byte. It is authenticated (AAD = clear header + key-ID byte), so it cannot be altered either.
// VP8 only: the clear frame tag claims the largest first partition (its real 3 bytes travel
// encrypted, before the payload), so a decoder without the key rejects every frame as truncated
// instead of now and then turning ciphertext into a picture of noise.
// The IV is random per frame: 96 random bits stay safe for far more frames than a share sends
// under one key, and need no counter shared between sender transforms.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 1;
const OVERHEAD = TAG_BYTES + IV_BYTES + KEY_ID_BYTES;
/** The VP8 frame tag: key-frame bit, version, show-frame bit, then the first partition's size (19 bits). */
const VP8_TAG_BYTES = 3;

export const MAX_KEY_ID = 255;
const HKDF_INFO = 'tabbeam/e2ee/1';
const FRAME_KEY: AesKeyAlgorithm = { name: 'AES-GCM', length: 128 };
const USAGES: KeyUsage[] = ['encrypt', 'decrypt'];

const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** Key ID 0: both ends know the share secret, so the first key needs no exchange. */
export async function deriveShareKey(secret: string, shareId: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8(shareId), info: utf8(HKDF_INFO) },
    ikm,
    FRAME_KEY,
    false,
    USAGES,
  );
}

/** Raw bytes for a rotated key, sent to the remaining viewers over the host's own encrypted channel. */
export function newKeyBytes(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(FRAME_KEY.length / 8));
}

export function importFrameKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.byteLength !== FRAME_KEY.length / 8)
    return Promise.reject(new RangeError(`a frame key is ${FRAME_KEY.length / 8} bytes`));
  return crypto.subtle.importKey('raw', new Uint8Array(raw), FRAME_KEY, false, USAGES);
}

/** Bytes left clear at the start of a frame (VP8 payload header, Opus TOC). */
export function clearBytes(kind: 'audio' | 'video', frameType: string | undefined, byteLength: number): number {
  const wanted = kind === 'audio' ? 1 : frameType === 'key' ? 10 : 3;
  return Math.max(0, Math.min(wanted, byteLength));
}

/** `vp8`: the frame is VP8 video (its tag is masked, above). */
export async function encryptFrame(
  key: CryptoKey,
  keyId: number,
  data: ArrayBuffer,
  clear: number,
  vp8 = false,
): Promise<ArrayBuffer> {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > MAX_KEY_ID)
    throw new RangeError(`key ID ${keyId} is not 0…${MAX_KEY_ID}`);
  const header = new Uint8Array(data.slice(0, Math.max(0, Math.min(clear, data.byteLength))));
  let body = new Uint8Array(data, header.byteLength);
  if (vp8 && header.byteLength >= VP8_TAG_BYTES) {
    body = concat(header.subarray(0, VP8_TAG_BYTES), body);
    header[0] = header[0]! | 0xe0; // the size's low 3 bits; the tag's other 5 bits stay
    header[1] = 0xff;
    header[2] = 0xff;
  }
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(header, keyId) }, key, body),
  );
  const out = new Uint8Array(header.byteLength + sealed.byteLength + IV_BYTES + KEY_ID_BYTES);
  out.set(header);
  out.set(sealed, header.byteLength);
  out.set(iv, header.byteLength + sealed.byteLength);
  out[out.byteLength - 1] = keyId;
  return out.buffer;
}

/** Null for a frame that is too short, has an unknown key ID or fails authentication. */
export async function decryptFrame(
  keys: ReadonlyMap<number, CryptoKey>,
  data: ArrayBuffer,
  clear: number,
  vp8 = false,
): Promise<ArrayBuffer | null> {
  if (!Number.isInteger(clear) || clear < 0 || data.byteLength < clear + OVERHEAD) return null;
  const bytes = new Uint8Array(data);
  const keyId = bytes[bytes.byteLength - 1] ?? -1;
  const key = keys.get(keyId);
  if (!key) return null;
  const header = bytes.subarray(0, clear);
  const iv = bytes.subarray(bytes.byteLength - KEY_ID_BYTES - IV_BYTES, bytes.byteLength - KEY_ID_BYTES);
  const sealed = bytes.subarray(clear, bytes.byteLength - KEY_ID_BYTES - IV_BYTES);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad(header, keyId) }, key, sealed);
  } catch {
    return null;
  }
  let body = new Uint8Array(plain);
  const out =
    vp8 && clear >= VP8_TAG_BYTES
      ? new Uint8Array(clear + plain.byteLength - VP8_TAG_BYTES)
      : new Uint8Array(clear + plain.byteLength);
  out.set(header);
  if (out.byteLength !== clear + plain.byteLength) {
    if (body.byteLength < VP8_TAG_BYTES) return null;
    out.set(body.subarray(0, VP8_TAG_BYTES)); // the real tag
    body = body.subarray(VP8_TAG_BYTES);
  }
  out.set(body, clear);
  return out.buffer;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

function aad(header: Uint8Array, keyId: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(header.byteLength + 1);
  out.set(header);
  out[header.byteLength] = keyId;
  return out;
}
