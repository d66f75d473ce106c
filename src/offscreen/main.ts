// The offscreen document: lives exactly as long as one share. The background opens it,
// sends host/start, and closes it after host/stop; closing it releases every track and peer.
import { Peer } from 'peerjs';
import { AppError } from '../shared/errors';
import { createRequester, serve } from '../shared/messaging';
import { brokerLabel, peerOptions } from '../shared/peer-options';
import { certificateFingerprint, generateCertificate } from '../shared/proof';
import type { EndReason } from '../shared/session';
import { runtimeTransport } from '../platform/runtime';
import { captureTab, playLocally, stopTracks } from './capture';
import { copyText } from './clipboard';
import { openHost, type ShareHost } from './share-host';

const request = createRequester(runtimeTransport);
const ended = (reason: EndReason) => void request('background', 'host/ended', { reason }).catch(() => undefined);

let share: { host: ShareHost; stream: MediaStream; stopPlayback: () => void; expiry: ReturnType<typeof setTimeout> | undefined } | null = null;

function current(): ShareHost {
  if (!share) throw new AppError('internal', 'No share is running.');
  return share.host;
}

serve(runtimeTransport, 'offscreen', {
  async 'host/start'(req) {
    if (share) throw new AppError('internal', 'A share is already running.');
    const certificate = await generateCertificate();
    let stream: MediaStream;
    try {
      stream = await captureTab(req.streamId, req.size);
    } catch (error) {
      throw new AppError('capture-failed', error instanceof Error ? error.message : String(error));
    }
    try {
      const host = await openHost({
        peerId: req.peerId,
        secret: req.secret,
        stream,
        peerOptions: peerOptions(req.broker, req.iceServers, certificate),
        fingerprint: certificateFingerprint(certificate),
        askToJoin: req.askToJoin,
        maxViewers: req.maxViewers,
        brokerLabel: brokerLabel(req.broker),
        createPeer: (id, options) => new Peer(id, options),
        onViewers: (viewers) => void request('background', 'host/viewers', { viewers }).catch(() => undefined),
        onBroker: (online) => void request('background', 'host/broker', { online }).catch(() => undefined),
      });
      const expiry = req.expiresAt === null ? undefined : setTimeout(() => ended('expired'), req.expiresAt - Date.now());
      share = { host, stream, stopPlayback: playLocally(stream), expiry };
    } catch (error) {
      stopTracks(stream);
      throw error;
    }
    // Chrome's own "Stop sharing", or the tab going away, ends the video track.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => ended('capture-ended'));
  },
  async 'host/stop'({ reason }) {
    const stopping = share;
    share = null;
    if (!stopping) return;
    clearTimeout(stopping.expiry);
    stopping.stopPlayback();
    stopTracks(stopping.stream);
    await stopping.host.end(reason);
  },
  'host/lock': ({ locked }) => current().setLocked(locked),
  'host/pause': ({ paused }) => current().setPaused(paused),
  'host/admit': ({ id, allow }) => current().admit(id, allow),
  'host/kick': ({ id }) => current().kick(id),
  'host/stats': () => current().stats(),
  'clipboard/write'({ text }) {
    copyText(text);
  },
});
