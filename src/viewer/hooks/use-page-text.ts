// The live text layer's state on the page: the page to lay over the picture (only while live and
// the host sends text), Copy text, the note saying what happened or why there is nothing to copy,
// and the link waiting for the viewer's confirmation.
import { useEffect, useState } from 'preact/hooks';
import type { PageText, TextState } from '../../shared/page-text';
import { plainText } from '../text-runs';
import type { ViewText } from '../view';

const NOTE_MS = 5000;

export type TextNote = { why: Exclude<TextState, 'on'> | 'copied' | 'copy-failed' } | null;

export interface PageTextUi {
  /** The page to lay over the picture, or null. */
  page: PageText | null;
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
  const [note, setNote] = useState<TextNote>(null);
  const [link, setLink] = useState<string | null>(null);
  const page = live && text.state === 'on' ? text.page : null;

  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);
  useEffect(() => {
    if (!page) setLink(null); // the link's page is gone
  }, [page]);

  return {
    page,
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
