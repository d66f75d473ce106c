// Per-frame AES-GCM for media that passes through a media server (Janus), which sees only ciphertext.
//
// Encrypted frame: clear header | AES-GCM ciphertext + 16-byte tag | 12-byte IV | 1-byte key ID
//
// The clear header is what the server and the receiver's RTP depacketizer read: the VP8 payload
// header (10 bytes on key frames, 3 otherwise; encrypted, key frames go undetected) and the Opus
// TOC byte. It is authenticated (AAD = clear header + key-ID byte), so it cannot be altered either.
// The IV is random per frame: 96 random bits stay safe for far more frames than a share sends
// under one key, and need no counter shared between sender transforms.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 1;
const OVERHEAD = TAG_BYTES + IV_BYTES + KEY_ID_BYTES;

export const MAX_KEY_ID = 255;
const HKDF_INFO = 'tabbeam/e2ee/1';
const FRAME_KEY: AesKeyAlgorithm = { name: 'AES-GCM', length: 128 };
const USAGES: KeyUsage[] = ['encrypt', 'decrypt'];

const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** Key ID 0: both ends know the share secret, so the first key needs no exchange. */
export async function deriveShareKey(secret: string, shareId: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', utf8(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8(shareId), info: utf8(HKDF_INFO) }, ikm, FRAME_KEY, false, USAGES);
}

/** Raw bytes for a rotated key, sent to the remaining viewers over the host's own encrypted channel. */
export function newKeyBytes(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(FRAME_KEY.length / 8));
}

export function importFrameKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.byteLength !== FRAME_KEY.length / 8) return Promise.reject(new RangeError(`a frame key is ${FRAME_KEY.length / 8} bytes`));
  return crypto.subtle.importKey('raw', new Uint8Array(raw), FRAME_KEY, false, USAGES);
}

/** Bytes left clear at the start of a frame (VP8 payload header, Opus TOC). */
export function clearBytes(kind: 'audio' | 'video', frameType: string | undefined, byteLength: number): number {
  const wanted = kind === 'audio' ? 1 : frameType === 'key' ? 10 : 3;
  return Math.max(0, Math.min(wanted, byteLength));
}

export async function encryptFrame(key: CryptoKey, keyId: number, data: ArrayBuffer, clear: number): Promise<ArrayBuffer> {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > MAX_KEY_ID) throw new RangeError(`key ID ${keyId} is not 0…${MAX_KEY_ID}`);
  const header = new Uint8Array(data, 0, Math.max(0, Math.min(clear, data.byteLength)));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(header, keyId) }, key, new Uint8Array(data, header.byteLength)),
  );
  const out = new Uint8Array(header.byteLength + sealed.byteLength + IV_BYTES + KEY_ID_BYTES);
  out.set(header);
  out.set(sealed, header.byteLength);
  out.set(iv, header.byteLength + sealed.byteLength);
  out[out.byteLength - 1] = keyId;
  return out.buffer;
}

/** Null for a frame that is too short, has an unknown key ID or fails authentication. */
export async function decryptFrame(keys: ReadonlyMap<number, CryptoKey>, data: ArrayBuffer, clear: number): Promise<ArrayBuffer | null> {
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
  const out = new Uint8Array(clear + plain.byteLength);
  out.set(header);
  out.set(new Uint8Array(plain), clear);
  return out.buffer;
}

function aad(header: Uint8Array, keyId: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(header.byteLength + 1);
  out.set(header);
  out[header.byteLength] = keyId;
  return out;
}
