// The live text layer, host side: the shared page's text as its overlay reads it (src/overlay/
// text-watch.ts), passed to each watching viewer while the sharer lets viewers copy, at most one
// page per TEXT_INTERVAL_MS for each viewer (the newest; pages in between are skipped), as a change
// to the page it has when that is smaller. The overlay reads only while someone can get the text.
import { parseTextReport, type PageText, type TextRequest, type TextState } from '../../shared/page-text';
import { diffPageText, splitPageText, type TextPart } from '../../shared/page-text-parts';
import { overlayState } from '../../shared/overlay-state';
import { isWatching, type Entry, type Roster } from './viewers';

/** The shortest time between two pages to one viewer: a few a second follow scrolling closely enough. */
export const TEXT_INTERVAL_MS = 300;

interface Reader {
  /** What this viewer was last told about the text (null: nothing yet). */
  sent: TextState | null;
  /** The page it has (null: none), which a change can build on, and when it got one. */
  has: { seq: number; text: PageText } | null;
  at: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface PageTextDeps {
  now(): number;
  /** The sharer's switch at the start. */
  allowed: boolean;
  roster: Pick<Roster, 'watching' | 'send'>;
}

export interface PageTextHost {
  /** A viewer let in: it hears whether there is text, and gets the page. */
  welcome(entry: Entry): void;
  forget(entry: Entry): void;
  setAllowed(allowed: boolean): void;
  /** Paused, the overlay stops reading and viewers get nothing of the page. */
  setPaused(paused: boolean): void;
  /** Where the text comes from: the shared tab's overlay, or nothing ('other': not a tab). */
  setOverlay(surface: 'tab' | 'other', ask: ((request: TextRequest) => void) | null): void;
  /** What the overlay sent; anything but a valid page is ignored. */
  report(message: unknown): void;
}

export function createPageText(deps: PageTextDeps): PageTextHost {
  const { now, roster } = deps;
  const readers = new Map<Entry, Reader>();
  let allowed = deps.allowed;
  let surface: 'tab' | 'other' = 'other';
  let ask: ((request: TextRequest) => void) | null = null;
  let reading = false;
  /** Paused: nothing of the tab is sent, its text included. */
  let paused = false;
  /** The newest page read, with its parts and size made once for every viewer. */
  let page: { seq: number; text: PageText; parts: TextPart[]; chars: number } | null = null;
  let seq = 0;

  const stateNow = (): TextState => overlayState(allowed, surface, ask !== null);
  const readerOf = (entry: Entry): Reader => {
    let reader = readers.get(entry);
    if (!reader) readers.set(entry, (reader = { sent: null, has: null, at: -Infinity, timer: undefined }));
    return reader;
  };

  /** Sends the newest page now, or once TEXT_INTERVAL_MS has passed since the last. */
  function deliver(entry: Entry, reader: Reader): void {
    if (!page || reader.sent !== 'on' || reader.has?.seq === page.seq || reader.timer) return;
    const wait = reader.at + TEXT_INTERVAL_MS - now();
    if (wait > 0) {
      reader.timer = setTimeout(() => {
        reader.timer = undefined;
        if (readers.get(entry) === reader && isWatching(entry)) deliver(entry, reader);
      }, wait);
      return;
    }
    const change = reader.has && diffPageText(reader.has.text, reader.has.seq, page.text, page.seq, page.chars);
    const parts = change ? [change] : page.parts;
    reader.has = { seq: page.seq, text: page.text };
    reader.at = now();
    for (const part of parts) roster.send(entry, { t: 'text', ...part });
  }

  /** Tells each watching viewer a changed state, hands out the page, and reads only while it is wanted. */
  function update(): void {
    const state = stateNow();
    const watching = roster.watching();
    for (const entry of watching) {
      const reader = readerOf(entry);
      if (reader.sent !== state) {
        reader.sent = state;
        reader.has = null; // a viewer clears its layer when the text stops: it needs the whole page again
        roster.send(entry, { t: 'text-state', state });
      }
      deliver(entry, reader);
    }
    const want = state === 'on' && !paused && watching.length > 0;
    if (want !== reading && ask) ask({ t: 'read-text', on: want });
    reading = want && ask !== null;
    if (!reading) page = null; // what was read while someone could get it is not kept for later
  }

  return {
    welcome(entry) {
      readerOf(entry);
      update();
    },
    forget(entry) {
      clearTimeout(readers.get(entry)?.timer);
      readers.delete(entry);
      update();
    },
    setAllowed(value) {
      allowed = value;
      update();
    },
    setPaused(value) {
      paused = value;
      update();
    },
    setOverlay(kind, next) {
      surface = kind;
      if (next !== ask) {
        ask = next;
        reading = false; // a new overlay reads nothing until asked
        page = null; // the text of the page before is not this one's
      }
      update();
    },
    report(message) {
      const text = parseTextReport(message);
      if (!text || !reading) return;
      page = { seq, text, parts: splitPageText(text, seq), chars: JSON.stringify(text).length };
      seq++;
      for (const entry of roster.watching()) deliver(entry, readerOf(entry));
    },
  };
}
