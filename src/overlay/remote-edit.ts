// Editing the focused field for a controlling viewer (remote-input.ts): typing, deleting, new
// lines, an input method's composition, and moving the caret. Text goes in through
// document.execCommand, the browser's own editing path: frameworks (React's value tracker) see
// the change and the page's undo history keeps it. Nothing typed is ever logged.
import { deepActiveElement, editableOf, hasCaret, isTextField, type TextField } from './dom-find';

type Editable = TextField | HTMLElement;

const INIT = { bubbles: true, composed: true } as const;

/** Grapheme clusters, as the caret moves over them (a Hangul syllable is one). */
const graphemes = (text: string) => [...new Intl.Segmenter().segment(text)].length;

function nativeValueSetter(field: TextField): ((v: string) => void) | undefined {
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  return Object.getOwnPropertyDescriptor(proto, 'value')?.set;
}

/**
 * Replaces a text field's selection without execCommand, as a last resort: the prototype's value
 * setter (React's tracker hooks the element's own) and an input event, so frameworks still notice.
 */
function setRangeByHand(field: TextField, text: string, inputType: string): void {
  const value = field.value;
  const caret = hasCaret(field);
  const start = caret ? (field.selectionStart ?? value.length) : value.length;
  const end = caret ? (field.selectionEnd ?? start) : value.length;
  const room = field.maxLength >= 0 ? Math.max(0, field.maxLength - (value.length - (end - start))) : Infinity;
  const put = text.slice(0, room);
  nativeValueSetter(field)?.call(field, value.slice(0, start) + put + value.slice(end));
  if (caret) field.setSelectionRange(start + put.length, start + put.length);
  field.dispatchEvent(new InputEvent('input', { ...INIT, inputType, data: put || null }));
}

export interface Editor {
  /** The focused editable field (through open shadow roots), if it is not ours. */
  focused(): Editable | null;
  /** Typed or pasted text, with a cancelable beforeinput first; ends a composition with it. */
  insert(text: string): void;
  /** A composition's text so far: replaces the previous one; '' ends it with nothing. */
  compose(text: string): void;
  /** Keeps what is composed as typed (before a key, a click, or when control ends). */
  commit(): void;
  /** Backspace (forward: Delete); `word`: Ctrl/Alt held. */
  remove(forward: boolean, word: boolean): void;
  /** Enter in a textarea or contenteditable: a new line (paragraph unless Shift). */
  newLine(shift: boolean): void;
  selectAll(): void;
  undo(redo: boolean): void;
  /** Arrow, Home, End in a field; false when there is none (the key scrolls instead). */
  moveCaret(key: string, shift: boolean, word: boolean): boolean;
}

/** A composition under way: where it started in the field and what it shows now. */
interface Composition {
  field: Editable;
  start: number;
  text: string;
}

const beforeInput = (field: Editable, inputType: string, data: string | null, cancelable = true) =>
  field.dispatchEvent(new InputEvent('beforeinput', { ...INIT, cancelable, inputType, data }));

/** Selects the composition's current text again, so the next edit replaces it; false if the page changed it. */
function selectComposed(win: Window, c: Composition): boolean {
  const n = c.text.length;
  if (isTextField(c.field)) {
    if (!hasCaret(c.field) || c.field.value.slice(c.start, c.start + n) !== c.text) return false;
    c.field.setSelectionRange(c.start, c.start + n);
    return true;
  }
  const sel = win.getSelection();
  if (!sel || sel.rangeCount === 0) return false;
  sel.collapseToEnd();
  for (let i = graphemes(c.text); i > 0; i--) sel.modify('extend', 'backward', 'character');
  return sel.toString() === c.text;
}

const compositionEvent = (field: Editable, type: string, data: string) =>
  field.dispatchEvent(new CompositionEvent(type, { ...INIT, data }));

