// The English sentences the popup shows (with the errors and settings problems it explains): a
// module of their own, so the popup's bundle takes these and not the rest of en.ts.
import type { ErrorCode } from '../errors';
import type { SourceChoice } from '../protocol';
import type { Preset } from '../quality';
import type { Plural, SettingsText } from './format';

type SourceKind = SourceChoice['kind'];

/**
 * What went wrong and what to do, per failure. `detail` is TabBeam's own words (which broker,
 * which setting is wrong), never a library's message; the popup adds a Settings button for
 * the codes in FIXED_IN_SETTINGS (errors.ts).
 */
export const errors: Record<ErrorCode, (detail?: string) => string> = {
  'not-capturable': () =>
    "TabBeam can't share this page. Browser pages (chrome://, the Web Store, the new-tab page) can't be captured — switch to a normal web page and click TabBeam again.",
  'capture-failed': () =>
    "Chrome didn't let TabBeam capture this. Click TabBeam on the page you want to share and try again; if another app or extension is already sharing it, stop that first.",
  cancelled: () => 'Nothing was chosen, so nothing changed.',
  'mic-denied': () =>
    'TabBeam may not use your microphone yet. Chrome asks for it only on a visible page: open Settings, choose "Allow microphone and camera", then try again.',
  'mic-missing': () => 'No microphone was found. Connect one and try again.',
  'camera-denied': () =>
    'TabBeam may not use your camera yet. Chrome asks for it only on a visible page: open Settings, choose "Allow microphone and camera", then try again.',
  'camera-missing': () => 'No camera was found, or another app is using it. Connect one and try again.',
  'bad-settings': (detail) =>
    detail
      ? `Your TabBeam settings are not valid: ${detail} Open Settings to fix them.`
      : 'Your TabBeam settings are not valid. Open Settings to fix them.',
  'broker-unreachable': (broker) =>
    broker
      ? `Couldn't reach the connection broker — ${broker}. Check your internet connection; if you use your own broker, check in Settings that its address is right and that it is running.`
      : "Couldn't reach the connection broker. Check your internet connection; if you use your own broker, check in Settings that its address is right and that it is running.",
  'broker-rejected': (broker) =>
    broker
      ? `The connection broker — ${broker} — refused this share. If you use your own broker, check its key in Settings; otherwise try again in a moment.`
      : 'The connection broker refused this share. If you use your own broker, check its key in Settings; otherwise try again in a moment.',
  internal: () =>
    'Something went wrong inside TabBeam. Try again; if it keeps happening, reload TabBeam at chrome://extensions.',
};

export const popup = {
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
  /** `{n}` is the count, shown as its own element. */
  watching: { one: '{n} person watching', other: '{n} people watching' } as Plural,
  stopsAt: (time: string) => `stops at ${time}`,
  brokerLost:
    'Link temporarily unavailable to new viewers: reconnecting to the broker… People already watching are not affected.',
  codeHelp:
    "Verification words: this viewer's page shows the same words. Compare them out loud if you want to be sure who is watching.",
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
  tryAgain: 'Try again on this tab',
  dismiss: 'Dismiss',
  settings: 'Settings',
  openSettings: 'Open Settings',
  /** What is shared, one sentence each: `otherTab` is a tab other than the one the popup is open on. */
  showing: {
    tab: 'Showing this tab',
    otherTab: 'Showing a tab',
    picked: 'Showing a screen, window or tab',
    camera: 'Showing your camera',
  } as Record<SourceKind | 'otherTab', string>,
  shareThisTabInstead: 'Share this tab instead',
  sharePicked: 'Screen or window…',
  shareCamera: 'Camera',
  mic: 'Microphone',
  micHelp: 'Mixes your voice into what viewers hear.',
  muteForMe: 'Mute for me',
  muteForMeHelp: 'Silence the shared sound on this computer; viewers still hear it.',
  quality: 'Quality',
  presets: { auto: 'Auto', text: 'Text', motion: 'Motion' } as Record<Preset, string>,
  presetHelp: 'Text: sharp, fewer frames. Motion: smooth video. Auto: Motion while something plays.',
  letViewersPoint: 'Let viewers point',
  letViewersPointHelp:
    'Viewers can show a dot, a ripple and ink on this tab; you and everyone watching see it. They click and type only if you let one control the tab.',
  pointingOffPage:
    "Pointing is off on this page: Chrome doesn't let TabBeam draw here. Click TabBeam on the page to allow it again.",
  pointingOffSource: 'Viewers can point only on a shared tab, not on a screen, window or camera.',
  pointing: 'pointing',
  letViewersCopy: 'Let viewers copy text',
  letViewersCopyHelp:
    "Viewers can select, copy and search this tab's visible words and open its links. Form fields and password boxes are never sent.",
  allowPointing: (code: string) => `Let viewer ${code} point`,
  asksToControl: 'asks to control this tab',
  controlling: 'controls this tab',
  allowControl: 'Allow',
  allowControlViewer: (code: string) => `Let viewer ${code} control this tab`,
  denyControl: 'Deny',
  denyControlViewer: (code: string) => `Don't let viewer ${code} control this tab`,
  takeBackControl: 'Take back',
  controlNotice: (code: string) =>
    `${code} is controlling this tab: clicking, scrolling and typing in it. Take back control at any time.`,
  /** A short badge: the share goes through the media server (Settings → Advanced → Media server). */
  viaMediaServer: 'via media server',
  /** The same with how many watch through it; `{n}` is the count. */
  viaMediaServerCount: { one: '{n} via media server', other: '{n} via media server' } as Plural,
  /** Notices, like brokerLost: the media server failed at the start, or later. */
  mediaServerUnreachable: 'The media server could not be reached; viewers still watch peer to peer.',
  mediaServerLost: 'The media server was lost; viewers are back on peer to peer.',
};

