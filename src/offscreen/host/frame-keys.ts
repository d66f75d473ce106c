// The keys frames to the media server are encrypted with (src/shared/e2ee). Key 0 is derived from
// the link secret, so a viewer holding the link needs no message for it; each later key is random
// and is handed only to the viewers still watching, which is what shuts a removed viewer out.
import { toBase64Url } from '../../shared/base64url';
import { deriveShareKey, importFrameKey, MAX_KEY_ID, newKeyBytes } from '../../shared/e2ee/frame-crypto';

export interface FrameKey {
  id: number;
  key: CryptoKey;
  /** What viewers are sent (base64url); '' for key 0, which they derive themselves. */
  raw: string;
}

export interface FrameKeys {
  /** The key in use; key 0 until the first rotation. */
  current(): Promise<FrameKey>;
  /** The key in use, or null while none was made yet. */
  latest(): FrameKey | null;
  /** A new random key, in use from now on. */
  rotate(): Promise<FrameKey>;
}

export function createFrameKeys(secret: string, peerId: string): FrameKeys {
  let key: FrameKey | null = null;
  return {
    async current() {
      key ??= { id: 0, key: await deriveShareKey(secret, peerId), raw: '' };
      return key;
    },
    latest: () => key,
    async rotate() {
      const raw = newKeyBytes();
      const next = { id: ((key?.id ?? 0) % MAX_KEY_ID) + 1, key: await importFrameKey(raw), raw: toBase64Url(raw) };
      key = next;
      return next;
    },
  };
}
