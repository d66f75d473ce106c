// The English catalogue: every sentence TabBeam shows, per surface. Its type is `Messages`, and
// every other language (ko.ts) is checked against it: a missing or extra key does not compile.
// Each surface is its own constant, so the viewer's bundle takes `viewer` and nothing else.
// Sentences are whole: a word never gets glued to another to make one (word order differs).
import type { TextState } from '../page-text';
import type { PointingState } from '../pointing';
import type { ControlNoteWhy } from '../remote-control';
import type { SourceChoice } from '../protocol';
import type { ViewerPreference } from '../quality';
import { errors, popup, settings } from './en-popup';

type SourceKind = SourceChoice['kind'];

// Said in two places. Plain constants, not one object's property read from another: the viewer's
// bundle could not then leave the extension's objects out.
const SHARE_PICKED = 'Share a screen, window or tab…';
const SHARE_CAMERA = 'Share my camera';
const ACTION_TITLE = 'TabBeam — click to share this tab';

/** Menu items of the toolbar icon, one per source (also the shortcuts' descriptions, below). */
export const menu: Record<SourceKind, string> = {
  tab: 'Share this tab',
  picked: SHARE_PICKED,
  camera: SHARE_CAMERA,
};

/** manifest.json's __MSG_name__ placeholders: _locales/<lang>/messages.json is made from these at build time. */
export const manifest = {
  name: 'TabBeam',
  description:
    'Share this tab with one click. Anyone with the link watches live in their browser — peer to peer and encrypted.',
  actionTitle: ACTION_TITLE,
  /** Commands: `_execute_action` (the toolbar click), `share-picked`, `share-camera`. */
  executeAction: 'Share this tab (or open TabBeam while sharing)',
  sharePicked: SHARE_PICKED,
  shareCamera: SHARE_CAMERA,
};

export const badge = {
  live: 'LIVE',
  /** Two bars: a pause sign in plain letters, which every badge font has. */
  paused: 'II',
  starting: '…',
  error: '!',
  idleTitle: ACTION_TITLE,
  liveTitle: (n: number) => `TabBeam — sharing, ${n} watching. Click for the link and Stop.`,
  pausedTitle: (n: number) => `TabBeam — paused: ${n} watching a pause screen. Click to resume or stop.`,
  errorTitle: 'TabBeam — could not share. Click for details.',
};

export const notifications = {
  copiedTitle: 'Sharing this tab',
  copiedBody: 'The share link is copied — paste it to whoever should watch. Click TabBeam again for the link and Stop.',
  joinTitle: 'Someone wants to watch your tab',
  joinBody: (code: string) => `Their page shows ${code}. Let them in?`,
  letIn: 'Let in',
  deny: 'Deny',
  leftTitle: 'Someone stopped waiting',
  leftBody: (code: string) => `${code} left before you answered. If they come back, they will ask again.`,
  controlTitle: 'A viewer asks to control your tab',
  controlBody: (code: string) =>
    `Their page shows ${code}. If you allow it, they can click, scroll and type in the shared tab until you take it back.`,
  allowControl: 'Allow',
};

export const options = {
  title: 'TabBeam settings',
  viewerUrl: 'Viewer page address',
  viewerUrlHelp: 'Links point here. Host dist/viewer/ on any static web host to use your own.',
  broker: 'Connection broker',
  publicBroker: 'PeerJS public broker (default)',
  ownBroker: 'My own PeerServer',
  host: 'Host',
  port: 'Port',
  path: 'Path',
  secure: 'Secure (TLS)',
  key: 'Key',
  ice: 'ICE servers (STUN/TURN)',
  defaultIce: 'PeerJS defaults',
  customIce: 'Custom',
  iceHelp:
    "One server a line: URL, then username and credential for TURN, separated by spaces. For a TURN server with a shared secret (coturn's use-auth-secret), write secret=<the secret> instead: it stays in this browser, and each share link gets its own username and credential that stop working when the share ends (or after 12 hours).",
  whoCanWatch: 'Who can watch',
  askToJoin: 'Ask me before someone joins',
  liveText: "Let viewers copy the shared page's text (you can change it in the popup while sharing)",
  controlYieldsToSharer:
    'While a viewer controls the shared tab, my own mouse or keyboard on the tab takes control back at once',
  maxViewers: 'At most this many viewers',
  expiry: 'Stop sharing after (minutes)',
  never: 'never',
  save: 'Save',
  saved: 'Saved. New shares use these settings.',
  reset: 'Restore defaults',
  qualityTitle: 'Picture quality',
  quality: 'Start each share with',
  limits: 'Limits (empty: the preset decides)',
  maxHeight: 'Max resolution (lines, e.g. 720)',
  maxFramerate: 'Max frames per second',
  maxBitrate: 'Max bitrate (kbit/s)',
  permissionsTitle: 'Microphone and camera',
  permissionsHelp:
    'Chrome asks for these only on a visible page. Allow them here once; then the popup can add your microphone or share your camera.',
  allowDevices: 'Allow microphone and camera',
  devicesAllowed: {
    both: 'Allowed: you can now use the microphone and camera from the popup.',
    microphone: 'Microphone allowed. No camera was found (or it was refused).',
    camera: 'Camera allowed. No microphone was found (or it was refused).',
  } as Record<'both' | 'microphone' | 'camera', string>,
  devicesMissing: 'No microphone or camera was found on this computer.',
  devicesBusy:
    'Chrome could not start the microphone or camera: another app may be using it. Close that app and try again.',
  devicesDenied:
    "Not allowed. Use the camera icon in the address bar, or Chrome's site settings for TabBeam, to allow them.",
  /** The section with the viewer page's address, the broker and the ICE servers. */
  advanced: 'Advanced',
  advancedHelp:
    'Where share links point, and which servers help browsers find each other or carry the picture to a large audience. Change these only if you host your own viewer page or servers.',
  brokerHelp:
    "Introduces your browser to each viewer's browser. The picture and sound go straight between them, never through the broker.",
  iceIntro:
    "Help browsers connect through firewalls. A TURN server passes the picture along when a direct connection isn't possible.",
  mediaServer: 'Media server',
  mediaServerHelp:
    'Above the number of viewers you set here, viewers watch through your Janus media server instead of straight from this browser. The picture and sound stay end-to-end encrypted: the server passes them on but cannot see or hear them.',
  mediaServerOn: 'Use a media server for large audiences',
  mediaServerUrl: 'Server address',
  mediaServerUrlHelp: 'Janus over WebSocket (wss://janus.example.com/) or over HTTP (https://janus.example.com/janus).',
  mediaServerSecret: 'API secret or token',
  showSecret: 'Show secret',
  mediaServerThreshold: 'Use it above this many viewers',
  mediaServerThresholdHelp: '0: always use it.',
};

