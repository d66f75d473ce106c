import { describe, expect, it } from 'vitest';
import type { PageText } from '../../src/shared/page-text';
import { newLines, plainText, runStyle, stretch } from '../../src/viewer/text-runs';

describe('text layer runs', () => {
  it('places a run by its box, in units of the layer, and stretches it to the box width', () => {
    const run = { s: 'word', b: [0.1, 0.25, 0.2, 0.05] as [number, number, number, number] };
    expect(runStyle(run)).toEqual({ left: '10%', top: '25%', fontSize: '5cqh' });
    // 0.2 of a 1000-px layer is 200 px; laid out 160 px wide, the run is stretched by 1.25.
    expect(stretch(run, 1000, 160)).toBe(1.25);
    expect(stretch(run, 1000, 0)).toBe(1); // nothing laid out yet
  });

  it('reads as lines: runs side by side joined by a space, a lower run on a new line', () => {
    const page: PageText = {
      links: [],
      runs: [
        { s: 'Read the', b: [0, 0.1, 0.2, 0.04] },
        { s: 'guide', b: [0.21, 0.1, 0.1, 0.04] },
        { s: 'first.', b: [0.32, 0.101, 0.1, 0.04] },
        { s: 'Next line', b: [0, 0.16, 0.2, 0.04] },
      ],
    };
    expect(plainText(page)).toBe('Read the guide first.\nNext line');
  });
});

describe('Read the page', () => {
  it('says the lines a page has that the one before did not', () => {
    const page = (...lines: string[]): PageText => ({
      links: [],
      runs: lines.map((s, i) => ({ s, b: [0, i * 0.1, 0.5, 0.05] })),
    });
    expect(newLines(page('Build', 'Status: running'), page('Build', 'Status: passed'))).toEqual(['Status: passed']);
    expect(newLines(page('a', 'b'), page('b', 'a'))).toEqual([]);
    expect(newLines(null, page('a'))).toEqual(['a']);
  });
});
