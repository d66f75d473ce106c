// Reads the shared page's visible text for the live text layer (src/shared/page-text.ts): each
// line's piece of every text node in the viewport, in the page's own order, with its box, and the
// links those pieces belong to. Never read: form fields of any kind (input values, password, card
// and one-time-code fields are not text nodes, and input/textarea/select are skipped whole),
// editors (contenteditable), anything marked data-tabbeam-hide, hidden, transparent or masked
// text, cross-origin frames (only this document is walked), and words outside the viewport.
// Known gaps: text scrolled out of sight inside a clipping box that still lies within the viewport,
// and text blurred by a filter on an ancestor, are read.
import {
  isPageLink,
  isTextRun,
  MAX_LINKS,
  MAX_RUN_CHARS,
  MAX_RUNS,
  safeHref,
  type PageLink,
  type PageText,
  type TextBox,
  type TextRun,
} from '../shared/page-text';

/** Elements whose content never reaches a viewer as text. */
export const NEVER_READ = [
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'select',
  'option',
  'datalist',
  'input',
  '[contenteditable]:not([contenteditable="false"])',
  '[data-tabbeam-hide]',
].join(',');

interface Viewport {
  width: number;
  height: number;
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;

function boxOf(r: DOMRectReadOnly, view: Viewport): TextBox {
  return [
    round(r.left / view.width),
    round(r.top / view.height),
    round(r.width / view.width),
    round(r.height / view.height),
  ];
}

/** On screen, and larger than a pixel (a visually hidden 1-px clip is not read). */
const inside = (r: DOMRectReadOnly, view: Viewport) =>
  r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < view.width && r.top < view.height;
const whole = (r: DOMRectReadOnly, view: Viewport) =>
  r.left >= 0 && r.top >= 0 && r.right <= view.width && r.bottom <= view.height;

function union(rects: DOMRectReadOnly[]): DOMRect {
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  return new DOMRect(left, top, right - left, bottom - top);
}

/**
 * Text drawn so a viewer can read it: not transparent, not masked like a password
 * (-webkit-text-security), not in a visually hidden box (clipped to a pixel, for screen readers only).
 */
function shown(element: Element): boolean {
  const style = getComputedStyle(element);
  const masked = style.getPropertyValue('-webkit-text-security');
  if (/^(transparent|rgba\(.*,\s*0\))$/.test(style.color) || (masked && masked !== 'none')) return false;
  const box = element.getBoundingClientRect();
  const clipped = style.overflow !== 'visible' || style.clipPath !== 'none' || style.clip !== 'auto';
  return !(clipped && (box.width <= 1 || box.height <= 1));
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, MAX_RUN_CHARS);

/**
 * A text node's visible lines: the node whole when it is one box inside the viewport, else word by
 * word, grouped into lines by their tops, keeping only words the viewport shows.
 */
function linesOf(node: Text, range: Range, view: Viewport): { s: string; r: DOMRect }[] {
  range.selectNodeContents(node);
  const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  if (!boxes.some((r) => inside(r, view))) return [];
  if (boxes.length === 1 && whole(boxes[0]!, view)) {
    const s = collapse(node.data);
    return s ? [{ s, r: DOMRect.fromRect(boxes[0]) }] : [];
  }
  const lines: { words: string[]; rects: DOMRectReadOnly[] }[] = [];
  const words = [...node.data.matchAll(/\S+/g)];
  const rectOf = (word: RegExpExecArray) => {
    range.setStart(node, word.index);
    range.setEnd(node, word.index + word[0].length);
    return range.getBoundingClientRect();
  };
  // Words come in reading order, down the page: skip those above the viewport by halving (a long
  // <pre> may hold a million), and stop at the first one below it.
  let lo = 0;
  for (let hi = words.length; lo < hi;) {
    const mid = (lo + hi) >> 1;
    if (rectOf(words[mid]!).bottom <= 0) lo = mid + 1;
    else hi = mid;
  }
  for (const word of words.slice(lo)) {
    const r = rectOf(word);
    if (r.top >= view.height) break;
    if (!inside(r, view)) continue;
    const line = lines.at(-1);
    const last = line?.rects.at(-1);
    if (line && last && Math.abs(last.top - r.top) < r.height / 2 && r.left >= last.left) {
      line.words.push(word[0]);
      line.rects.push(r);
    } else lines.push({ words: [word[0]], rects: [r] });
  }
  return lines.map((line) => ({ s: collapse(line.words.join(' ')), r: union(line.rects) }));
}

export function readPageText(doc: Document, view: Viewport): PageText {
  const runs: TextRun[] = [];
  const links: PageLink[] = [];
  const linkIndex = new Map<Element, number>();
  const root = doc.body ?? doc.documentElement;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        const element = node as Element;
        // Rejecting an element skips everything inside it.
        return element.matches(NEVER_READ) || !element.checkVisibility()
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_SKIP;
      }
      const parent = node.parentElement;
      if (!parent || !(node as Text).data.trim()) return NodeFilter.FILTER_SKIP;
      return parent.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && shown(parent)
        ? NodeFilter.FILTER_ACCEPT
        : NodeFilter.FILTER_SKIP;
    },
  });
  const range = doc.createRange();
  for (let node = walker.nextNode(); node && runs.length < MAX_RUNS; node = walker.nextNode()) {
    const text = node as Text;
    const lines = linesOf(text, range, view);
    if (lines.length === 0) continue;
    const a = linkOf(text.parentElement!, lines, view, links, linkIndex);
    for (const { s, r } of lines) {
      if (runs.length >= MAX_RUNS) break;
      const run: TextRun = a === undefined ? { s, b: boxOf(r, view) } : { s, b: boxOf(r, view), a };
      // A box the format cannot carry (a word far off to the side, a sliver) is left out, not the page.
      if (isTextRun(run, links.length)) runs.push(run);
    }
  }
  return { runs, links };
}

/** The index of the link `element` is in, added on its first visible text; undefined when none (or not http(s)). */
function linkOf(
  element: Element,
  lines: { r: DOMRect }[],
  view: Viewport,
  links: PageLink[],
  linkIndex: Map<Element, number>,
): number | undefined {
  const anchor = element.closest('a[href]') as HTMLAnchorElement | null;
  if (!anchor) return undefined;
  const known = linkIndex.get(anchor);
  if (known !== undefined) {
    const link = links[known]!;
    const [x, y, w, h] = link.b;
    const before = new DOMRect(x * view.width, y * view.height, w * view.width, h * view.height);
    const grown = { href: link.href, b: boxOf(union([before, ...lines.map((l) => l.r)]), view) };
    if (isPageLink(grown)) link.b = grown.b;
    return known;
  }
  const href = safeHref(anchor.href);
  const link = href && { href, b: boxOf(union(lines.map((l) => l.r)), view) };
  if (!link || !isPageLink(link) || links.length >= MAX_LINKS) return undefined;
  links.push(link);
  linkIndex.set(anchor, links.length - 1);
  return links.length - 1;
}
