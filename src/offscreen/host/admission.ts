// Letting viewers in. A viewer must prove it holds the link secret, bound to the DTLS fingerprints
// of this very connection (src/shared/proof.ts), before anything else happens; only then is it
// admitted (or asked about). Each step once, in order: anything out of order closes the connection.
import type { DataConnection } from 'peerjs';
import { mark } from '../../shared/marks';
import { POINT_RATE, rateLimiter } from '../../shared/pointing';
import { randomNonce, sdpFingerprint, sign, verificationCode, verify, type Transcript } from '../../shared/proof';
import { parseViewerMessage, WIRE_VERSION, type ViewerMessage } from '../../shared/wire';
import type { HostOptions } from './options';
import { isPending, type Entry, type Roster } from './viewers';

/** A new connection must complete the proof within this time. */
export const PROOF_TIMEOUT_MS = 5_000;
/** Connections that have not proven the secret yet; more are refused at once. */
export const MAX_PENDING = 20;
/**
 * Messages a second from one connection, in any phase, with a burst of as many: four times what
 * an honest page sends (pointer.ts stays under POINT_RATE, plus a ping). A viewer past it is
 * flooding: it is hung up at once, so the rest of its burst is never parsed and the host's CPU
 * stays with the other viewers' pictures.
 */
export const MESSAGE_RATE = 4 * POINT_RATE;

export interface AdmissionDeps extends Pick<HostOptions, 'fingerprint' | 'askToJoin' | 'maxViewers'> {
  /** The link secret, imported (proof.ts importSecret). */
  key: CryptoKey;
  now(): number;
  roster: Roster;
  /** A new connection: its media is negotiated beside the proof. */
  connected(entry: Entry): void;
  /** The proof's transcript is known: its media connection can be checked against it. */
  transcribed(entry: Entry): void;
  /** Let in and welcomed. */
  watching(entry: Entry): void;
  /** Messages past the proof; false: not one it takes, and the connection closes. */
  handle(entry: Entry, message: ViewerMessage): boolean;
}

export interface Admission {
  connect(conn: DataConnection): void;
  /** The sharer's answer for a waiting viewer. */
  admit(entry: Entry, allow: boolean): void;
  setLocked(locked: boolean): void;
}

export function createAdmission(deps: AdmissionDeps): Admission {
  const { roster, key, now } = deps;
  let locked = false;

  function startWatching(entry: Entry): void {
    mark('host:welcome');
    entry.phase = 'watching';
    roster.send(entry, { t: 'welcome', code: entry.code });
    deps.watching(entry);
  }

  async function onHello(entry: Entry, version: number, viewerNonce: string): Promise<void> {
    if (version !== WIRE_VERSION) return roster.dismiss(entry, { t: 'denied', reason: 'version', v: WIRE_VERSION });
    const viewerFingerprint = sdpFingerprint(entry.conn.peerConnection?.remoteDescription?.sdp);
    if (!viewerFingerprint) return roster.drop(entry);
    const hostNonce = randomNonce();
    const transcript: Transcript = { hostFingerprint: deps.fingerprint, viewerFingerprint, hostNonce, viewerNonce };
    entry.transcript = transcript;
    deps.transcribed(entry);
    const [keyMac, hostMac] = await Promise.all([sign(key, 'key', transcript), sign(key, 'host', transcript)]);
    roster.send(entry, { t: 'challenge', nonce: transcript.hostNonce, key: keyMac, mac: hostMac });
  }

  async function onProof(entry: Entry, mac: string): Promise<void> {
    const transcript = entry.transcript!;
    if (!(await verify(key, 'viewer', transcript, mac))) return roster.deny(entry, 'bad-secret');
    if (!roster.has(entry)) return;
    clearTimeout(entry.proofTimer);
    entry.code = await verificationCode(transcript.hostFingerprint, transcript.viewerFingerprint);
    if (locked) return roster.deny(entry, 'locked');
    if (roster.present().length >= deps.maxViewers) return roster.deny(entry, 'full');
    entry.joinedAt = now();
    if (!deps.askToJoin) return startWatching(entry);
    entry.phase = 'waiting';
    roster.send(entry, { t: 'waiting' });
    roster.publish();
  }

  function onData(entry: Entry, data: unknown, budget: { allow(): boolean }): void {
    if (!budget.allow()) return roster.drop(entry);
    const message = parseViewerMessage(data);
    if (!message) return roster.drop(entry);
    entry.lastSeen = now();
    if (message.t === 'ping') return;
    if (message.t === 'hello' && entry.phase === 'hello') {
      entry.phase = 'challenged';
      void onHello(entry, message.v, message.nonce).catch(() => roster.drop(entry));
    } else if (message.t === 'proof' && entry.phase === 'challenged' && entry.transcript) {
      entry.phase = 'verifying';
      void onProof(entry, message.mac).catch(() => roster.drop(entry));
    } else if (!deps.handle(entry, message)) {
      roster.drop(entry);
    }
  }

  return {
    connect(conn) {
      const pending = roster.all().filter(isPending).length;
      if (pending >= MAX_PENDING || roster.byId(conn.peer)) {
        conn.close();
        return;
      }
      const entry = roster.add(conn);
      entry.proofTimer = setTimeout(() => roster.drop(entry), PROOF_TIMEOUT_MS);
      const budget = rateLimiter(MESSAGE_RATE, now);
      conn.on('data', (data) => onData(entry, data, budget));
      conn.on('close', () => roster.drop(entry));
      conn.on('error', () => roster.drop(entry));
      deps.connected(entry);
    },
    admit(entry, allow) {
      if (entry.phase !== 'waiting') return;
      if (allow) startWatching(entry);
      else roster.deny(entry, 'rejected');
    },
    setLocked(value) {
      locked = value;
    },
  };
}
