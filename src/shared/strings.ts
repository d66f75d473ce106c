// Every user-visible sentence of the extension and the viewer, in one place, so translation
// is a file and not a refactor.
import { DETAIL_SHOWN, type ErrorCode, type ShareError } from './errors';
import type { SourceChoice } from './protocol';

type SourceKind = SourceChoice['kind'];

/**
 * What went wrong and what to do, per failure. `detail` is TabBeam's own words (which broker,
 * which setting is wrong), never a library's message; the popup adds a Settings button for
 * the codes in FIXED_IN_SETTINGS (errors.ts).
 */
export const shareErrorText: Record<ErrorCode, (detail?: string) => string> = {
  'not-capturable': () => "TabBeam can't share this page. Browser pages (chrome://, the Web Store, the new-tab page) can't be captured — switch to a normal web page and click TabBeam again.",
  'capture-failed': () => "Chrome didn't let TabBeam capture this. Click TabBeam on the page you want to share and try again; if another app or extension is already sharing it, stop that first.",
  cancelled: () => 'Nothing was chosen, so nothing changed.',
  'mic-denied': () => 'TabBeam may not use your microphone yet. Chrome asks for it only on a visible page: open Settings, choose "Allow microphone and camera", then try again.',
  'mic-missing': () => 'No microphone was found. Connect one and try again.',
  'camera-denied': () => 'TabBeam may not use your camera yet. Chrome asks for it only on a visible page: open Settings, choose "Allow microphone and camera", then try again.',
  'camera-missing': () => 'No camera was found, or another app is using it. Connect one and try again.',
  'bad-settings': (detail) => `Your TabBeam settings are not valid${detail ? `: ${detail}` : '.'} Open Settings to fix them.`,
  'broker-unreachable': (broker) =>
    `Couldn't reach the connection broker${broker ? ` — ${broker}` : ''}. Check your internet connection; if you use your own broker, check in Settings that its address is right and that it is running.`,
  'broker-rejected': (broker) => `The connection broker${broker ? ` — ${broker} —` : ''} refused this share. If you use your own broker, check its key in Settings; otherwise try again in a moment.`,
  internal: () => 'Something went wrong inside TabBeam. Try again; if it keeps happening, reload TabBeam at chrome://extensions.',
};

/** The sentence for a failure: the detail only where it is ours (DETAIL_SHOWN), never a library's text. */
export function describeShareError(error: ShareError): string {
  const describe = shareErrorText[error.code] ?? shareErrorText.internal;
  return describe(DETAIL_SHOWN.includes(error.code) ? error.detail : undefined);
}

export const popupText = {
  title: 'TabBeam',
  idle: 'Not sharing.',
  shareThisTab: 'Share this tab',
  starting: 'Starting…',
  cancel: 'Cancel',
  live: 'Live',
  linkLabel: 'Share link',
  copy: 'Copy link',
  copied: 'Copied',
  scanHint: "Or point a phone's camera at the code to watch there.",
  qrLabel: 'QR code of the share link',
  watching: (n: number) => (n === 1 ? 'person watching' : 'people watching'),
  stopsAt: (time: string) => `stops at ${time}`,
  brokerLost: 'Link temporarily unavailable to new viewers: reconnecting to the broker… People already watching are not affected.',
  codeHelp: "Verification words: this viewer's page shows the same words. Compare them out loud if you want to be sure who is watching.",
  wantsToJoin: 'wants to join',
  letIn: 'Let in',
  letInViewer: (code: string) => `Let in viewer ${code}`,
  deny: 'Deny',
  denyViewer: (code: string) => `Deny viewer ${code}`,
  kick: 'Remove',
  kickViewer: (code: string) => `Remove viewer ${code}`,
  leftBeforeAnswer: (code: string) => `${code} left before you answered.`,
  pause: 'Pause',
  resume: 'Resume',
  paused: 'Paused',
  pausedNote: 'Viewers see a pause screen until you resume.',
  lock: 'Lock: no new viewers',
  lockHelp: 'While locked, nobody new can join; people already watching stay.',
  locked: 'locked',
  preview: 'Open viewer',
  stop: 'Stop sharing',
  error: 'Could not share',
  tryAgain: 'Try again on this tab',
  dismiss: 'Dismiss',
  settings: 'Settings',
  openSettings: 'Open Settings',
  showing: 'Showing',
  source: { tab: 'this tab', picked: 'a screen, window or tab', camera: 'your camera' } as Record<SourceKind, string>,
  sharedTab: 'a tab',
  shareThisTabInstead: 'Share this tab instead',
  sharePicked: 'Screen or window…',
  shareCamera: 'Camera',
  mic: 'Microphone',
  micHelp: 'Mixes your voice into what viewers hear.',
  muteForMe: 'Mute for me',
  muteForMeHelp: 'Silence the shared sound on this computer; viewers still hear it.',
  quality: 'Quality',
  presets: { auto: 'Auto', text: 'Text', motion: 'Motion' } as Record<'auto' | 'text' | 'motion', string>,
  presetHelp: 'Text: sharp, fewer frames. Motion: smooth video. Auto: Motion while something plays.',
};

