// The share's ID on the PeerJS broker. Losing the broker does not touch viewers already connected
// (media is peer to peer); reconnecting keeps the same ID, so the link works again for new viewers
// once it is back.
import type { Peer, PeerError, PeerOptions } from 'peerjs';
import { AppError } from '../../shared/errors';

/** How long the broker may take to register the share before we call it unreachable. */
export const OPEN_TIMEOUT_MS = 10_000;
/** Waits between attempts to reach the broker again: quick at first, never longer than 2 s. */
export const BROKER_BACKOFF_MS = [250, 500, 1000, 2000];

export interface BrokerOptions {
  peerId: string;
  peerOptions: PeerOptions;
  /** For error messages: which broker we tried. */
  brokerLabel: string;
  createPeer(id: string, options: PeerOptions): Peer;
  /** The broker connection dropped (false) or came back (true). */
  onBroker(online: boolean): void;
}

export interface Broker {
  readonly peer: Peer;
  /** No further reconnection attempt starts (the share is ending). */
  stopReconnecting(): void;
}

/** Registers the share's ID, then keeps it registered. */
export async function openBroker(options: BrokerOptions): Promise<Broker> {
  const peer = options.createPeer(options.peerId, options.peerOptions);
  try {
    await whenOpen(peer, options.brokerLabel);
  } catch (error) {
    peer.destroy();
    throw error;
  }
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  peer.on('disconnected', () => {
    if (attempts === 0) options.onBroker(false);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(
      () => {
        if (peer.destroyed || !peer.disconnected) return;
        attempts++;
        peer.reconnect();
      },
      BROKER_BACKOFF_MS[Math.min(attempts, BROKER_BACKOFF_MS.length - 1)],
    );
  });
  peer.on('open', () => {
    if (attempts === 0) return;
    attempts = 0;
    options.onBroker(true);
  });
  peer.on('error', () => undefined); // per-connection failures are handled on the connection
  return { peer, stopReconnecting: () => clearTimeout(reconnectTimer) };
}

function whenOpen(peer: Peer, brokerLabel: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new AppError('broker-unreachable', brokerLabel)), OPEN_TIMEOUT_MS);
    peer.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    peer.once('error', (error: PeerError<string>) => {
      clearTimeout(timer);
      const rejected = ['unavailable-id', 'invalid-id', 'invalid-key'].includes(error.type);
      // The user is told which broker; PeerJS's own words ("Lost connection to server.") are for the console.
      console.warn(`TabBeam: broker ${brokerLabel} failed (${error.type}): ${error.message}`);
      reject(new AppError(rejected ? 'broker-rejected' : 'broker-unreachable', brokerLabel));
    });
  });
}
