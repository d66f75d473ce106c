// The text layer's arithmetic (components/text-layer.tsx): where each run goes on the layer, how
// much it is stretched to fill its box, and the page as plain text for "Copy text".
import type { PageText, TextRun } from '../shared/page-text';

/** Whether `next` starts a new line after `run`: its top is below the middle of `run`'s box. */
export const newLine = (run: TextRun, next: TextRun): boolean => next.b[1] > run.b[1] + run.b[3] / 2;

/**
 * A run's place on the layer: left and top in % of the layer, its font size in % of the layer's
 * height (cqh), and the horizontal stretch that makes text of that size exactly as wide as its box.
 * `unitWidth`: the run's width in the layer's font at a size of 1 px; `aspect`: the picture's width / height.
 */
export function runStyle(run: TextRun, aspect: number, unitWidth: number) {
  const [x, y, w, h] = run.b;
  const stretch = unitWidth > 0 ? (w / h) * (aspect / unitWidth) : 1;
  return {
    left: `${round(x * 100)}%`,
    top: `${round(y * 100)}%`,
    fontSize: `${round(h * 100)}cqh`,
    transform: `scaleX(${round(stretch)})`,
  };
}

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
