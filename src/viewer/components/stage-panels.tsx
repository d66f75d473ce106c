// What shows over the picture: statistics, the note about Point, the list of keys.
import { viewerLocale, viewerText } from '../../shared/i18n/viewer';
import { SHORTCUTS } from '../shortcuts';
import { statsRows, summarizeStats, type RouteName } from '../stats';
import type { PointNote } from '../hooks/use-pointing';

/**
 * `rows`: null until the first report, when the rows show with nothing measured yet. `route`: how
 * the picture arrives ('direct', 'relay-tls'…), in `data-route` for tests and tools: never the words.
 */
export function StatsPanel({ rows, route }: { rows: [string, string][] | null; route: RouteName | null }) {
  const t = viewerText();
  return (
    <section class="panel stats" data-testid="stats" data-route={route ?? undefined} aria-label={t.stats.title}>
      <dl>
        {(rows ?? statsRows(summarizeStats(new Map()), t.stats, viewerLocale())).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function PointNoteText({ note }: { note: Exclude<PointNote, null> }) {
  return (
    <p class="panel note" data-testid="point-note" role="status">
      {viewerText().pointingNotes[note.why]}
    </p>
  );
}

/** The ? panel, from the table the key handler runs. */
export function ShortcutsPanel({ close }: { close(): void }) {
  const t = viewerText();
  return (
    <section class="panel shortcuts" data-testid="shortcuts" role="dialog" aria-label={t.shortcutsButton}>
      <h2>{t.shortcutsButton}</h2>
      <dl>
        {SHORTCUTS.flatMap(({ shown }) => (shown ? [shown] : [])).map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t.shortcuts[what]}</dd>
          </div>
        ))}
      </dl>
      <button onClick={() => close()}>{t.close}</button>
    </section>
  );
}
