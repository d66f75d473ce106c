// Finding things in the shared page for remote input (remote-input.ts): the element under a point
// and the focused one (through open shadow roots), what a click focuses, the tab order, and what
// a wheel or a key scrolls. Reads the page only; changes nothing.

/** The parent across shadow boundaries: a shadow root's child goes up to its host. */
export function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The innermost element at a viewport point, descending into open shadow roots. */
export function deepElementFromPoint(
  doc: Document,
  x: number,
  y: number,
  skip: (el: Element) => boolean = () => false,
): Element | null {
  let el = doc.elementsFromPoint(x, y).find((under) => !skip(under)) ?? null;
  while (el?.shadowRoot) {
    const inner = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  return el;
}

/** The focused element, through open shadow roots (null when nothing but the body has focus). */
export function deepActiveElement(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el && el !== doc.body && el !== doc.documentElement ? el : null;
}

const TEXT_INPUT_TYPES = ['text', 'search', 'url', 'tel', 'email', 'password', 'number', ''];

export type TextField = HTMLInputElement | HTMLTextAreaElement;

/** An <input> that takes typed text, or a <textarea>; not disabled or read-only. */
export function isTextField(el: Element | null): el is TextField {
  if (el instanceof HTMLTextAreaElement) return !el.disabled && !el.readOnly;
  return (
    el instanceof HTMLInputElement &&
    TEXT_INPUT_TYPES.includes(el.getAttribute('type')?.toLowerCase() ?? '') &&
    !el.disabled &&
    !el.readOnly
  );
}

/** Text fields that have a caret we can read and set (an email or number field has none). */
export function hasCaret(el: TextField): boolean {
  try {
    return el.selectionStart !== null;
  } catch {
    return false;
  }
}

/** Where typed text goes: a text field, or a contenteditable's editing host; null if neither. */
export function editableOf(el: Element | null): TextField | HTMLElement | null {
  if (!el) return null;
  if (isTextField(el)) return el;
  return el instanceof HTMLElement && el.isContentEditable ? el : null;
}

const FOCUSABLE =
  'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable]';

function isDisabled(el: Element): boolean {
  return (el as HTMLButtonElement).disabled === true || el.closest('[inert]') !== null;
}

/** What a press on `el` focuses, like a real mousedown: the nearest focusable ancestor, else none. */
export function focusTarget(el: Element): HTMLElement | null {
  for (let at: Element | null = el; at; at = composedParent(at)) {
    if (!(at instanceof HTMLElement)) continue;
    if (at.isContentEditable) {
      // The editing host: the topmost contenteditable of the run.
      let host: HTMLElement = at;
      for (let up = composedParent(at); up instanceof HTMLElement && up.isContentEditable; up = composedParent(up))
        host = up;
      return host;
    }
    if (at.matches(FOCUSABLE) && !isDisabled(at)) return at;
  }
  return null;
}

function isVisible(el: HTMLElement): boolean {
  return el.checkVisibility({ checkVisibilityCSS: true });
}

/** Elements in tree order, descending into open shadow roots (their content after the host). */
function* deepElements(root: Document | ShadowRoot): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
  }
}

/** A radio Tab skips: another in its group is the checked one. */
function skippedRadio(el: Element, doc: Document): boolean {
  if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name || el.checked) return false;
  const group = doc.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`);
  return [...group].some((r) => (r as HTMLInputElement).checked && (r as HTMLInputElement).form === el.form);
}

/** The page's sequential focus order: positive tabindex ascending, then tabindex 0 in tree order. */
export function tabOrder(doc: Document, isOwn: (el: Element) => boolean): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (const el of deepElements(doc)) {
    if (!(el instanceof HTMLElement) || el.tabIndex < 0 || isOwn(el) || isDisabled(el)) continue;
    if (!isVisible(el) || skippedRadio(el, doc)) continue;
    found.push(el);
  }
  const positive = found.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  return [...positive, ...found.filter((el) => el.tabIndex === 0)];
}

type Axis = 'x' | 'y';

function canScroll(el: Element, axis: Axis, delta: number, win: Window): boolean {
  if (delta === 0) return false;
  const style = win.getComputedStyle(el);
  const overflow = axis === 'x' ? style.overflowX : style.overflowY;
  if (!['auto', 'scroll', 'overlay'].includes(overflow)) return false;
  const [pos, size, client] =
    axis === 'x' ? [el.scrollLeft, el.scrollWidth, el.clientWidth] : [el.scrollTop, el.scrollHeight, el.clientHeight];
  // A pixel of slack: fractional layouts leave scrollTop a hair short of the end.
  return delta > 0 ? pos + client < size - 1 : pos > 0;
}

/**
 * What a scroll of (dx, dy) px at `from` moves, as the browser picks: the nearest ancestor that
 * can scroll that way (dy first, as a wheel mostly goes down), else the page's scrolling element.
 */
export function scrollerFor(from: Element | null, dx: number, dy: number, win: Window): Element {
  const doc = win.document;
  const page = doc.scrollingElement ?? doc.documentElement;
  for (let at = from; at; at = composedParent(at)) {
    if (at === page || at === doc.body || at === doc.documentElement) break;
    if (canScroll(at, 'y', dy, win) || canScroll(at, 'x', dx, win)) return at;
  }
  return page;
}
