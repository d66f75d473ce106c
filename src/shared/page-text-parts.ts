// The page's text on the wire (wire.ts `text`): cut into parts of about PART_CHARS characters each,
// or sent as a change to the viewer's last page when that is smaller, and put back together on the
// viewer. The sender's limits are the receiver's (page-text.ts), so a valid page always arrives.
import {
  isPageLink,
  isTextRun,
  MAX_LINKS,
  MAX_PARTS,
  MAX_RUNS,
  PART_CHARS,
  type PageLink,
  type PageText,
  type TextRun,
} from './page-text';

/** One message's share of a page: some of its runs and some of its links, in order. */
export interface TextPart {
  seq: number;
  part: number;
  parts: number;
  runs: TextRun[];
  links: PageLink[];
  /**
   * A change to page `from` (the viewer's latest), in one part: its first `head` and last `tail`
   * runs stay, `runs` go between them, `links` are the page's. Sent instead of the whole page when smaller.
   */
  keep?: [from: number, head: number, tail: number];
}

const sameRun = (a: TextRun, b: TextRun) => a.s === b.s && a.a === b.a && a.b.every((v, i) => v === b.b[i]);

/**
 * Page `after` as a change to `before` (seq `from`), when that is less than half the whole page
 * (`whole`: its characters of JSON, counted once for every viewer) and fits in one part; null
 * otherwise (scrolling moves every box, so it goes whole).
 */
export function diffPageText(
  before: PageText,
  from: number,
  after: PageText,
  seq: number,
  whole: number,
): TextPart | null {
  if (JSON.stringify(before.links) !== JSON.stringify(after.links)) return null;
  const most = Math.min(before.runs.length, after.runs.length);
  let head = 0;
  while (head < most && sameRun(before.runs[head]!, after.runs[head]!)) head++;
  let tail = 0;
  while (tail < most - head && sameRun(before.runs.at(-1 - tail)!, after.runs.at(-1 - tail)!)) tail++;
  const runs = after.runs.slice(head, after.runs.length - tail);
  const part: TextPart = { seq, part: 0, parts: 1, runs, links: after.links, keep: [from, head, tail] };
  const size = JSON.stringify(part).length;
  return size <= PART_CHARS && size < whole / 2 ? part : null;
}

/** Cuts a page into parts of at most about PART_CHARS characters of JSON each: its links, then its runs. */
export function splitPageText(page: PageText, seq: number): TextPart[] {
  const chunks: { runs: TextRun[]; links: PageLink[] }[] = [{ runs: [], links: [] }];
  let size = 0;
  const add = (item: TextRun | PageLink, to: 'runs' | 'links') => {
    const cost = JSON.stringify(item).length + 1;
    const last = chunks.at(-1)!;
    if (size + cost > PART_CHARS && last.runs.length + last.links.length > 0) {
      chunks.push({ runs: [], links: [] });
      size = 0;
    }
    (chunks.at(-1)![to] as (TextRun | PageLink)[]).push(item);
    size += cost;
  };
  page.links.forEach((link) => add(link, 'links'));
  page.runs.forEach((run) => add(run, 'runs'));
  return chunks.map((chunk, part) => ({ seq, part, parts: chunks.length, ...chunk }));
}

/** A page put together: too large, it is refused; a run's link index must name one of its links. */
function whole(runs: TextRun[], links: PageLink[]): PageText | null {
  if (runs.length > MAX_RUNS || links.length > MAX_LINKS) return null;
  return { links, runs: runs.map(({ s, b, a }) => (a !== undefined && a < links.length ? { s, b, a } : { s, b })) };
}

/**
 * Puts parts back together on the viewer: a part of a newer page drops what was gathered of an
 * older one; `add` returns the page once its last part is in. `reset` forgets everything (the text
 * stopped: the host sends the next page whole).
 */
export function textAssembler(): { add(part: TextPart): PageText | null; reset(): void } {
  let seq = -1;
  let parts: (TextPart | undefined)[] = [];
  /** The last whole page, which a change (keep) applies to. */
  let have: { seq: number; page: PageText } | null = null;
  const done = (doneSeq: number, page: PageText | null) => {
    have = page && { seq: doneSeq, page };
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
        return done(
          part.seq,
          whole([...kept.slice(0, head), ...part.runs, ...kept.slice(kept.length - tail)], part.links),
        );
      }
      if (part.seq !== seq || parts.length !== part.parts) {
        seq = part.seq;
        parts = Array.from({ length: part.parts }, () => undefined); // not new Array(n): some() skips holes
      }
      parts[part.part] = part;
      if (parts.some((p) => !p)) return null;
      const all = parts as TextPart[];
      return done(
        part.seq,
        whole(
          all.flatMap((p) => p.runs),
          all.flatMap((p) => p.links),
        ),
      );
    },
    reset() {
      seq = -1;
      parts = [];
      have = null;
    },
  };
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

/** Whether a part could belong to a valid page (link indices are checked once the page is whole). */
export function isTextPart(m: Record<string, unknown>): boolean {
  const { seq, part, parts, runs, links, keep } = m;
  if (keep !== undefined && !isKeep(keep, seq, parts)) return false;
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return false;
  if (!Number.isInteger(parts) || (parts as number) < 1 || (parts as number) > MAX_PARTS) return false;
  if (!Number.isInteger(part) || (part as number) < 0 || (part as number) >= (parts as number)) return false;
  if (!Array.isArray(links) || links.length > MAX_LINKS || !links.every(isPageLink)) return false;
  return Array.isArray(runs) && runs.length <= MAX_RUNS && runs.every((run) => isTextRun(run, MAX_LINKS));
}