export function createEditor(win: Window, isOwn: (el: Element) => boolean): Editor {
  const doc = win.document;
  let composing: Composition | null = null;

  const focused = (): Editable | null => {
    const el = editableOf(deepActiveElement(doc));
    return el && !isOwn(el) ? el : null;
  };

  /** Runs an editing command on the focused field, by hand if the browser would not. */
  const exec = (field: Editable, command: string, text: string, inputType: string) => {
    // execCommand reports false (never throws) when it could not edit here.
    if (doc.execCommand(command, false, text)) return;
    if (isTextField(field) && command === 'insertText') setRangeByHand(field, text, inputType);
  };

  const endComposition = (text: string) => {
    const c = composing;
    composing = null;
    if (!c) return;
    if (focused() === c.field && selectComposed(win, c)) {
      compositionEvent(c.field, 'compositionupdate', text);
      beforeInput(c.field, 'insertCompositionText', text, false);
      if (text) exec(c.field, 'insertText', text, 'insertCompositionText');
      else if (c.text) exec(c.field, 'delete', '', 'deleteContentBackward');
    }
    compositionEvent(c.field, 'compositionend', text);
  };

  const editor: Editor = {
    focused,
    insert(text) {
      if (composing) return endComposition(text);
      const field = focused();
      if (!field || !beforeInput(field, 'insertText', text)) return;
      exec(field, 'insertText', text, 'insertText');
    },
    compose(text) {
      const field = focused();
      if (composing && (composing.field !== field || !selectComposed(win, composing))) editor.commit();
      if (!field) return;
      if (!composing) {
        if (!text) return;
        const start = isTextField(field) && hasCaret(field) ? (field.selectionStart ?? 0) : 0;
        composing = { field, start, text: '' };
        compositionEvent(field, 'compositionstart', '');
        // A selection is what the composition replaces: gone once it starts.
        if (isTextField(field) && hasCaret(field) && field.selectionEnd !== field.selectionStart)
          exec(field, 'delete', '', 'deleteContentBackward');
      }
      if (!text) return endComposition('');
      compositionEvent(field, 'compositionupdate', text);
      beforeInput(field, 'insertCompositionText', text, false);
      exec(field, 'insertText', text, 'insertCompositionText');
      composing.text = text;
    },
    commit() {
      if (composing) endComposition(composing.text);
    },
    remove(forward, word) {
      editor.commit();
      const field = focused();
      const inputType = `delete${word ? 'Word' : 'Content'}${forward ? 'Forward' : 'Backward'}`;
      if (!field || !beforeInput(field, inputType, null)) return;
      const sel = win.getSelection();
      // A collapsed caret with Ctrl/Alt: select the word first, then delete the selection.
      if (word && isTextField(field) && hasCaret(field) && field.selectionStart === field.selectionEnd) {
        const at = field.selectionStart ?? 0;
        const [from, to] = forward ? [at, wordEnd(field.value, at)] : [wordStart(field.value, at), at];
        field.setSelectionRange(from, to);
      } else if (word && !isTextField(field) && sel?.isCollapsed) {
        sel.modify('extend', forward ? 'forward' : 'backward', 'word');
      }
      exec(field, forward ? 'forwardDelete' : 'delete', '', inputType);
    },
    newLine(shift) {
      editor.commit();
      const field = focused();
      if (!field || field instanceof HTMLInputElement) return;
      const inputType = field instanceof HTMLTextAreaElement || shift ? 'insertLineBreak' : 'insertParagraph';
      if (!beforeInput(field, inputType, null)) return;
      if (field instanceof HTMLTextAreaElement) exec(field, 'insertText', '\n', inputType);
      else exec(field, shift ? 'insertLineBreak' : 'insertParagraph', '', inputType);
    },
    selectAll() {
      editor.commit();
      const field = focused();
      if (field && isTextField(field)) field.select();
      else doc.execCommand('selectAll');
    },
    undo(redo) {
      editor.commit();
      const field = focused();
      if (field && beforeInput(field, redo ? 'historyRedo' : 'historyUndo', null))
        doc.execCommand(redo ? 'redo' : 'undo');
    },
    moveCaret(key, shift, word) {
      editor.commit();
      const field = focused();
      if (!field) return false;
      // A caret key in a field stays there, as in a browser, even where scripts cannot see the
      // caret (email, number): it never scrolls the page.
      if (isTextField(field)) return !hasCaret(field) || moveInField(field, key, shift, word);
      const sel = win.getSelection();
      if (!sel) return false;
      const [direction, unit] = caretStep(key, word);
      sel.modify(shift ? 'extend' : 'move', direction, unit);
      return true;
    },
  };
  return editor;
}

const wordStart = (text: string, at: number) => at - (/\S*\s*$/.exec(text.slice(0, at))?.[0].length ?? 0);
const wordEnd = (text: string, at: number) => at + (/^\s*\S*/.exec(text.slice(at))?.[0].length ?? 0);

/** Selection.modify's direction and unit for a caret key in a contenteditable. */
function caretStep(key: string, word: boolean): [string, string] {
  switch (key) {
    case 'ArrowLeft':
      return ['backward', word ? 'word' : 'character'];
    case 'ArrowRight':
      return ['forward', word ? 'word' : 'character'];
    case 'ArrowUp':
      return ['backward', 'line'];
    case 'ArrowDown':
      return ['forward', 'line'];
    case 'Home':
      return ['backward', word ? 'documentboundary' : 'lineboundary'];
    default:
      return ['forward', word ? 'documentboundary' : 'lineboundary'];
  }
}

/**
 * The caret keys in an input or textarea, by the value's text (a textarea's lines are its
 * written lines; a line wrapped on screen counts as one): Selection.modify does not reach inside.
 */
function moveInField(field: TextField, key: string, shift: boolean, word: boolean): boolean {
  const v = field.value;
  const start = field.selectionStart ?? 0;
  const end = field.selectionEnd ?? start;
  const backward = field.selectionDirection === 'backward';
  // The end that moves: the focus of the selection.
  const focus = backward ? start : end;
  const lineStart = (at: number) => v.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = (at: number) => (v.indexOf('\n', at) < 0 ? v.length : v.indexOf('\n', at));
  const multiline = field instanceof HTMLTextAreaElement;
  let to: number;
  switch (key) {
    case 'ArrowLeft':
      // Without Shift, a selection collapses to its start.
      to = !shift && start !== end ? start : word ? wordStart(v, focus) : Math.max(0, focus - 1);
      break;
    case 'ArrowRight':
      to = !shift && start !== end ? end : word ? wordEnd(v, focus) : Math.min(v.length, focus + 1);
      break;
    case 'Home':
      to = word || !multiline ? 0 : lineStart(focus);
      break;
    case 'End':
      to = word || !multiline ? v.length : lineEnd(focus);
      break;
    case 'ArrowUp':
    case 'ArrowDown': {
      if (!multiline) {
        to = key === 'ArrowUp' ? 0 : v.length;
        break;
      }
      const column = focus - lineStart(focus);
      if (key === 'ArrowUp') {
        const here = lineStart(focus);
        to = here === 0 ? 0 : Math.min(lineStart(here - 1) + column, here - 1);
      } else {
        const next = lineEnd(focus);
        to = next === v.length ? v.length : Math.min(next + 1 + column, lineEnd(next + 1));
      }
      break;
    }
    default:
      return false;
  }
  if (!shift) field.setSelectionRange(to, to);
  else {
    const anchor = backward ? end : start;
    field.setSelectionRange(Math.min(anchor, to), Math.max(anchor, to), to < anchor ? 'backward' : 'forward');
  }
  return true;
}
