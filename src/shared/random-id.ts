// Unguessable identifiers for a share: 128 bits from the platform CSPRNG, base32 (a-z2-7)
// so they are valid PeerJS IDs and survive being pasted into chat apps.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** 26 characters: ceil(128 / 5). */
export const TOKEN_PATTERN = /^[a-z2-7]{26}$/;

export function randomToken(fill: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(16);
  fill(bytes);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
