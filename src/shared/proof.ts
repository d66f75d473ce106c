// Proving the link secret, bound to the DTLS connection each side actually has.
// Both sides MAC, with HMAC-SHA-256 keyed by the secret, the host's and the viewer's certificate
// fingerprints as each of them sees them, plus a fresh nonce from each. A broker that swapped
// fingerprints in the SDP leaves the two sides seeing different pairs, so no MAC verifies.
// Web Crypto only: no hand-written primitives.
import { fromBase64Url, toBase64Url } from './base64url';

export interface Transcript {
  hostFingerprint: string;
  viewerFingerprint: string;
  hostNonce: string;
  viewerNonce: string;
}

/** 'key' proves the secret alone (lets a viewer tell a wrong link from an interception). */
export type MacLabel = 'key' | 'host' | 'viewer';

const encoder = new TextEncoder();

export function importSecret(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

function message(label: MacLabel, t: Transcript): Uint8Array<ArrayBuffer> {
  const bound = label === 'key' ? ['', ''] : [t.hostFingerprint, t.viewerFingerprint];
  return encoder.encode(['tabbeam/1', label, ...bound, t.hostNonce, t.viewerNonce].join('\n'));
}

export async function sign(key: CryptoKey, label: MacLabel, transcript: Transcript): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, message(label, transcript))));
}

/** crypto.subtle.verify compares in constant time. */
export async function verify(key: CryptoKey, label: MacLabel, transcript: Transcript, mac: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(mac)) return false; // 32 bytes
  return crypto.subtle.verify('HMAC', key, fromBase64Url(mac), message(label, transcript));
}

export function randomNonce(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/** The sha-256 fingerprint an SDP announces (DTLS then checks the peer's certificate against it). */
export function sdpFingerprint(sdp: string | undefined): string | null {
  const match = /^a=fingerprint:sha-256 ([0-9A-Fa-f:]+)\s*$/m.exec(sdp ?? '');
  return match ? match[1]!.toUpperCase() : null;
}

export function certificateFingerprint(certificate: RTCCertificate): string {
  const fingerprint = certificate.getFingerprints().find((f) => f.algorithm === 'sha-256');
  if (!fingerprint?.value) throw new Error('certificate has no sha-256 fingerprint');
  return fingerprint.value.toUpperCase();
}

/** One certificate per page, reused by the data and media connections, so both have the proven fingerprint. */
export function generateCertificate(): Promise<RTCCertificate> {
  return RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);
}

// Words rather than emoji: they render on every machine and are easy to read out loud.
// 64 of them, so one byte picks one without bias; four distinct words carry almost 24 bits.
const CODE_WORDS = (
  'apple bear cloud drum eagle fern goat harp iris jade kite lemon maple nest owl pearl ' +
  'quail river sun tiger umbra violet whale yak zebra anchor bell candle desert ember falcon ' +
  'garden honey igloo jungle koala lantern meadow nickel orange panda quartz rocket salmon ' +
  'tulip unicorn velvet walnut xenon yellow zinc acorn bridge comet dolphin echo forest ' +
  'glacier harbor island jasmine kettle lagoon mango'
).split(' ');

/**
 * A short code from both fingerprints, for people who want to compare out loud: four different
 * words ("forest forest" reads like a stutter). Each digest byte picks a word; a byte that picks
 * one already taken is skipped, so host and viewer, running this same function, still agree.
 */
export async function verificationCode(hostFingerprint: string, viewerFingerprint: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', encoder.encode(`tabbeam/1/code\n${hostFingerprint}\n${viewerFingerprint}`)),
  );
  const picked: string[] = [];
  for (const b of digest) {
    const word = CODE_WORDS[b % CODE_WORDS.length]!;
    if (!picked.includes(word)) picked.push(word);
    if (picked.length === 4) break;
  }
  // 32 bytes without four different words among them does not happen in practice; stay total anyway.
  for (const word of CODE_WORDS) if (picked.length < 4 && !picked.includes(word)) picked.push(word);
  return picked.join(' ');
}
