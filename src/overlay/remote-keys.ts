// Keys of a controlling viewer (remote-input.ts): keydown, keypress and keyup dispatched where
// focus is, and what the browser would do by default for a key nobody prevented: typing and
// editing (remote-edit.ts), Tab's focus order, Enter's form submission or activation, a select's
// option, Space on a button, and scrolling.
import { MOD } from '../shared/remote-control';
import { deepActiveElement, isTextField, scrollerFor, tabOrder } from './dom-find';
import type { Editor } from './remote-edit';

/** Pixels an arrow key scrolls, as Chromium does. */
const ARROW_SCROLL = 40;
/** Share of the viewport PageUp/PageDown and Space scroll. */
const PAGE_SCROLL = 0.875;

const ACTIVATES_ON_ENTER =
  'a[href], area[href], button, input[type=submit], input[type=reset], input[type=button], input[type=image], summary';
const ACTIVATES_ON_SPACE =
  'button, input[type=submit], input[type=reset], input[type=button], input[type=image], input[type=checkbox], input[type=radio], summary';

/** KeyboardEvent.code for a key the viewer sent (US layout: the closest guess). */
function codeOf(key: string): string {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  if (key === ' ') return 'Space';
  return key.length > 1 ? key : '';
}

/** A key's scroll of the page (or the focused element's scroller). */
function scrollByKey(win: Window, key: string, shift: boolean): void {
  const doc = win.document;
  const from = deepActiveElement(doc);
  const page = doc.scrollingElement ?? doc.documentElement;
  const pageStep = win.innerHeight * PAGE_SCROLL;
  const steps: Record<string, [number, number]> = {
    ArrowUp: [0, -ARROW_SCROLL],
    ArrowDown: [0, ARROW_SCROLL],
    ArrowLeft: [-ARROW_SCROLL, 0],
    ArrowRight: [ARROW_SCROLL, 0],
    PageUp: [0, -pageStep],
    PageDown: [0, pageStep],
    ' ': [0, shift ? -pageStep : pageStep],
    Home: [0, -page.scrollHeight],
    End: [0, page.scrollHeight],
  };
  const [left, top] = steps[key] ?? [0, 0];
  if (left || top) scrollerFor(from, left, top, win).scrollBy({ left, top, behavior: 'instant' });
}

function tab(doc: Document, isOwn: (el: Element) => boolean, back: boolean): void {
  const order = tabOrder(doc, isOwn);
  if (order.length === 0) return;
  const here = order.indexOf(deepActiveElement(doc) as HTMLElement);
  const next = here < 0 ? (back ? order.length - 1 : 0) : (here + (back ? -1 : 1) + order.length) % order.length;
  const el = order[next];
  if (!el) return;
  el.focus();
  // Tabbing into a text field selects what it holds, as browsers do.
  if (isTextField(el)) el.select();
}

function enter(el: Element | null, editor: Editor, shift: boolean): void {
  if (el instanceof HTMLInputElement && isTextField(el)) {
    const form = el.form;
    if (!form) return;
    // Implicit submission: a click on the form's default button, else a submit when it is the only field.
    const submit = [...form.elements].find(
      (f) => (f instanceof HTMLButtonElement || f instanceof HTMLInputElement) && ['submit', 'image'].includes(f.type),
    ) as HTMLButtonElement | HTMLInputElement | undefined;
    if (submit) {
      if (!submit.disabled) submit.click();
    } else if ([...form.elements].filter(isTextField).length <= 1) {
      form.requestSubmit();
    }
  } else if (editor.focused()) {
    editor.newLine(shift);
  } else if (el instanceof HTMLElement && el.matches(ACTIVATES_ON_ENTER)) {
    el.click();
  }
}

function selectByKey(el: HTMLSelectElement, key: string): boolean {
  if (el.multiple || el.disabled) return false;
  const options = [...el.options];
  const enabled = options.filter(
    (o) => !o.disabled && !(o.parentElement instanceof HTMLOptGroupElement && o.parentElement.disabled),
  );
  const chosen = el.selectedOptions[0];
  const current = chosen ? enabled.indexOf(chosen) : -1;
  const index = {
    ArrowDown: current + 1,
    ArrowRight: current + 1,
    ArrowUp: current - 1,
    ArrowLeft: current - 1,
    Home: 0,
    End: enabled.length - 1,
  }[key];
  if (index === undefined) return false;
  const option = enabled[Math.max(0, Math.min(enabled.length - 1, index))];
  if (option && !option.selected) {
    option.selected = true;
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  return true;
}

/** What the browser does for a key nobody prevented. */
function keyDefault(win: Window, editor: Editor, isOwn: (el: Element) => boolean, key: string, mods: number): void {
  const doc = win.document;
  const el = deepActiveElement(doc);
  const shift = (mods & MOD.shift) !== 0;
  const shortcut = (mods & (MOD.ctrl | MOD.meta)) !== 0;
  // Ctrl (Alt on a Mac) moves and deletes by words.
  const word = shortcut || (mods & MOD.alt) !== 0;
  if (shortcut && key.length === 1) {
    const k = key.toLowerCase();
    if (k === 'a') editor.selectAll();
    else if (k === 'z') editor.undo(shift);
    else if (k === 'y') editor.undo(true);
    return;
  }
  switch (key) {
    case 'Enter':
      return enter(el, editor, shift);
    case 'Tab':
      editor.commit();
      return tab(doc, isOwn, shift);
    case 'Backspace':
    case 'Delete':
      return editor.remove(key === 'Delete', word);
    case 'Escape':
      return;
  }
  const printable = [...key].length === 1;
  if (printable && editor.focused()) return editor.insert(key);
  if (el instanceof HTMLSelectElement && selectByKey(el, key)) return;
  if (key === ' ' && el instanceof HTMLElement && el.matches(ACTIVATES_ON_SPACE)) return el.click();
  // A character typed with no field to take it does nothing; Space scrolls.
  if (printable && key !== ' ') return;
  if (key === ' ' || key.startsWith('Page') || !editor.moveCaret(key, shift, word)) scrollByKey(win, key, shift);
}

/** A key pressed and let go, as a controlling viewer sent it: keydown (keypress), the default action, keyup. */
export function pressKey(
  win: Window,
  editor: Editor,
  isOwn: (el: Element) => boolean,
  key: string,
  mods: number,
): void {
  const doc = win.document;
  // A composition ends before a key takes effect (the key may be Enter, Backspace, …).
  editor.commit();
  const el = deepActiveElement(doc) ?? doc.body ?? doc.documentElement;
  if (isOwn(el)) return;
  const init = {
    key,
    code: codeOf(key),
    bubbles: true,
    cancelable: true,
    composed: true,
    view: win,
    altKey: (mods & MOD.alt) !== 0,
    ctrlKey: (mods & MOD.ctrl) !== 0,
    metaKey: (mods & MOD.meta) !== 0,
    shiftKey: (mods & MOD.shift) !== 0,
  };
  let go = el.dispatchEvent(new KeyboardEvent('keydown', init));
  // keypress: printable keys and Enter without shortcuts, as browsers still fire it.
  const printable = [...key].length === 1 || key === 'Enter';
  if (go && printable && !init.ctrlKey && !init.metaKey) go = el.dispatchEvent(new KeyboardEvent('keypress', init));
  if (go) keyDefault(win, editor, isOwn, key, mods);
  // The key goes up where focus is now (Tab moved it).
  (deepActiveElement(doc) ?? doc.body ?? el).dispatchEvent(new KeyboardEvent('keyup', init));
}
