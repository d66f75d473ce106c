// PeerJS options for a broker and ICE servers, used identically by host and viewer.
import type { PeerOptions } from 'peerjs';
import type { BrokerSettings, IceServer } from './settings';

/** PeerJS public broker, for messages that name the broker. */
export const PUBLIC_BROKER_HOST = '0.peerjs.com';

export function peerOptions(broker: BrokerSettings | null, iceServers: IceServer[] | null): PeerOptions {
  const options: PeerOptions = { debug: 0 };
  if (broker) Object.assign(options, { host: broker.host, port: broker.port, path: broker.path, secure: broker.secure, key: broker.key });
  if (iceServers) options.config = { iceServers };
  return options;
}

export function brokerLabel(broker: BrokerSettings | null): string {
  return broker ? `${broker.secure ? 'https' : 'http'}://${broker.host}:${broker.port}${broker.path}` : `the PeerJS public broker (${PUBLIC_BROKER_HOST})`;
}
