// Keeps the host's copy of the page's text current while it asks for it: a fresh read after the
// page scrolls, resizes or changes its text (at once, and then at most once per READ_INTERVAL_MS),
// sent only when it differs.
import type { PageText } from '../shared/page-text';
import { readPageText } from './text-reader';

export const READ_INTERVAL_MS = 250;

export function watchPageText(win: Window, send: (page: PageText) => void): () => void {
  const doc = win.document;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  let readAt = -Infinity;

  function read(): void {
    timer = undefined;
    readAt = performance.now();
    const page = readPageText(doc, { width: win.innerWidth, height: win.innerHeight });
    const json = JSON.stringify(page);
    if (json === last) return;
    last = json;
    send(page);
  }
  // At once after a quiet spell, else once the interval since the last read is up.
  const schedule = () => {
    timer ??= setTimeout(read, Math.max(0, readAt + READ_INTERVAL_MS - performance.now()));
  };

  // An attribute change matters only on an element with text in it: a spinner's style every frame does not.
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.type !== 'attributes' || !!r.target.textContent?.trim())) schedule();
  });
  observer.observe(doc, { subtree: true, childList: true, characterData: true, attributes: true });
  const options = { capture: true, passive: true };
  win.addEventListener('scroll', schedule, options);
  win.addEventListener('resize', schedule);
  timer = setTimeout(read, 0);
  return () => {
    clearTimeout(timer);
    observer.disconnect();
    win.removeEventListener('scroll', schedule, options);
    win.removeEventListener('resize', schedule);
  };
}
