// Who watches or waits, with the sharer's buttons for each, and who left before being let in.
import { popupText } from '../shared/i18n/popup';
import type { Departure, Session, Viewer } from '../shared/session';
import type { PopupActions } from './actions';

type Live = Extract<Session, { state: 'live' }>;

export function ViewerList({ session, actions }: { session: Live; actions: PopupActions }) {
  if (session.viewers.length === 0) return null;
  return (
    <ul class="viewer-list" data-testid="viewers">
      {session.viewers.map((viewer) => (
        <ViewerRow key={viewer.id} viewer={viewer} pointing={session.pointing} actions={actions} />
      ))}
    </ul>
  );
}

/** `pointing`: the sharer lets viewers point, so each watching one has its own switch. */
function ViewerRow({ viewer, pointing, actions }: { viewer: Viewer; pointing: boolean; actions: PopupActions }) {
  const t = popupText();
  return (
    <li data-testid="viewer" data-state={viewer.state}>
      <div class="who">
        <span class="code" title={t.codeHelp}>
          {viewer.code}
        </span>
        {viewer.state === 'waiting' && <small class="muted">{t.wantsToJoin}</small>}
        {viewer.via === 'server' && (
          <small class="muted" data-testid="viewer-via-server">
            {t.viaMediaServer}
          </small>
        )}
        {viewer.control && (
          <small class="control" data-testid="viewer-control" data-state={viewer.control}>
            {viewer.control === 'asking' ? t.asksToControl : t.controlling}
          </small>
        )}
        {viewer.pointing && (
          <small class="pointing" data-testid="viewer-pointing">
            {t.pointing}
          </small>
        )}
      </div>
      {viewer.state === 'waiting' ? (
        <Answer
          ids={['admit', 'deny']}
          words={[t.letIn, t.deny]}
          labels={[t.letInViewer(viewer.code), t.denyViewer(viewer.code)]}
          answer={(yes) => void actions.admit(viewer.id, yes)}
        />
      ) : viewer.control === 'asking' ? (
        <Answer
          ids={['allow-control', 'deny-control']}
          words={[t.allowControl, t.denyControl]}
          labels={[t.allowControlViewer(viewer.code), t.denyControlViewer(viewer.code)]}
          answer={(yes) => void actions.grantControl(viewer.id, yes)}
        />
      ) : (
        <>
          {pointing && (
            <button
              class="small icon"
              data-testid="viewer-point"
              aria-pressed={viewer.canPoint}
              aria-label={t.allowPointing(viewer.code)}
              title={t.allowPointing(viewer.code)}
              onClick={() => void actions.viewerPointing(viewer.id, !viewer.canPoint)}
            >
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                <path d="M3 2l10 5-4.2 1.3L7 13z" fill="currentColor" />
              </svg>
            </button>
          )}
          <button
            class="small"
            data-testid="kick"
            aria-label={t.kickViewer(viewer.code)}
            onClick={() => void actions.kick(viewer.id)}
          >
            {t.kick}
          </button>
        </>
      )}
    </li>
  );
}

type Pair = [yes: string, no: string];

/** A yes and a no to a viewer's request (to join, to control): test ids, words, and names that say whom. */
function Answer({ ids, words, labels, answer }: { ids: Pair; words: Pair; labels: Pair; answer(yes: boolean): void }) {
  return (
    <>
      {([true, false] as const).map((yes, i) => (
        <button
          key={ids[i]}
          class={yes ? 'small primary' : 'small'}
          data-testid={ids[i]}
          aria-label={labels[i]}
          onClick={() => answer(yes)}
        >
          {words[i]}
        </button>
      ))}
    </>
  );
}

/** Waiting viewers that went away (page closed or stalled) before the host let them in or not. */
export function Departures({ left }: { left: Departure[] }) {
  const t = popupText();
  return (
    <div role="status" class="departures">
      {left.map((d) => (
        <p key={d.id} class="muted" data-testid="viewer-left">
          {t.leftBeforeAnswer(d.code)}
        </p>
      ))}
    </div>
  );
}
