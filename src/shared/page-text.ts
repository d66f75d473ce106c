// The live text layer: the shared tab's visible words and links, as the overlay reads them
// (src/overlay/text-reader.ts), the host passes them on (src/offscreen/host/page-text.ts) and the
// viewer lays them over the picture (src/viewer/components/text-layer.tsx). Boxes are fractions of
// the viewport, which is what tab capture captures, so they fit the picture at any size, as
// pointing's points do (pointing.ts).

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
export type TextState =
  /** The text follows the shared page. */
  | 'on'
  /** The person sharing turned it off. */
  | 'off'
  /** A screen, window, camera or picked tab: there is no page to read. */
  | 'source'
  /** The page does not let TabBeam read it (a browser page), or it has not loaded yet. */
  | 'page';

export const TEXT_STATES: readonly TextState[] = ['on', 'off', 'source', 'page'];

/** Limits on both ends: a page with more visible text than this is cut at the end of its reading order. */
export const MAX_RUNS = 2000;
export const MAX_RUN_CHARS = 500;
export const MAX_LINKS = 300;
export const MAX_HREF = 2048;
/** Characters of JSON per message part: small enough for any browser's data channel (Safari: 64 kB). */
export const PART_CHARS = 12_000;
/** Parts of one page: MAX_RUNS runs always fit. */
export const MAX_PARTS = 64;

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

/** One message's share of a page: the runs from `from` on; the links come with part 0. */
export interface TextPart {
  seq: number;
  part: number;
  parts: number;
  runs: TextRun[];
  links: PageLink[];
  /**
   * A change to page `from` (the viewer's latest), in one part: its first `head` and last `tail`
   * runs stay, `runs` go between them. Sent instead of the whole page when that is smaller.
   */
  keep?: [from: number, head: number, tail: number];
}

const sameRun = (a: TextRun, b: TextRun) => a.s === b.s && a.a === b.a && a.b.every((v, i) => v === b.b[i]);

/**
 * Page `after` as a change to `before` (seq `from`), when that is less than half the whole page and
 * fits in one part; null otherwise (scrolling moves every box, so it goes whole).
 */
export function diffPageText(before: PageText, from: number, after: PageText, seq: number): TextPart | null {
  if (JSON.stringify(before.links) !== JSON.stringify(after.links)) return null;
  const most = Math.min(before.runs.length, after.runs.length);
  let head = 0;
  while (head < most && sameRun(before.runs[head]!, after.runs[head]!)) head++;
  let tail = 0;
  while (tail < most - head && sameRun(before.runs.at(-1 - tail)!, after.runs.at(-1 - tail)!)) tail++;
  const runs = after.runs.slice(head, after.runs.length - tail);
  const part: TextPart = {
    seq,
    part: 0,
    parts: 1,
    runs,
    links: after.links,
    keep: [from, head, tail],
  };
  const size = JSON.stringify(part).length;
  return size <= PART_CHARS && size < JSON.stringify(after).length / 2 ? part : null;
}

/** Cuts a page into parts of about PART_CHARS characters of JSON each, in order. */
export function splitPageText(page: PageText, seq: number): TextPart[] {
  const chunks: TextRun[][] = [[]];
  let size = JSON.stringify(page.links).length;
  for (const run of page.runs) {
    const cost = JSON.stringify(run).length + 1;
    if (size + cost > PART_CHARS && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(run);
    size += cost;
  }
  return chunks.map((runs, part) => ({
    seq,
    part,
    parts: chunks.length,
    runs,
    links: part === 0 ? page.links : [],
  }));
}

/**
 * Puts parts back together on the viewer: a part of a newer page drops what was gathered of an
 * older one; `add` returns the page once its last part is in.
 */
export function textAssembler(): { add(part: TextPart): PageText | null } {
  let seq = -1;
  let parts: (TextPart | undefined)[] = [];
  /** The last whole page, which a change (keep) applies to. */
  let have: { seq: number; page: PageText } | null = null;
  const done = (doneSeq: number, page: PageText) => {
    have = { seq: doneSeq, page };
    seq = doneSeq + 1; // gathered: a repeat of these parts starts nothing
    parts = [];
    return page;
  };
  return {
    add(part) {
      if (part.seq < seq) return null;
      if (part.keep) {
        const [from, head, tail] = part.keep;
        if (!have || have.seq !== from || head + tail > have.page.runs.length) return null;
        const kept = have.page.runs;
        return done(part.seq, {
          links: part.links,
          runs: [...kept.slice(0, head), ...part.runs, ...kept.slice(kept.length - tail)],
        });
      }
      if (part.seq !== seq || parts.length !== part.parts) {
        seq = part.seq;
        parts = Array.from({ length: part.parts }, () => undefined); // not new Array(n): some() skips holes
      }
      parts[part.part] = part;
      if (parts.some((p) => !p)) return null;
      const all = parts as TextPart[];
      const links = all[0]!.links;
      // A run's link index must name one of the page's links.
      const runs = all
        .flatMap((p) => p.runs)
        .map(({ s, b, a }) => (a !== undefined && a < links.length ? { s, b, a } : { s, b }));
      return done(part.seq, { links, runs });
    },
  };
}

/** Whether a part could belong to a valid page (links are checked against the first part's count on assembly). */
export function isTextPart(m: Record<string, unknown>): boolean {
  const { seq, part, parts, runs, links, keep } = m;
  if (keep !== undefined && !isKeep(keep, seq, parts)) return false;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return false;
  if (!Number.isInteger(parts) || (parts as number) < 1 || (parts as number) > MAX_PARTS) return false;
  if (!Number.isInteger(part) || (part as number) < 0 || (part as number) >= (parts as number)) return false;
  if (!Array.isArray(links) || links.length > MAX_LINKS || !links.every(isPageLink)) return false;
  return Array.isArray(runs) && runs.length <= MAX_RUNS && runs.every((run) => isTextRun(run, MAX_LINKS));
}

const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_RUNS;

/** A change names an earlier page and comes in one part. */
function isKeep(keep: unknown, seq: unknown, parts: unknown): boolean {
  if (!Array.isArray(keep) || keep.length !== 3 || parts !== 1) return false;
  const [from, head, tail] = keep as unknown[];
  return (
    Number.isSafeInteger(from) &&
    (from as number) >= 0 &&
    (from as number) < (seq as number) &&
    isCount(head) &&
    isCount(tail)
  );
}
