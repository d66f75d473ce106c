// Reference pipeline, background: click → stream ID → offscreen document → PeerJS peer open → link.
// It stores { state: 'live', link } where TabBeam keeps its Session, so one driver serves both.
// Stored config: { viewerUrl, port, iceServers }; iceServers null or absent: PeerJS's default ICE
// servers (its public STUN/TURN), as TabBeam's setting null means; a list: that list. The link
// carries a list to the viewer page, as TabBeam's link does; no list there means PeerJS's defaults.
chrome.action.onClicked.addListener(async (tab) => {
  const streamId = await chrome.tabCapture.getMediaStreamId({ targetTabId: tab.id });
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (contexts.length === 0)
    await chrome.offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['USER_MEDIA'],
      justification: 'benchmark',
    });
  const { config } = await chrome.storage.local.get('config');
  const peerId = await chrome.runtime.sendMessage({
    type: 'start',
    streamId,
    width: tab.width,
    height: tab.height,
    port: config.port,
    iceServers: config.iceServers ?? null,
  });
  const ice = config.iceServers ? `&${encodeURIComponent(JSON.stringify(config.iceServers))}` : '';
  await chrome.storage.session.set({
    session: { state: 'live', link: `${config.viewerUrl}#${peerId}&${config.port}${ice}` },
  });
});