/** The viewer site: the only part of the catalogue its bundle contains. */
export const viewer = {
  connectingBroker: 'Connecting…',
  connectingHost: 'Reaching the person sharing…',
  checkingLink: 'Checking the link…',
  waitingMedia: 'Connected — waiting for the picture…',
  waitingForHost: 'Waiting for the host to let you in…',
  paused: 'The host has paused sharing.',
  pausedHint: 'The picture comes back when they resume.',
  codeLabel: 'Verification words',
  codeHelpLive: 'The person sharing sees the same words.',
  codeHelpWaiting: 'Read these words to the person sharing, so they know it is you.',
  codeHelp: 'The person sharing sees the same words next to your name. If they differ, someone may be listening in.',
  security:
    'Security warning: this connection is being intercepted — the link is right, but someone between you and the person sharing is not who they claim to be. Nothing was shown. Tell the person sharing, and try again on another network.',
  full: 'This share is full. Ask the person sharing to let more people watch.',
  locked: 'The person sharing has locked this share: no new viewers can join.',
  rejected: "The person sharing didn't let you in.",
  kicked: 'The person sharing removed you from this share.',
  live: 'Live',
  ended: 'The share has ended.',
  unmute: 'Unmute',
  mute: 'Mute',
  badLink: 'This link is not valid or has expired. Ask the person sharing for a new link.',
  notFound: 'This share was not found. It may have ended, or the link was cut short — ask for a new link.',
  brokerUnreachable: (broker: string) =>
    `Couldn't reach the connection broker (${broker}). Check your internet connection, or ask the person sharing whether their broker is running.`,
  connectionFailed:
    "Couldn't connect to the person sharing. A firewall may be blocking direct connections — a TURN server (TabBeam settings → Advanced → ICE servers) usually fixes this.",
  lost: 'The connection to the person sharing was lost, and trying again did not bring it back.',
  reconnecting: (attempt: number) => `Connection lost — reconnecting (attempt ${attempt})…`,
  versionMismatch: 'This viewer page is out of date for this share.',
  hostOutdated: 'The person sharing uses an older version of TabBeam. Ask them to update it, then try again.',
  quality: 'Picture',
  preferences: { auto: 'Auto', sharper: 'Sharper', smoother: 'Smoother' } as Record<ViewerPreference, string>,
  preferenceHelp: 'Sharper: crisp text, fewer frames. Smoother: fluid motion, less detail. Only your picture changes.',
  /** The tab title per state, before " · TabBeam". */
  titles: {
    connecting: 'Connecting…',
    waiting: 'Waiting to join',
    live: '● Live',
    paused: 'Paused',
    reconnecting: 'Reconnecting…',
    ended: 'Ended',
    error: "Can't watch",
  },
  tryAgain: 'Try again',
  askAgain: 'Ask again',
  reload: 'Reload',
  newLink: 'Paste a new link',
  open: 'Open',
  fullscreen: 'Fullscreen',
  exitFullscreen: 'Exit fullscreen',
  pip: 'Picture-in-picture',
  zoom: 'Zoom',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomFit: 'Fit',
  zoomFitHelp: 'Fit the picture to the window',
  zoom1to1Help: 'Actual size: one pixel of the shared picture per pixel of your screen',
  statsButton: 'Statistics',
  shortcutsButton: 'Keyboard shortcuts',
  close: 'Close',
  volume: 'Volume',
  noSound: 'No sound in this share',
  soundOnly: 'Sound only: this share has no picture',
  point: 'Point',
  pointHelp: 'Point at the shared tab: everyone watching sees your dot. Click for a ripple, drag to draw.',
  /** Why Point does nothing now, and what to do, per pointing state (pointing.ts). */
  pointingNotes: {
    off: 'The person sharing has turned pointing off. Ask them to turn it on if you want to point.',
    source:
      'Pointing works only when a tab is shared, and this share is a screen, window or camera. Ask the person sharing to share a tab if you want to point.',
    page: "The shared page doesn't allow drawing right now (for example, a browser page). Ask the person sharing to allow it, or wait until they show another page.",
  } as Record<Exclude<PointingState, 'on'>, string>,
  /** Ask to control (remote-control.ts): the button while idle, asking and controlling, and what happened. */
  askControl: 'Ask to control',
  askingControl: 'Asking… (click to cancel)',
  stopControl: 'Stop controlling',
  askControlHelp: 'Ask the person sharing to let you click, scroll and type in the shared tab.',
  controlKeys: 'Keys for the shared tab',
  controllingHint:
    'You control the shared tab: your clicks, scrolling and typing go to it. Press Stop controlling to give it back.',
  controlNotes: {
    denied: 'The person sharing said no. You can ask again in a few seconds.',
    ended: 'You no longer control the shared tab: the person sharing took it back, or the page changed.',
    source:
      'Control works only when a tab is shared, and this share is a screen, window or camera. Ask the person sharing to share a tab.',
    page: "The shared page doesn't let TabBeam in right now (for example, a browser page). Wait until it shows another page.",
  } as Record<ControlNoteWhy, string>,
  /** The live text layer (page-text.ts): the layer's name for screen readers, Copy text, a link's confirmation. */
  textLayer: 'Text of the shared page',
  copyText: 'Copy text',
  copyTextHelp: 'Copy every word the shared page shows now. You can also select words on the picture and copy them.',
  copied: "Copied the page's text.",
  copyFailed: 'Could not copy. Select the words on the picture and press Ctrl+C (⌘C on a Mac).',
  textNotes: {
    off: 'The person sharing has turned text copying off. Ask them to turn it on if you want to copy words.',
    source: 'There is no page to copy text from: this share is a screen, window or camera.',
    page: "The shared page's text can't be read right now (for example, a browser page). Wait until another page is shown.",
  } as Record<Exclude<TextState, 'on'>, string>,
  readPage: 'Read the page',
  readPageHelp: "Read the page: your screen reader says what changes in the shared page's text.",
  /** What Read the page announces: the lines the page shows now that it did not before. */
  pageChanged: (lines: string) => `The page changed: ${lines}`,
  openLinkTitle: 'Open this link?',
  openLinkBody: 'It opens in a new tab of your own browser. The shared tab does not change.',
  openLink: 'Open',
  cancel: 'Cancel',
  stats: {
    title: 'Statistics',
    resolution: 'Resolution',
    fps: 'Frame rate',
    bitrate: 'Bitrate',
    codec: 'Codec',
    rtt: 'Round trip',
    loss: 'Packet loss',
    jitterBuffer: 'Jitter buffer',
    connection: 'Connection',
    direct: 'Direct',
    relay: 'Relayed (TURN)',
    relayTcp: 'Relayed (TURN/TCP)',
    relayTls: 'Relayed (TURN/TLS)',
    server: 'Via media server',
    unknown: '—',
  },
  /** The ? panel: what each key does (the keys themselves are in src/viewer/shortcuts.ts, the same in every language). */
  shortcuts: {
    fullscreen: 'Fullscreen (or double-click the picture)',
    pip: 'Picture-in-picture',
    zoom: 'Zoom in, out (or wheel, pinch)',
    fit: 'Fit to the window (or double-tap)',
    actualSize: 'Actual size (1:1)',
    pan: 'Move around a zoomed picture (or drag)',
    sound: 'Sound on, off',
    volume: 'Volume',
    quality: 'Picture: Auto, Sharper, Smoother',
    stats: 'Statistics',
    point: 'Point at the shared tab: click for a ripple, drag to draw',
    pointHeld: 'Hold over the picture to point without turning Point on',
    control: 'Ask to control the shared tab, or stop controlling it',
    help: 'This list',
  },
};

/** What the extension shows: its pages and service worker bundle this, without the viewer's part. */
export const enExtension = { manifest, errors, popup, menu, badge, notifications, options, settings };
/** The whole catalogue; the viewer site bundles only `viewer` (i18n/viewer.ts). */
export const en = { ...enExtension, viewer };

/** The shape of every language's catalogue. */
export type Messages = typeof en;
export type ExtensionMessages = Omit<Messages, 'viewer'>;
