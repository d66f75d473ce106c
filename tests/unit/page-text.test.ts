import { describe, expect, it } from 'vitest';
import {
  MAX_HREF,
  MAX_LINKS,
  MAX_RUN_CHARS,
  MAX_RUNS,
  PART_CHARS,
  parsePageText,
  parseTextReport,
  safeHref,
  type PageText,
} from '../../src/shared/page-text';
import { diffPageText, splitPageText, textAssembler } from '../../src/shared/page-text-parts';
import { MAX_TEXT_MESSAGE, parseHostMessage } from '../../src/shared/wire';

const PAGE: PageText = {
  runs: [
    { s: 'Release checklist', b: [0.02, 0.03, 0.3, 0.06] },
    { s: 'deployment guide', b: [0.1, 0.2, 0.15, 0.03], a: 0 },
  ],
  links: [{ href: 'https://docs.example.com/guide', b: [0.1, 0.2, 0.15, 0.03] }],
};

/** A page of `n` runs of about 60 characters of JSON each. */
const bigPage = (n: number): PageText => ({
  runs: Array.from({ length: n }, (_, i) => ({ s: `line ${i} of the page`, b: [0.01, (i % 100) / 100, 0.5, 0.01] })),
  links: PAGE.links,
});

describe('page text', () => {
  it('takes a valid page and refuses anything else whole', () => {
    expect(parsePageText(PAGE)).toEqual(PAGE);
    expect(parseTextReport({ t: 'page-text', page: PAGE })).toEqual(PAGE);
    const broken: unknown[] = [
      { ...PAGE, extra: 1 },
      { ...PAGE, runs: [{ s: '', b: [0, 0, 0.1, 0.1] }] },
      { ...PAGE, runs: [{ s: 'x', b: [0, 0, 0, 0.1] }] }, // no width
      { ...PAGE, runs: [{ s: 'x', b: [5, 0, 0.1, 0.1] }] }, // far off the picture
      { ...PAGE, runs: [{ s: 'x', b: [0, 0, 0.1, 0.1], a: 1 }] }, // no such link
      { ...PAGE, runs: [{ s: 'x', b: [0, 0, 0.1, 0.1], extra: 1 }] },
      { ...PAGE, links: [{ href: 'javascript:alert(1)', b: [0, 0, 0.1, 0.1] }] },
      { ...PAGE, runs: bigPage(MAX_RUNS + 1).runs },
    ];
    for (const page of broken) expect(parsePageText(page), JSON.stringify(page).slice(0, 120)).toBeNull();
    expect(parseTextReport({ t: 'other', page: PAGE })).toBeNull();
  });

  it('opens only absolute http(s) addresses', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '/relative', 42])
      expect(safeHref(bad)).toBeNull();
  });

  it('goes in parts small enough for any data channel, each a valid host message, and comes back whole', () => {
    const page = bigPage(MAX_RUNS);
    const parts = splitPageText(page, 7);
    expect(parts.length).toBeGreaterThan(5);
    const assembler = textAssembler();
    let whole: PageText | null = null;
    for (const part of parts) {
      const message = { t: 'text', ...part };
      expect(JSON.stringify(message).length).toBeLessThanOrEqual(PART_CHARS + 200);
      expect(parseHostMessage(message)).toEqual(message);
      expect(whole).toBeNull();
      whole = assembler.add(part);
    }
    expect(whole).toEqual(page);
    // Sent again, the same parts make nothing new.
    expect(parts.map((part) => assembler.add(part))).toEqual(parts.map(() => null));
  });

  it('drops what it gathered of a page once a newer one starts, and parts of an older one', () => {
    const assembler = textAssembler();
    const older = splitPageText(bigPage(600), 1);
    const newer = splitPageText(PAGE, 2);
    expect(older.length).toBeGreaterThan(1);
    expect(assembler.add(older[0]!)).toBeNull();
    expect(assembler.add(newer[0]!)).toEqual(PAGE);
    expect(assembler.add(older[1]!)).toBeNull();
  });

  it('refuses a text message over its size, or a text-state it does not know', () => {
    const huge = { t: 'text', seq: 0, part: 0, parts: 1, links: [], runs: bigPage(400).runs };
    expect(JSON.stringify(huge).length).toBeGreaterThan(MAX_TEXT_MESSAGE);
    expect(parseHostMessage(huge)).toBeNull();
    expect(parseHostMessage({ t: 'text-state', state: 'on' })).toEqual({ t: 'text-state', state: 'on' });
    expect(parseHostMessage({ t: 'text-state', state: 'maybe' })).toBeNull();
    // Other messages keep their small limit.
    expect(parseHostMessage({ t: 'welcome', code: 'x'.repeat(2000) })).toBeNull();
  });

  it('sends a change in the middle of a page as that change, which the viewer applies to its last page', () => {
    const before = bigPage(300);
    const after: PageText = {
      ...before,
      runs: before.runs.map((run, i) => (i === 150 ? { ...run, s: 'the clock says 12:01' } : run)),
    };
    const change = diffPageText(before, 4, after, 5, JSON.stringify(after).length)!;
    expect(change).toMatchObject({ seq: 5, parts: 1, keep: [4, 150, 149], runs: [{ s: 'the clock says 12:01' }] });
    expect(parseHostMessage({ t: 'text', ...change })).toEqual({ t: 'text', ...change });
    const assembler = textAssembler();
    for (const part of splitPageText(before, 4)) assembler.add(part);
    expect(assembler.add(change)).toEqual(after);
    // A change to a page the viewer does not have makes nothing.
    expect(textAssembler().add(change)).toBeNull();
    // Scrolled: every box moved, so the page goes whole.
    const scrolled = {
      ...before,
      runs: before.runs.map((run) => ({ ...run, b: [run.b[0], run.b[1] - 0.01, run.b[2], run.b[3]] as typeof run.b })),
    };
    expect(diffPageText(before, 4, scrolled, 5, JSON.stringify(scrolled).length)).toBeNull();
  });

  it('the largest page the limits allow arrives whole: every part is a message the viewer takes', () => {
    const href = (i: number) => `https://example.com/${String(i).padStart(4, '0')}/${'x'.repeat(MAX_HREF - 40)}`;
    const page: PageText = {
      links: Array.from({ length: MAX_LINKS }, (_, i) => ({ href: href(i), b: [0.1, 0.1, 0.2, 0.02] })),
      runs: Array.from({ length: MAX_RUNS }, (_, i) => ({
        s: `${i} ${'한'.repeat(MAX_RUN_CHARS - 10)}`,
        b: [0.1234, 0.5678, 0.2345, 0.0123],
        a: i % MAX_LINKS,
      })),
    };
    expect(parsePageText(page)).toEqual(page);
    const parts = splitPageText(page, 3);
    const assembler = textAssembler();
    let whole: PageText | null = null;
    for (const part of parts) {
      const message = { t: 'text', ...part };
      expect(parseHostMessage(message), `part ${part.part} of ${part.parts}`).toEqual(message);
      whole = assembler.add(part);
    }
    expect(whole).toEqual(page);
  });

  it('a change that would make a page larger than the limits is refused', () => {
    const assembler = textAssembler();
    const full = bigPage(MAX_RUNS);
    for (const part of splitPageText(full, 1)) assembler.add(part);
    const grown = {
      seq: 2,
      part: 0,
      parts: 1,
      runs: full.runs.slice(0, 5),
      links: full.links,
      keep: [1, MAX_RUNS, 0] as [number, number, number],
    };
    expect(assembler.add(grown)).toBeNull();
  });
});
