// When a viewer's connections are up, whatever page it is: installed before the link opens
// (evaluateOnNewDocument), it watches every RTCPeerConnection the page makes and marks the first
// time each one's connectionState is 'connected' (ICE and DTLS done): `probe:media-connected` for
// the one receiving video, `probe:data-connected` for the data connection. openAndTimeFirstFrame
// puts the marks in the timeline, for TabBeam and the bare pipeline alike: what comes before is
// signalling and the two handshakes, what comes after the media one is the encoder's start, the
// first frame's way over the network, its decoding and presentation (and, for TabBeam, the proof
// when the media connection is up before the viewer is let in).
export const CONNECTION_PROBE = `(() => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  const marked = new Set();
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState !== 'connected') return;
        const video = this.getTransceivers().some((t) => t.receiver.track && t.receiver.track.kind === 'video');
        const name = video ? 'probe:media-connected' : 'probe:data-connected';
        if (marked.has(name)) return;
        marked.add(name);
        performance.mark(name);
      });
    }
  };
})()`;
