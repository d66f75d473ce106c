// Carries out a controlling viewer's input in the shared page with synthetic DOM events, and the
// default actions a browser leaves undone for untrusted events (focus, caret, typing, scrolling,
// Tab, form submission). No chrome.debugger: nothing more than the page's own scripts could do.
// Never acts in other frames (an iframe just gets the events) nor on the overlay's own element.
import type { RemoteInput } from '../shared/remote-control';
import { deepActiveElement, deepElementFromPoint, focusTarget, isTextField, scrollerFor } from './dom-find';
import { createEditor } from './remote-edit';
import { pressKey } from './remote-keys';

export interface RemoteInputSink {
  /** Carries out one piece of input; never throws into the page. */
  apply(input: RemoteInput): void;
  /** Keeps a composition under way as typed (when control ends). */
  commit(): void;
  /** Ends a composition under way and ignores any later input. */
  dispose(): void;
}

const mouseInit = (win: Window, x: number, y: number, buttons: number, detail: number) => ({
  bubbles: true,
  cancelable: true,
  composed: true,
  view: win,
  detail,
  clientX: x,
  clientY: y,
  // The window's frame above the viewport: an estimate, as no API gives the viewport's screen position.
  screenX: win.screenX + x,
  screenY: win.screenY + (win.outerHeight - win.innerHeight) + y,
  button: 0,
  buttons,
});
const pointer = (el: Element, type: string, init: MouseEventInit) =>
  el.dispatchEvent(new PointerEvent(type, { ...init, pointerId: 1, pointerType: 'mouse', isPrimary: true }));
const mouse = (el: Element, type: string, init: MouseEventInit) => el.dispatchEvent(new MouseEvent(type, init));

export function createRemoteInput(win: Window, isOwn: (el: Element) => boolean): RemoteInputSink {
  const doc = win.document;
  const editor = createEditor(win, isOwn);
  let hovered: Element | null = null;
  let disposed = false;

  const toViewport = ([x, y]: [number, number]) => ({ x: x * win.innerWidth, y: y * win.innerHeight });

  /**
   * The page element at a point, null outside the page. The overlay's own element (the sharer's
   * prompt and banner) is passed through: it is drawn for the sharer and never takes a viewer's input.
   */
  const targetAt = (x: number, y: number): Element | null => deepElementFromPoint(doc, x, y, isOwn);

  /** The pointer arrives over `el`: over/out when it changes, then a move (menus open on hover). */
  const moveTo = (el: Element, x: number, y: number) => {
    const init = mouseInit(win, x, y, 0, 0);
    if (hovered !== el) {
      if (hovered?.isConnected) {
        pointer(hovered, 'pointerout', { ...init, relatedTarget: el });
        mouse(hovered, 'mouseout', { ...init, relatedTarget: el });
      }
      pointer(el, 'pointerover', { ...init, relatedTarget: hovered });
      mouse(el, 'mouseover', { ...init, relatedTarget: hovered });
      hovered = el;
    }
    pointer(el, 'pointermove', init);
    mouse(el, 'mousemove', init);
  };

  /** What a real mousedown does by default: focus the pressed control (or nothing), place the caret. */
  const focusAt = (el: Element, x: number, y: number) => {
    const target = focusTarget(el);
    if (!target) {
      (deepActiveElement(doc) as HTMLElement | null)?.blur?.();
      return;
    }
    if (deepActiveElement(doc) !== target) target.focus({ preventScroll: true });
    const caret = doc.caretPositionFromPoint?.(x, y, { shadowRoots: [] });
    if (!caret) return;
    if (isTextField(target) && caret.offsetNode === target) {
      target.setSelectionRange(caret.offset, caret.offset);
    } else if (target.isContentEditable && target.contains(caret.offsetNode)) {
      win.getSelection()?.collapse(caret.offsetNode, caret.offset);
    }
  };

  const click = (at: [number, number], n: 1 | 2) => {
    const { x, y } = toViewport(at);
    const el = targetAt(x, y);
    if (!el) return;
    editor.commit();
    moveTo(el, x, y);
    const down = mouseInit(win, x, y, 1, n);
    const up = mouseInit(win, x, y, 0, n);
    // A canceled pointerdown holds back the mouse events that follow, but not focus or click.
    const compat = pointer(el, 'pointerdown', down);
    const focus = compat ? mouse(el, 'mousedown', down) : true;
    if (focus && el.isConnected) focusAt(el, x, y);
    pointer(el, 'pointerup', up);
    if (compat) mouse(el, 'mouseup', up);
    // A dispatched click runs activation behaviour: links follow, checkboxes toggle, labels forward.
    mouse(el, 'click', up);
    if (n === 2) mouse(el, 'dblclick', up);
  };

  const wheel = (at: [number, number], dx: number, dy: number) => {
    const { x, y } = toViewport(at);
    const el = targetAt(x, y);
    if (!el) return;
    moveTo(el, x, y);
    const left = dx * win.innerWidth;
    const top = dy * win.innerHeight;
    const init = { ...mouseInit(win, x, y, 0, 0), deltaX: left, deltaY: top, deltaMode: WheelEvent.DOM_DELTA_PIXEL };
    if (!el.dispatchEvent(new WheelEvent('wheel', init))) return;
    scrollerFor(el, left, top, win).scrollBy({ left, top, behavior: 'instant' });
  };

  return {
    apply(input) {
      if (disposed) return;
      try {
        if (input.k === 'click') click(input.at, input.n);
        else if (input.k === 'wheel') wheel(input.at, input.dx, input.dy);
        else if (input.k === 'key') pressKey(win, editor, isOwn, input.key, input.mods);
        else if (input.k === 'text') editor.insert(input.text);
        else editor.compose(input.text);
      } catch {
        // A page in an odd state (detached nodes, an exotic element): drop this piece, never throw into it.
      }
    },
    commit() {
      try {
        editor.commit();
      } catch {
        // as in apply
      }
    },
    dispose() {
      if (disposed) return;
      this.commit();
      disposed = true;
      hovered = null;
    },
  };
}
