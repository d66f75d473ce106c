import { describe, expect, it } from 'vitest';
import type { PageText } from '../../src/shared/page-text';
import { newLines, plainText, runStyle } from '../../src/viewer/text-runs';

describe('text layer runs', () => {
  it('places a run by its box and stretches it to the box width', () => {
    // A box 0.2 of a 16:9 picture wide and 0.05 high; the text is 4 px wide at a 1-px font.
    const style = runStyle({ s: 'word', b: [0.1, 0.25, 0.2, 0.05] }, 16 / 9, 4);
    expect(style).toEqual({ left: '10%', top: '25%', fontSize: '5cqh', transform: 'scaleX(1.7778)' });
    // Font size 0.05 × H, natural width 4 × 0.05 × H; stretched: 0.2 × W.
    expect(4 * 0.05 * 1.7778).toBeCloseTo(0.2 * (16 / 9), 3);
    expect(runStyle({ s: 'x', b: [0, 0, 0.1, 0.1] }, 1, 0).transform).toBe('scaleX(1)');
  });

  it('reads as lines: runs side by side joined by a space, a lower run on a new line', () => {
    const page: PageText = {
      aspect: 1,
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
      aspect: 1,
      links: [],
      runs: lines.map((s, i) => ({ s, b: [0, i * 0.1, 0.5, 0.05] })),
    });
    expect(newLines(page('Build', 'Status: running'), page('Build', 'Status: passed'))).toEqual(['Status: passed']);
    expect(newLines(page('a', 'b'), page('b', 'a'))).toEqual([]);
    expect(newLines(null, page('a'))).toEqual(['a']);
  });
});
