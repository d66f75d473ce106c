// Reference pipeline, offscreen: capture the tab and call every peer that connects with it.
let peer;
chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  if (message.type !== 'start') return;
  (async () => {
    const source = { chromeMediaSource: 'tab', chromeMediaSourceId: message.streamId };
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { mandatory: { ...source, maxWidth: message.width, maxHeight: message.height, maxFrameRate: 30 } },
      audio: { mandatory: source },
    });
    peer = new peerjs.Peer({
      host: '127.0.0.1',
      port: message.port,
      path: '/',
      secure: false,
      // No config: PeerJS's own default (its public STUN and TURN servers).
      ...(message.iceServers ? { config: { iceServers: message.iceServers } } : {}),
    });
    peer.on('open', (id) => reply(id));
    peer.on('connection', (conn) => peer.call(conn.peer, stream));
  })();
  return true;
});

// For the benchmark: the same figures TabBeam's host/stats gives.
window.senderStats = async () => {
  const out = [];
  for (const connections of Object.values(peer.connections)) {
    for (const c of connections) {
      if (c.type !== 'media' || !c.peerConnection) continue;
      const report = await c.peerConnection.getStats();
      report.forEach((s) => {
        if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
        const codec = s.codecId ? (report.get(s.codecId)?.mimeType ?? '') : '';
        out.push({
          viewerId: c.peer,
          codec,
          timestamp: s.timestamp,
          bytesSent: s.bytesSent,
          framesEncoded: s.framesEncoded,
          qpSum: s.qpSum,
          frameWidth: s.frameWidth,
          frameHeight: s.frameHeight,
          framesPerSecond: s.framesPerSecond,
          qualityLimitationReason: s.qualityLimitationReason,
        });
      });
    }
  }
  return out;
};
