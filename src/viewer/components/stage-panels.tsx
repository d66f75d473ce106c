// What shows over the picture: statistics, the notes about Point and Copy text, a link's confirmation, the list of keys.
import { viewerLocale, viewerText } from '../../shared/i18n/viewer';
import { SHORTCUTS } from '../shortcuts';
import { statsRows, summarizeStats, type RouteName } from '../stats';
import type { TextNote } from '../hooks/use-page-text';
import type { PointNote } from '../hooks/use-pointing';
import type { RemoteControlUi } from '../hooks/use-remote-control';

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

/**
 * What happened to control (data-why: denied, ended, source, page), or while this viewer controls,
 * that it does (data-why granted); and the hidden field its keys and input method text go through.
 */
export function ControlPanel({ control }: { control: RemoteControlUi }) {
  const t = viewerText();
  const { note, granted } = control;
  return (
    <>
      <textarea
        ref={control.keys}
        class="control-keys"
        data-testid="control-keys"
        aria-label={t.controlKeys}
        hidden={!granted}
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
      />
      {(note || granted) && (
        <p class="panel note" data-testid="control-note" data-why={note?.why ?? 'granted'} role="status">
          {note ? t.controlNotes[note.why] : t.controllingHint}
        </p>
      )}
    </>
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

export function TextNoteText({ note }: { note: Exclude<TextNote, null> }) {
  const t = viewerText();
  const words = note.why === 'copied' ? t.copied : note.why === 'copy-failed' ? t.copyFailed : t.textNotes[note.why];
  return (
    <p class="panel note" data-testid="text-note" data-why={note.why} role="status">
      {words}
    </p>
  );
}

/** A link on the shared page opens only once the viewer has seen its address and said yes. */
export function LinkConfirm({ href, answer }: { href: string; answer(open: boolean): void }) {
  const t = viewerText();
  return (
    <section
      class="panel link-confirm"
      data-testid="link-confirm"
      role="alertdialog"
      aria-labelledby="link-confirm-title"
      aria-describedby="link-confirm-body"
    >
      <h2 id="link-confirm-title">{t.openLinkTitle}</h2>
      <p class="address" data-testid="link-address">
        {href}
      </p>
      <p id="link-confirm-body">{t.openLinkBody}</p>
      <div class="actions">
        <button data-testid="open-link" onClick={() => answer(true)} autoFocus>
          {t.openLink}
        </button>
        <button data-testid="cancel-link" onClick={() => answer(false)}>
          {t.cancel}
        </button>
      </div>
    </section>
  );
}
