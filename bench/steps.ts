// What each step of the first-frame timeline is (openAndTimeFirstFrame in scripts/drive.ts; the viewer's
// `tabbeam:*` marks are set in src/viewer/watch/, the host's `tabbeam:host:*` in src/offscreen/host/).
export const STEPS: Record<string, string> = {
  'navigation start': 'the viewer tab starts loading the link',
  'page received': 'the page is downloaded',
  'DOM ready': 'scripts parsed and run',
  watch: 'TabBeam: the viewer starts (broker and certificate)',
  rendered: 'TabBeam: the page is drawn',
  certificate: "TabBeam: the viewer's DTLS certificate is ready",
  'broker-open': 'TabBeam: the broker knows the viewer',
  'host:connection': "TabBeam host: the viewer's data connection arrives; the host calls it at once",
  call: "TabBeam: the host's media offer arrives",
  stream: 'TabBeam: media answered (no track sends yet)',
  'data-open': 'TabBeam: data connection to the host open; hello sent',
  'host:media-verified': "TabBeam host: the media answer carries the viewer's fingerprint",
  'proof-sent': 'TabBeam: host proven, proof of the secret sent',
  'host:welcome': 'TabBeam host: proof checked, viewer let in',
  welcome: 'TabBeam: let in',
  'host:attach': 'TabBeam host: tuned track attached; capture → encoder → network from here',
  'probe:data-connected': 'data connection up: ICE and DTLS done (bench/connection-probe.ts)',
  'probe:media-connected': 'media connection up: ICE and DTLS done (bench/connection-probe.ts)',
  'first frame': 'the first frame is shown',
};
