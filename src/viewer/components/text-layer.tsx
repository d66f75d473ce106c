// The live text layer: the shared page's words, transparent and selectable, over the picture where
// the page draws them (as PDF.js lays text over a rendered page), so a viewer can select, copy and
// find them and a screen reader can read them. It takes the video's box (its size and the zoom's
// transform, zoom-view.ts), so it stays aligned through zoom, pan, 1:1 and letterboxing.
import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { viewerText } from '../../shared/i18n/viewer';
import type { PageText } from '../../shared/page-text';
import { newLine, runStyle, stretch } from '../text-runs';
import './text-layer.css';

/** Keeps `layer` on the video's box: the same size and transform, as zoom-view.ts sets them. */
function useFollow(video: HTMLVideoElement | null, layer: { current: HTMLElement | null }): void {
  useEffect(() => {
    const el = layer.current;
    if (!video || !el) return;
    const copy = () => {
      el.style.width = video.style.width || '100%';
      el.style.height = video.style.height || '100%';
      el.style.transform = video.style.transform;
    };
    copy();
    const observer = new MutationObserver(copy);
    observer.observe(video, { attributes: true, attributeFilter: ['style'] });
    return () => observer.disconnect();
  }, [video]);
}

/**
 * Stretches each run to its box, measured as laid out (as PDF.js does): read every width, then
 * write every transform; again when the layer's size changes (the font size follows its height).
 */
function useStretch(layer: { current: HTMLElement | null }, page: PageText): void {
  useLayoutEffect(() => {
    const el = layer.current;
    if (!el) return;
    const fit = () => {
      const runs = [...el.children].filter((child): child is HTMLElement => child.tagName !== 'BR');
      const natural = runs.map((run) => run.offsetWidth);
      const width = el.offsetWidth;
      runs.forEach((run, i) => (run.style.transform = `scaleX(${stretch(page.runs[i]!, width, natural[i]!)})`));
    };
    fit();
    const resize = new ResizeObserver(fit);
    resize.observe(el);
    return () => resize.disconnect();
  }, [page]);
}

export function TextLayer({
  page,
  video,
  openLink,
}: {
  page: PageText;
  video: HTMLVideoElement | null;
  openLink(href: string): void;
}) {
  const layer = useRef<HTMLDivElement>(null);
  useFollow(video, layer);
  useStretch(layer, page);
  const styles = useMemo(() => page.runs.map(runStyle), [page]);
  return (
    <div class="text-layer" data-testid="text-layer" ref={layer} role="document" aria-label={viewerText().textLayer}>
      {page.runs.map((run, i) => {
        // Between runs, what copying a selection across them should give: a line break or a space.
        const gap = i === 0 ? null : newLine(page.runs[i - 1]!, run) ? <br /> : ' ';
        const href = run.a === undefined ? undefined : page.links[run.a]?.href;
        return (
          <Fragment key={i}>
            {gap}
            {href ? (
              // Not an <a href>: a middle click or the context menu would open it without the confirmation.
              <span
                role="link"
                tabIndex={0}
                style={styles[i]}
                onClick={() => openLink(href)}
                onKeyDown={(e) => e.key === 'Enter' && openLink(href)}
              >
                {run.s}
              </span>
            ) : (
              <span style={styles[i]}>{run.s}</span>
            )}
          </Fragment>
        );
      })}
    </div>
  );
}
