// The text layer's arithmetic (components/text-layer.tsx): where each run goes on the layer, how
// much it is stretched to fill its box, and the page as plain text for "Copy text" and Read the page.
import type { PageText, TextRun } from '../shared/page-text';

/** Whether `next` starts a new line after `run`: its top is below the middle of `run`'s box. */
export const newLine = (run: TextRun, next: TextRun): boolean => next.b[1] > run.b[1] + run.b[3] / 2;

/**
 * A run's place on the layer: left and top in % of the layer, its font size in % of the layer's
 * height (cqh), so the zoom's transform carries all three along. Its width comes from `stretch`.
 */
export function runStyle(run: TextRun) {
  const [x, y, , h] = run.b;
  return { left: `${round(x * 100)}%`, top: `${round(y * 100)}%`, fontSize: `${round(h * 100)}cqh` };
}

/**
 * The horizontal stretch that makes a run exactly as wide as its box: `natural` is its laid-out
 * width in the layer's font, `layerWidth` the layer's, both in CSS px before any transform.
 */
export const stretch = (run: TextRun, layerWidth: number, natural: number): number =>
  natural > 0 && layerWidth > 0 ? round((run.b[2] * layerWidth) / natural) : 1;

const round = (n: number) => Math.round(n * 1e4) / 1e4;

/** The page's words in reading order: runs on one line joined by a space, lines by a newline. */
export function plainText(page: PageText): string {
  return page.runs.map((run, i) => (i === 0 ? '' : newLine(page.runs[i - 1]!, run) ? '\n' : ' ') + run.s).join('');
}

/** The lines of `page` that `before` did not have (all of them when there was nothing before). */
export function newLines(before: PageText | null, page: PageText): string[] {
  const had = new Set(before ? plainText(before).split('\n') : []);
  return plainText(page)
    .split('\n')
    .filter((line) => line && !had.has(line));
}