/** What is wrong with a setting (settings.ts gives the code and its figures). */
export const settings = {
  'viewer-url-missing': () => 'Enter the address of your viewer page.',
  'viewer-url-invalid': ({ value }) => `"${value}" is not a web address.`,
  'viewer-url-insecure': () => 'The viewer page must use https:// (http:// is allowed only for localhost).',
  'viewer-url-fragment': () => 'The viewer address must not contain a # part.',
  'broker-malformed': () => 'Broker settings are malformed.',
  'broker-host': ({ value }) => `Broker host "${value}" is not a valid host name.`,
  'broker-port': () => 'Broker port must be a whole number from 1 to 65535.',
  'broker-path': () => 'Broker path must start with "/" and contain only letters, digits and - . _ ~ /.',
  'broker-secure': () => 'Choose whether the broker uses TLS (secure).',
  'broker-key': () => 'Broker key may contain only letters, digits, - and _ (up to 64).',
  'broker-insecure': () => 'A broker on a public host name must be secure (TLS).',
  'broker-url-invalid': ({ value }) => `"${value}" is not a broker URL like https://peer.example.com:443/path.`,
  'broker-url-scheme': () => 'A broker URL starts with https:// or http://.',
  'ice-not-list': () => 'ICE servers must be a list.',
  'ice-too-many': ({ max }) => `Use at most ${max} ICE servers.`,
  'ice-malformed': ({ server }) => `ICE server ${server} is malformed.`,
  'ice-urls': ({ server }) => `ICE server ${server} needs one to five URLs.`,
  'ice-url': ({ server, value }) => `ICE server ${server}: "${value}" is not a stun:, stuns:, turn: or turns: URL.`,
  'ice-text': ({ server, name }) => `ICE server ${server}: ${name} must be text.`,
  'ice-turn-credentials': ({ server }) =>
    `ICE server ${server}: a TURN server needs a username and a credential, or a shared secret (secret=…).`,
  'ice-secret': ({ server }) =>
    `ICE server ${server}: the shared secret must be 1 to 256 characters, with no spaces or accented letters.`,
  'ice-secret-and-credentials': ({ server }) =>
    `ICE server ${server}: give either a shared secret or a username and credential, not both.`,
  'ice-secret-not-turn': ({ server }) => `ICE server ${server}: a shared secret needs a turn: or turns: URL.`,
  'ask-to-join': () => 'Choose whether to approve each viewer.',
  'live-text': () => "Choose whether viewers can copy the page's text.",
  'control-yields': () => 'Choose whether your own mouse and keyboard take control back from a viewer.',
  'max-viewers': ({ max }) => `The viewer limit must be a whole number from 1 to ${max}.`,
  expiry: ({ maxMinutes }) =>
    `A share can stop itself after up to ${maxMinutes / 60} hours (${maxMinutes} minutes), or never.`,
  quality: () => 'Choose Auto, Text or Motion.',
  'max-height': ({ min, max }) =>
    `Maximum resolution (lines) must be a whole number from ${min} to ${max}, or empty for the preset's.`,
  'max-framerate': ({ min, max }) =>
    `Maximum frame rate must be a whole number from ${min} to ${max}, or empty for the preset's.`,
  'max-bitrate': ({ min, max }) =>
    `Maximum bitrate (kbit/s) must be a whole number from ${min} to ${max}, or empty for the preset's.`,
  'media-server-malformed': () => 'Media server settings are malformed.',
  'media-server-missing': () => "Enter the media server's address.",
  'media-server-url': ({ value }) =>
    `"${value}" is not a media server address like wss://janus.example.com/ or https://janus.example.com/janus.`,
  'media-server-scheme': () => 'A media server address starts with wss://, https://, ws:// or http://.',
  'media-server-insecure': () =>
    'The media server must use wss:// or https:// (ws:// and http:// are allowed only for localhost).',
  'media-server-path': () =>
    "An http(s):// media server address needs the path of Janus's HTTP API, usually /janus (https://janus.example.com/janus).",
  'media-server-secret': () =>
    "Enter the media server's API secret or token: 1 to 256 letters, digits or symbols, without spaces.",
  'media-server-threshold': ({ max }) =>
    `The number of viewers above which the media server is used must be a whole number from 0 (always) to ${max}.`,
} satisfies SettingsText as SettingsText;
