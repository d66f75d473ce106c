// What the sharer sees of remote control in the shared tab, inside the overlay's closed shadow
// root: a prompt per asking viewer (Allow / Deny) and, while a viewer controls, a banner that takes
// control back (so do Esc twice, and with `yields` any mouse, key or wheel of the sharer's own).
// Only trusted events count here: the controlling viewer's input is synthetic (untrusted), so it
// can never answer a prompt or dismiss the banner, and neither can the page's scripts.
import type { OverlayMessages } from '../shared/i18n/en-overlay';
import { plural } from '../shared/i18n/format';
import type { ControlAsk, ControlReport } from '../shared/remote-control';

/** Two Esc presses of the sharer's within this long take control back. */
export const ESC_TWICE_MS = 1000;

export interface ControlPanel {
  /** The viewers asking, newest last: the prompt shows the newest ([] hides it). */
  asks(list: ControlAsk[]): void;
  /** Who controls (null: nobody) and whether the sharer's own input takes control back. */
  controller(words: string | null, yields: boolean): void;
  dispose(): void;
}

/** High contrast on any page, the system's font, its own box: the page's CSS does not reach in here. */
const CSS = `
.panel { all: initial; position: fixed; z-index: 1; pointer-events: auto; box-sizing: border-box;
  font: 15px/1.4 system-ui, sans-serif; color: #fff; background: #111; border: 2px solid #fff;
  border-radius: 10px; box-shadow: 0 4px 18px rgb(0 0 0 / 45%); }
.prompt { top: 12px; right: 12px; max-width: min(360px, calc(100vw - 24px)); padding: 12px 14px; }
.prompt.below { top: 72px; }
.prompt p { margin: 0 0 10px; }
.prompt .more { margin: -6px 0 10px; font-size: 13px; color: #ddd; }
.buttons { display: flex; gap: 8px; justify-content: flex-end; }
button { all: initial; font: 600 15px/1 system-ui, sans-serif; padding: 9px 16px; border-radius: 6px;
  cursor: pointer; border: 2px solid #fff; }
button:focus-visible { outline: 3px solid #ffd400; outline-offset: 2px; }
.allow { background: #fff; color: #111; }
.deny { background: #111; color: #fff; }
.banner { top: 12px; left: 50%; transform: translateX(-50%); max-width: calc(100vw - 24px);
  padding: 10px 16px; background: #b3001b; color: #fff; font: 600 15px/1.4 system-ui, sans-serif;
  border-radius: 10px; text-align: center; }
[hidden] { display: none !important; }
`;

export function createControlPanel(
  shadow: ShadowRoot,
  report: (r: ControlReport) => void,
  words: OverlayMessages,
  locale: string,
  win: Window = window,
): ControlPanel {
  const doc = win.document;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, testId?: string) => {
    const e = doc.createElement(tag);
    e.className = cls;
    if (testId) e.dataset.testid = testId;
    return e;
  };

  const prompt = el('div', 'panel prompt');
  prompt.setAttribute('role', 'group');
  prompt.setAttribute('aria-label', words.promptLabel);
  // Polite: announced to the sharer's screen reader without taking focus from what they are doing.
  const question = el('p', '');
  question.setAttribute('aria-live', 'polite');
  const more = el('p', 'more');
  const allow = el('button', 'allow', 'overlay-allow-control');
  const deny = el('button', 'deny', 'overlay-deny-control');
  allow.textContent = words.allow;
  deny.textContent = words.deny;
  const buttons = el('div', 'buttons');
  buttons.append(deny, allow);
  prompt.append(question, more, buttons);
  prompt.hidden = true;

  const banner = el('button', 'panel banner', 'overlay-control-banner');
  banner.hidden = true;
  shadow.append(prompt, banner);

  let shown: ControlAsk | null = null;
  const answer = (allowed: boolean) => (e: Event) => {
    if (!e.isTrusted || !shown) return;
    report({ t: 'control-answer', viewer: shown.viewer, allow: allowed });
  };
  allow.addEventListener('click', answer(true));
  deny.addEventListener('click', answer(false));

  let controlling = false;
  let yields = false;
  let lastEsc = -Infinity;
  /** One report per grant: the host's next `controller` message re-arms it. */
  let takenBack = false;
  const takeBack = () => {
    if (!controlling || takenBack) return;
    takenBack = true;
    report({ t: 'take-back' });
  };
  banner.addEventListener('click', (e) => {
    if (e.isTrusted) takeBack();
  });

  const onInput = (e: Event) => {
    if (!e.isTrusted || !controlling) return;
    // The sharer's own input, but not a click on this panel (Allow for another viewer, the banner).
    if (yields && !e.composedPath().includes(shadow.host)) return takeBack();
    if (e instanceof KeyboardEvent && e.key === 'Escape' && !e.repeat) {
      if (e.timeStamp - lastEsc <= ESC_TWICE_MS) takeBack();
      lastEsc = e.timeStamp;
    }
  };
  const TYPES = ['pointerdown', 'keydown', 'wheel'] as const;
  // Capture phase on the window: before the page's listeners, which could stop the event.
  const listen = (on: boolean) => {
    for (const type of TYPES) {
      if (on) win.addEventListener(type, onInput, { capture: true, passive: true });
      else win.removeEventListener(type, onInput, { capture: true });
    }
  };

  return {
    asks(list) {
      shown = list.at(-1) ?? null;
      prompt.hidden = !shown;
      if (!shown) return;
      question.textContent = words.asks(shown.words);
      more.textContent = list.length > 1 ? plural(locale, list.length - 1, words.more) : '';
      more.hidden = list.length <= 1;
    },
    controller(who, yieldsToSharer) {
      controlling = who !== null;
      yields = yieldsToSharer;
      // Listening only while someone controls: the page's every key is none of our business otherwise.
      listen(false);
      if (controlling) listen(true);
      takenBack = false;
      lastEsc = -Infinity;
      banner.hidden = !controlling;
      banner.textContent = who === null ? '' : words.controlling(who);
      prompt.classList.toggle('below', controlling);
    },
    dispose() {
      listen(false);
      prompt.remove();
      banner.remove();
      shadow.adoptedStyleSheets = shadow.adoptedStyleSheets.filter((s) => s !== sheet);
    },
  };
}
