// The live text layer: the shared tab's visible words and links, as the overlay reads them
// (src/overlay/text-reader.ts), the host passes them on (src/offscreen/host/page-text.ts) and the
// viewer lays them over the picture (src/viewer/components/text-layer.tsx). Boxes are fractions of
// the viewport, which is what tab capture captures, so they fit the picture at any size, as
// pointing's points do (pointing.ts).
import type { OverlayState } from './overlay-state';

/** A box on the picture: [x, y, width, height] as fractions of its width and height. */
export type TextBox = [x: number, y: number, w: number, h: number];

/** One line's piece of text, where the page draws it. `a`: the index of its link in PageText.links. */
export interface TextRun {
  s: string;
  b: TextBox;
  a?: number;
}

export interface PageLink {
  href: string;
  b: TextBox;
}

/** What a viewer can read of the shared page now: its runs in the page's reading order. */
export interface PageText {
  runs: TextRun[];
  links: PageLink[];
}

/** Whether a viewer gets the page's text, and if not, why (the viewer says it). */
export type TextState = OverlayState;

/** Limits on both ends: a page with more visible text than this is cut at the end of its reading order. */
export const MAX_RUNS = 2000;
export const MAX_RUN_CHARS = 500;
export const MAX_LINKS = 300;
export const MAX_HREF = 2048;
/** Characters of JSON per message part: small enough for any browser's data channel (Safari: 64 kB). */
export const PART_CHARS = 12_000;
/**
 * Parts of one page: the largest page the limits allow (MAX_RUNS runs of MAX_RUN_CHARS, MAX_LINKS
 * links of MAX_HREF) fits in fewer (a run is ≤ 600 characters of JSON, a link ≤ 2,100).
 */
export const MAX_PARTS = 160;

/** A line cut by the viewport's edge keeps its whole box, so a box may reach a little past the picture. */
const isCoord = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= -1 && n <= 2;
const isExtent = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= 3;
const isBox = (value: unknown): value is TextBox =>
  Array.isArray(value) &&
  value.length === 4 &&
  isCoord(value[0]) &&
  isCoord(value[1]) &&
  isExtent(value[2]) &&
  isExtent(value[3]);

/** Only addresses a viewer can open safely: http(s), absolute. */
export function safeHref(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_HREF) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function isTextRun(value: unknown, links: number): value is TextRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Record<string, unknown>;
  const keys = Object.keys(run);
  if (!keys.every((k) => k === 's' || k === 'b' || k === 'a')) return false;
  if (typeof run.s !== 'string' || run.s.length === 0 || run.s.length > MAX_RUN_CHARS || !isBox(run.b)) return false;
  return run.a === undefined || (Number.isInteger(run.a) && (run.a as number) >= 0 && (run.a as number) < links);
}

export function isPageLink(value: unknown): value is PageLink {
  if (typeof value !== 'object' || value === null) return false;
  const link = value as Record<string, unknown>;
  return Object.keys(link).length === 2 && safeHref(link.href) === link.href && isBox(link.b);
}

/** A whole page from an untrusted sender (the overlay's port), or null. */
export function parsePageText(value: unknown): PageText | null {
  if (typeof value !== 'object' || value === null) return null;
  const page = value as Record<string, unknown>;
  const { runs, links } = page;
  if (Object.keys(page).length !== 2) return null;
  if (!Array.isArray(runs) || runs.length > MAX_RUNS || !Array.isArray(links) || links.length > MAX_LINKS) return null;
  if (!links.every(isPageLink) || !runs.every((run) => isTextRun(run, links.length))) return null;
  return { runs, links };
}

/** From the overlay in the shared tab to the offscreen host (its runtime port): the page as it reads now. */
export interface PageTextReport {
  t: 'page-text';
  page: PageText;
}

/** From the offscreen host to the overlay: read the page's text from now on, or stop reading it. */
export interface TextRequest {
  t: 'read-text';
  on: boolean;
}

export const isTextRequest = (m: unknown): m is TextRequest =>
  typeof m === 'object' &&
  m !== null &&
  (m as TextRequest).t === 'read-text' &&
  typeof (m as TextRequest).on === 'boolean';

/** The host's check of an overlay's report. */
export function parseTextReport(m: unknown): PageText | null {
  if (typeof m !== 'object' || m === null || (m as PageTextReport).t !== 'page-text') return null;
  return parsePageText((m as PageTextReport).page);
}
