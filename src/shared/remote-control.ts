// Remote control of the shared tab, with the sharer's consent: what a viewer may send (wire.ts
// carries it), what the host lets through (src/offscreen/host/remote-control.ts) and what the
// overlay in the shared tab is told to do with it (src/overlay/remote-input.ts). Points are
// fractions of the picture, as pointing's are (pointing.ts); so are wheel distances.
import { isPicturePoint, type PicturePoint } from './pointing';
import { shaped } from './shape';

/**
 * What a viewer may do about control now, as the host tells it:
 * 'idle' it may ask; 'asking' it asked and the sharer has not answered; 'granted' it controls the
 * tab; 'denied' the sharer said no (it may ask again after CONTROL_ASK_COOLDOWN_MS); 'busy' another
 * viewer controls; 'source' a screen, window, camera or picked tab (no page); 'page' the shared
 * page does not let TabBeam in (or has not loaded yet).
 */
export type ControlState = 'idle' | 'asking' | 'granted' | 'denied' | 'busy' | 'source' | 'page';
export const CONTROL_STATES: readonly ControlState[] = [
  'idle',
  'asking',
  'granted',
  'denied',
  'busy',
  'source',
  'page',
];

/** What the viewer's note says about control: refused, ended, or why asking does nothing. */
export type ControlNoteWhy = 'denied' | 'ended' | 'source' | 'page';

/** A viewer denied control may ask again after this long (the host ignores it before). */
export const CONTROL_ASK_COOLDOWN_MS = 10_000;
/** Input a controlling viewer may send per second (a burst of as many); more is dropped, never queued. */
export const CLICK_RATE = 20;
export const KEY_RATE = 60;
export const WHEEL_RATE = 60;
/** Characters of one text message (typed with an input method, or pasted); a longer paste goes in pieces. */
export const MAX_INPUT_TEXT = 200;
/** A paste longer than this is cut: a field takes a line or a paragraph, not a document. */
export const MAX_PASTE = 2000;
/** Wheel distances are fractions of the picture: at most this many pictures in one message. */
export const MAX_WHEEL = 4;

/** Modifier keys held, as bits (the same as the Chrome DevTools protocol's). */
export const MOD = { alt: 1, ctrl: 2, meta: 4, shift: 8 } as const;

/** Keys that edit or move rather than type; every other key is one printable character. */
export const EDIT_KEYS = [
  'Enter',
  'Tab',
  'Backspace',
  'Delete',
  'Escape',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
] as const;
export type EditKey = (typeof EDIT_KEYS)[number];

/** One piece of a controlling viewer's input. */
export type RemoteInput =
  /** A press of the main button at a place: n 1 a click, n 2 the second click of a double click. */
  | { k: 'click'; at: PicturePoint; n: 1 | 2 }
  /** A wheel or a finger's scroll at a place, by fractions of the picture's width (dx) and height (dy). */
  | { k: 'wheel'; at: PicturePoint; dx: number; dy: number }
  /** A key pressed and let go: an EditKey, or one printable character (with Ctrl or Meta: a shortcut). */
  | { k: 'key'; key: string; mods: number }
  /** Text for the focused field: an input method's final text, a phone keyboard's, or a paste. */
  | { k: 'text'; text: string }
  /** An input method's text still being composed (Korean syllables, say): it replaces the last. */
  | { k: 'compose'; text: string };

const isEditKey = (key: string): key is EditKey => (EDIT_KEYS as readonly string[]).includes(key);
/** One printable character: one code point that is not a control character. */
const isPrintable = (key: string) => [...key].length === 1 && !/\p{Cc}/u.test(key);
/**
 * What text may not carry: control characters but tab and line feed (a carriage return too), and
 * lone surrogates. JSON writes each as 6 characters, so a text of MAX_INPUT_TEXT of them would
 * overflow the wire's MAX_MESSAGE; without them it always fits.
 */
const UNSENDABLE = /(?![\t\n])\p{Cc}|\p{Cs}/gu;

/** Text as input may carry it (a paste, an input method's text): line breaks as \n, the rest left out. */
export const sendableText = (text: string) => text.replace(/\r\n?/g, '\n').replace(UNSENDABLE, '');

const isText = (text: unknown, min: number): text is string =>
  typeof text === 'string' && text.length >= min && text.length <= MAX_INPUT_TEXT && sendableText(text) === text;
const isDistance = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_WHEEL;

/** The one check of a piece of input, on the host and again in the overlay; null for anything else. */
export function parseRemoteInput(value: unknown): RemoteInput | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const m = value as Record<string, unknown>;
  switch (m.k) {
    case 'click':
      return shaped(m, ['k', 'at', 'n']) && isPicturePoint(m.at) && (m.n === 1 || m.n === 2)
        ? { k: 'click', at: m.at, n: m.n }
        : null;
    case 'wheel':
      return shaped(m, ['k', 'at', 'dx', 'dy']) && isPicturePoint(m.at) && isDistance(m.dx) && isDistance(m.dy)
        ? { k: 'wheel', at: m.at, dx: m.dx, dy: m.dy }
        : null;
    case 'key':
      return shaped(m, ['k', 'key', 'mods']) &&
        typeof m.key === 'string' &&
        (isEditKey(m.key) || isPrintable(m.key)) &&
        Number.isInteger(m.mods) &&
        (m.mods as number) >= 0 &&
        (m.mods as number) <= 15
        ? { k: 'key', key: m.key, mods: m.mods as number }
        : null;
    case 'text':
      return shaped(m, ['k', 'text']) && isText(m.text, 1) ? { k: 'text', text: m.text } : null;
    case 'compose':
      return shaped(m, ['k', 'text']) && isText(m.text, 0) ? { k: 'compose', text: m.text } : null;
    default:
      return null;
  }
}

/** Which of the host's limits a piece of input counts against. */
export const rateOf = (input: RemoteInput): 'click' | 'key' | 'wheel' =>
  input.k === 'click' ? 'click' : input.k === 'wheel' ? 'wheel' : 'key';

/** A viewer asking for control, as the sharer sees it: its id and its verification words. */
export interface ControlAsk {
  viewer: string;
  words: string;
}

/** From the offscreen host to the overlay in the shared tab. */
export type ControlOverlayMessage =
  /** The viewers asking to control, newest last: the in-tab prompt shows them with Allow / Deny. */
  | { t: 'control-asks'; asks: ControlAsk[] }
  /**
   * Who controls the tab (null: nobody): the banner shows it. `yields`: the sharer's own mouse or
   * keyboard takes control back (Settings: controlYieldsToSharer).
   */
  | { t: 'controller'; words: string | null; yields: boolean }
  /** The controlling viewer's input, to carry out in the page. */
  | { t: 'input'; input: RemoteInput };

/** From the overlay to the offscreen host: the sharer's answer in the tab, or taking control back. */
export type ControlReport = { t: 'control-answer'; viewer: string; allow: boolean } | { t: 'take-back' };

export function parseControlReport(m: unknown): ControlReport | null {
  if (typeof m !== 'object' || m === null) return null;
  const r = m as Record<string, unknown>;
  if (r.t === 'take-back') return { t: 'take-back' };
  if (r.t === 'control-answer' && typeof r.viewer === 'string' && typeof r.allow === 'boolean')
    return { t: 'control-answer', viewer: r.viewer, allow: r.allow };
  return null;
}
