// PeerJS options for a broker and ICE servers, used identically by host and viewer.
import { util, type PeerOptions } from 'peerjs';
import type { BrokerSettings, IceServer } from './settings';

/** PeerJS public broker, for messages that name the broker. */
export const PUBLIC_BROKER_HOST = '0.peerjs.com';

/**
 * `certificate` is the page's one DTLS certificate: every connection of the peer uses it, so the
 * fingerprint proven on the data connection is the one the media connection must present too.
 */
export function peerOptions(
  broker: BrokerSettings | null,
  iceServers: IceServer[] | null,
  certificate: RTCCertificate,
): PeerOptions {
  const options: PeerOptions = {
    debug: 0,
    config: { ...(iceServers ? { iceServers } : util.defaultConfig), certificates: [certificate] },
  };
  if (broker)
    Object.assign(options, {
      host: broker.host,
      port: broker.port,
      path: broker.path,
      secure: broker.secure,
      key: broker.key,
    });
  return options;
}

/** The broker's address, for messages that name it: no words, so it reads the same in every language. */
export function brokerLabel(broker: BrokerSettings | null): string {
  return broker
    ? `${broker.secure ? 'https' : 'http'}://${broker.host}:${broker.port}${broker.path}`
    : `https://${PUBLIC_BROKER_HOST}:443/`;
}
