// While this viewer controls the shared tab: its clicks, wheel, finger scrolling, keys, input
// method text and pastes on the stage become RemoteInput for the host (src/shared/remote-control.ts).
// Keys go through a hidden text field that holds the focus, so an input method (Korean, a phone's
// keyboard) composes there as in any field; what it composes is sent, and the field stays empty.
import {
  EDIT_KEYS,
  MAX_INPUT_TEXT,
  MAX_PASTE,
  MAX_WHEEL,
  MOD,
  sendableText,
  type RemoteInput,
} from '../shared/remote-control';
import { toPicture } from './pointer';

/** Wheel and finger scrolling are summed and sent at most this often. */
export const WHEEL_GAP_MS = 33;

const EDITING = new Set<string>(EDIT_KEYS);

export function modsOf(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): number {
  return (
    (e.altKey ? MOD.alt : 0) | (e.ctrlKey ? MOD.ctrl : 0) | (e.metaKey ? MOD.meta : 0) | (e.shiftKey ? MOD.shift : 0)
  );
}

/**
 * What a key press sends, or null when it is left to the field (an input method composing, a
 * phone keyboard's Unidentified key, paste with Ctrl/Cmd+V, or a key with no meaning there).
 */
export function keyInput(
  e: Pick<KeyboardEvent, 'key' | 'isComposing' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
): RemoteInput | null {
  if (e.isComposing || e.key === 'Process' || e.key === 'Unidentified') return null;
  const mods = modsOf(e);
  if (EDITING.has(e.key)) return { k: 'key', key: e.key, mods };
  if ([...e.key].length !== 1 || /\p{Cc}/u.test(e.key)) return null; // Shift, F5, AudioVolumeUp…
  // Paste comes as the field's paste event, with the text itself.
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v') return null;
  return { k: 'key', key: e.key, mods };
}

/** Text as input may carry it, cut at MAX_PASTE, in pieces of MAX_INPUT_TEXT. */
function textPieces(text: string): string[] {
  const clean = [...sendableText(text)].slice(0, MAX_PASTE);
  const pieces: string[] = [];
  // By code points, so a piece never ends in half a character.
  for (let i = 0; i < clean.length;) {
    let piece = '';
    while (i < clean.length && piece.length + clean[i]!.length <= MAX_INPUT_TEXT) piece += clean[i++];
    pieces.push(piece);
  }
  return pieces;
}

/** A paste (or any text but a composition) as text messages. */
export const pastePieces = (text: string): RemoteInput[] =>
  textPieces(text).map((piece) => ({ k: 'text', text: piece }));

const clampWheel = (n: number) => Math.max(-MAX_WHEEL, Math.min(MAX_WHEEL, Math.round(n * 1e4) / 1e4));

export interface ControlCapture {
  stage: HTMLElement;
  video: HTMLVideoElement;
  /** The hidden field that holds the focus and receives keys and input method text. */
  keys: HTMLTextAreaElement;
  send(input: RemoteInput): void;
}

/** Scrolling summed (in fractions of the picture) and sent at most every WHEEL_GAP_MS, at the latest place. */
export function wheelPacer(send: (input: RemoteInput) => void) {
  let wheel: { at: [number, number]; dx: number; dy: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (!wheel) return;
    const { at, dx, dy } = wheel;
    wheel = null;
    send({ k: 'wheel', at, dx: clampWheel(dx), dy: clampWheel(dy) });
    timer = setTimeout(flush, WHEEL_GAP_MS); // what comes meanwhile waits for it
  };
  return {
    add(at: [number, number], dx: number, dy: number) {
      wheel = { at, dx: (wheel?.dx ?? 0) + dx, dy: (wheel?.dy ?? 0) + dy };
      if (timer === undefined) flush();
    },
    dispose: () => clearTimeout(timer),
  };
}

