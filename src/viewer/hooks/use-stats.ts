// Statistics: read every second while the overlay shows, not at all while it does not.
import { useEffect, useState } from 'preact/hooks';
import { viewerLocale, viewerText } from '../../shared/i18n/viewer';
import type { MediaRoute } from '../../shared/wire';
import { routeName, statsRows, summarizeStats, type RouteName, type StatsSample } from '../stats';
import type { Watching } from '../watch';

export interface Stats {
  shown: boolean;
  /** The overlay's rows; null until the first report arrives, and while hidden. */
  rows: [string, string][] | null;
  /** How the picture arrives, as a stable name (the panel's data-route); null until known. */
  route: RouteName | null;
  toggle(): void;
}

export function useStats(watching: Watching, live: boolean, via: MediaRoute): Stats {
  const [shown, setShown] = useState(false);
  const [rows, setRows] = useState<[string, string][] | null>(null);
  const [route, setRoute] = useState<RouteName | null>(null);

  useEffect(() => {
    if (!shown || !live) {
      setRoute(null);
      return setRows(null);
    }
    let previous: StatsSample | null = null;
    let stopped = false;
    const read = async () => {
      const report = await watching.stats().catch(() => null);
      if (stopped || !report) return;
      const summary = summarizeStats(report, previous);
      previous = summary.sample;
      setRows(statsRows(summary, viewerText().stats, viewerLocale(), via));
      setRoute(routeName(summary));
    };
    // The first rates need two reports: the second comes soon after the first, then one a second.
    void read();
    const soon = setTimeout(read, 300);
    const timer = setInterval(read, 1000);
    return () => {
      stopped = true;
      clearTimeout(soon);
      clearInterval(timer);
    };
  }, [shown, live, watching, via]);

  return { shown, rows, route, toggle: () => setShown((was) => !was) };
}
