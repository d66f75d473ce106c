// Statistics: read every second while the overlay shows, not at all while it does not.
import { useEffect, useState } from 'preact/hooks';
import { viewerLocale, viewerText } from '../../shared/i18n/viewer';
import type { MediaRoute } from '../../shared/wire';
import { routeName, statsRows, summarizeStats, type RouteName, type StatsSample, type StatsSummary } from '../stats';
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
  // The latest summary; the rows and the route are read from it.
  const [summary, setSummary] = useState<StatsSummary | null>(null);

  useEffect(() => {
    if (!shown || !live) return setSummary(null);
    let previous: StatsSample | null = null;
    let stopped = false;
    const read = async () => {
      const report = await watching.stats().catch(() => null);
      if (stopped || !report) return;
      const next = summarizeStats(report, previous);
      previous = next.sample;
      setSummary(next);
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
  }, [shown, live, watching]);

  return {
    shown,
    rows: summary && statsRows(summary, viewerText().stats, viewerLocale(), via),
    route: summary && routeName(summary),
    toggle: () => setShown((was) => !was),
  };
}