/** Listens until the returned function is called. */
export function captureControl({ stage, video, keys, send }: ControlCapture): () => void {
  const onPicture = (e: Event) =>
    e.target === stage || e.target === video || (e.target instanceof Element && !!e.target.closest('.text-layer'));
  const at = (e: { clientX: number; clientY: number }) =>
    toPicture(e.clientX, e.clientY, video.getBoundingClientRect(), stage.getBoundingClientRect());

  const pacer = wheelPacer(send);
  const scroll = (place: [number, number], dxPx: number, dyPx: number) => {
    const picture = video.getBoundingClientRect();
    if (picture.width > 0 && picture.height > 0) pacer.add(place, dxPx / picture.width, dyPx / picture.height);
  };

  const onWheel = (e: WheelEvent) => {
    const place = at(e);
    if (!place) return;
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? video.getBoundingClientRect().height : 1;
    scroll(place, e.deltaX * unit, e.deltaY * unit);
  };

  const onClick = (e: MouseEvent) => {
    if (!onPicture(e)) return;
    // After the press: its mousedown on the picture (nothing focusable) moved the focus to the body.
    keys.focus({ preventScroll: true });
    const place = at(e);
    if (place) send({ k: 'click', at: place, n: e.detail >= 2 ? 2 : 1 });
  };

  // One finger scrolls the page, as on a phone (the page moves with the finger); two still zoom.
  const touches = new Map<number, { x: number; y: number }>();
  const onDown = (e: PointerEvent) => {
    if (e.pointerType === 'touch' && onPicture(e)) touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
  };
  const onMove = (e: PointerEvent) => {
    const last = touches.get(e.pointerId);
    if (!last) return;
    touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const place = at(e);
    if (touches.size === 1 && place) scroll(place, last.x - e.clientX, last.y - e.clientY);
  };
  const onUp = (e: PointerEvent) => void touches.delete(e.pointerId);

  const onKey = (e: KeyboardEvent) => {
    const input = keyInput(e);
    if (!input) return;
    e.preventDefault(); // the field stays empty; the shared tab's field gets the key
    send(input);
  };
  // Keys pressed while the focus is on nothing (the page's body): still the shared tab's, and the
  // field takes the focus back; a key on one of the bar's buttons stays that button's.
  const onStrayKey = (e: KeyboardEvent) => {
    const target = e.target as Node | null;
    if (target === keys) return; // its own listener has it
    if (target !== document.body && target !== document.documentElement && !stage.contains(target)) return;
    keys.focus({ preventScroll: true });
    onKey(e);
  };
  const clear = () => {
    keys.value = '';
  };
  const onComposition = (e: CompositionEvent) => {
    // A composition longer than one message shows its start until it is done.
    if (e.type === 'compositionupdate') return send({ k: 'compose', text: textPieces(e.data)[0] ?? '' });
    for (const piece of pastePieces(e.data)) send(piece);
    if (!e.data) send({ k: 'compose', text: '' });
    clear();
  };
  // Text that came without a key this page could send (a phone's keyboard, dictation).
  const onInput = (e: Event) => {
    const input = e as InputEvent;
    if (input.isComposing || input.inputType !== 'insertText' || !input.data) return;
    for (const piece of pastePieces(input.data)) send(piece);
    clear();
  };
  const onPaste = (e: ClipboardEvent) => {
    e.preventDefault();
    for (const piece of pastePieces(e.clipboardData?.getData('text/plain') ?? '')) send(piece);
  };

  const stageEvents: [string, EventListener][] = [
    ['wheel', onWheel as EventListener],
    ['click', onClick as EventListener],
    ['pointerdown', onDown as EventListener],
    ['pointermove', onMove as EventListener],
    ['pointerup', onUp as EventListener],
    ['pointercancel', onUp as EventListener],
  ];
  const keyEvents: [string, EventListener][] = [
    ['keydown', onKey as EventListener],
    ['compositionupdate', onComposition as EventListener],
    ['compositionend', onComposition as EventListener],
    ['input', onInput],
    ['paste', onPaste as EventListener],
  ];
  stageEvents.forEach(([type, listener]) => stage.addEventListener(type, listener, { passive: false }));
  keyEvents.forEach(([type, listener]) => keys.addEventListener(type, listener));
  window.addEventListener('keydown', onStrayKey, true);
  keys.focus({ preventScroll: true });
  return () => {
    pacer.dispose();
    stageEvents.forEach(([type, listener]) => stage.removeEventListener(type, listener));
    keyEvents.forEach(([type, listener]) => keys.removeEventListener(type, listener));
    window.removeEventListener('keydown', onStrayKey, true);
    keys.blur();
  };
}