/** manifest.json repeats the picker's and camera's words as command descriptions (no _locales yet). */
export const menuText: Record<SourceKind, string> = {
  tab: 'Share this tab',
  picked: 'Share a screen, window or tab…',
  camera: 'Share my camera',
};

export const badgeText = {
  live: 'LIVE',
  /** Two bars: a pause sign in plain letters, which every badge font has. */
  paused: 'II',
  starting: '…',
  error: '!',
  idleTitle: 'TabBeam — click to share this tab',
  liveTitle: (n: number) => `TabBeam — sharing, ${n} watching. Click for the link and Stop.`,
  pausedTitle: (n: number) => `TabBeam — paused: ${n} watching a pause screen. Click to resume or stop.`,
  errorTitle: 'TabBeam — could not share. Click for details.',
};

export const notificationText = {
  copiedTitle: 'Sharing this tab',
  copiedBody: 'The share link is copied — paste it to whoever should watch. Click TabBeam again for the link and Stop.',
  joinTitle: 'Someone wants to watch your tab',
  joinBody: (code: string) => `Their page shows ${code}. Let them in?`,
  letIn: 'Let in',
  deny: 'Deny',
  leftTitle: 'Someone stopped waiting',
  leftBody: (code: string) => `${code} left before you answered. If they come back, they will ask again.`,
};

export const viewerText = {
  title: 'TabBeam viewer',
  connectingBroker: 'Connecting…',
  connectingHost: 'Reaching the person sharing…',
  checkingLink: 'Checking the link…',
  waitingMedia: 'Connected — waiting for the picture…',
  waitingForHost: 'Waiting for the host to let you in…',
  paused: 'The host has paused sharing. The picture comes back when they resume.',
  codeHelp: 'Verification code: the person sharing sees the same symbols next to your name. If they differ, someone may be listening in.',
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
  brokerUnreachable: (broker: string) => `Couldn't reach the connection broker (${broker}). Check your internet connection, or ask the person sharing whether their broker is running.`,
  connectionFailed: "Couldn't connect to the person sharing. A firewall may be blocking direct connections — a TURN server (TabBeam settings → ICE servers) usually fixes this.",
  lost: 'The connection to the person sharing was lost, and trying again did not bring it back. Reload the page to try once more.',
  reconnecting: (attempt: number) => `Connection lost — reconnecting (attempt ${attempt})…`,
  versionMismatch: 'This viewer page is out of date for this share. Reload the page.',
  quality: 'Picture',
  preferences: { auto: 'Auto', sharper: 'Sharper', smoother: 'Smoother' } as Record<'auto' | 'sharper' | 'smoother', string>,
  preferenceHelp: 'Sharper: crisp text, fewer frames. Smoother: fluid motion, less detail. Only your picture changes.',
};

export const optionsText = {
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
  iceHelp: 'One server a line: URL, then username and credential for TURN, separated by spaces.',
  whoCanWatch: 'Who can watch',
  askToJoin: 'Ask me before someone joins',
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
  permissionsHelp: 'Chrome asks for these only on a visible page. Allow them here once; then the popup can add your microphone or share your camera.',
  allowDevices: 'Allow microphone and camera',
  devicesAllowed: {
    both: 'Allowed: you can now use the microphone and camera from the popup.',
    microphone: 'Microphone allowed. No camera was found (or it was refused).',
    camera: 'Camera allowed. No microphone was found (or it was refused).',
  },
  devicesMissing: 'No microphone or camera was found on this computer.',
  devicesDenied: (why: string) => `Not allowed (${why}). Use the camera icon in the address bar, or Chrome's site settings for TabBeam, to allow them.`,
};
