// Reference pipeline, background: click → stream ID → offscreen document → PeerJS peer open → link.
// It stores { state: 'live', link } where TabBeam keeps its Session, so one driver serves both.
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
  });
  await chrome.storage.session.set({
    session: { state: 'live', link: `${config.viewerUrl}#${peerId}&${config.port}` },
  });
});
