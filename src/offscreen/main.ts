// The offscreen document: lives exactly as long as one share. The background opens it,
// sends host/start, and closes it after host/stop; closing it releases every track and peer.
import { Peer } from 'peerjs';
import { AppError } from '../shared/errors';
import { createRequester, serve } from '../shared/messaging';
import { brokerLabel, peerOptions } from '../shared/peer-options';
import { runtimeTransport } from '../platform/runtime';
import { captureTab, playLocally, stopTracks } from './capture';
import { copyText } from './clipboard';
import { openHost, type ShareHost } from './share-host';

const request = createRequester(runtimeTransport);

let share: { host: ShareHost; stream: MediaStream; stopPlayback: () => void } | null = null;

serve(runtimeTransport, 'offscreen', {
  async 'host/start'(req) {
    if (share) throw new AppError('internal', 'A share is already running.');
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
        peerOptions: peerOptions(req.broker, req.iceServers),
        brokerLabel: brokerLabel(req.broker),
        createPeer: (id, options) => new Peer(id, options),
        onViewers: (viewers) => void request('background', 'host/viewers', { viewers }).catch(() => undefined),
      });
      share = { host, stream, stopPlayback: playLocally(stream) };
    } catch (error) {
      stopTracks(stream);
      throw error;
    }
    // Chrome's own "Stop sharing", or the tab going away, ends the video track.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => {
      void request('background', 'host/ended', { reason: 'capture-ended' }).catch(() => undefined);
    });
  },
  async 'host/stop'({ reason }) {
    const current = share;
    share = null;
    if (!current) return;
    current.stopPlayback();
    stopTracks(current.stream);
    await current.host.end(reason);
  },
  'clipboard/write'({ text }) {
    copyText(text);
  },
});
