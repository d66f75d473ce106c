// The live text layer's state on the page: the page to lay over the picture (only while live and
// the host sends text), Copy text, the note saying what happened or why there is nothing to copy,
// the link waiting for the viewer's confirmation, and Read the page: what changed, for a screen
// reader's live region.
import { useEffect, useRef, useState } from 'preact/hooks';
import { viewerText } from '../../shared/i18n/viewer';
import type { PageText, TextState } from '../../shared/page-text';
import { newLines, plainText } from '../text-runs';
import type { ViewText } from '../view';
import { useTimedNote } from './use-timed-note';

const NOTE_MS = 5000;

export type TextNote = { why: Exclude<TextState, 'on'> | 'copied' | 'copy-failed' } | null;

export interface PageTextUi {
  /** The page to lay over the picture, or null. */
  page: PageText | null;
  /** The host sends the page's text. */
  available: boolean;
  /** Read the page is on: `changes` says what changed, for the live region. */
  reading: boolean;
  changes: string;
  toggleReading(): void;
  note: TextNote;
  /** The address a click on a link asks to open, until the viewer answers. */
  link: string | null;
  copy(): void;
  askToOpen(href: string): void;
  answer(open: boolean): void;
}

/** Copies `text`: the Clipboard API, or the older copy command where that is refused. */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

export function usePageText(live: boolean, text: ViewText): PageTextUi {
  const [note, setNote] = useTimedNote<Exclude<TextNote, null>>(NOTE_MS);
  const [link, setLink] = useState<string | null>(null);
  const page = live && text.state === 'on' ? text.page : null;
  const [reading, setReading] = useState(false);
  const [changes, setChanges] = useState('');
  const before = useRef<PageText | null>(null);

  // Read the page: each new page's new lines (a few), said once; scrolling says the lines that came into view.
  useEffect(() => {
    const added = reading && page ? newLines(before.current, page) : [];
    before.current = page;
    if (added.length > 0) setChanges(viewerText().pageChanged(added.slice(0, 3).join(' / ')));
  }, [page, reading]);

  useEffect(() => {
    if (!page) setLink(null); // the link's page is gone
  }, [page]);

  return {
    page,
    available: text.state === 'on',
    reading,
    changes,
    toggleReading() {
      setReading((was) => !was);
      setChanges('');
    },
    note,
    link,
    copy() {
      if (text.state !== 'on') return setNote({ why: text.state });
      if (!page) return setNote({ why: 'page' });
      void writeClipboard(plainText(page)).then((done) => setNote({ why: done ? 'copied' : 'copy-failed' }));
    },
    askToOpen: setLink,
    answer(open) {
      if (open && link) window.open(link, '_blank', 'noopener,noreferrer');
      setLink(null);
    },
  };
}
