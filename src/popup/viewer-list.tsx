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
        <>
          <button
            class="small primary"
            data-testid="admit"
            aria-label={t.letInViewer(viewer.code)}
            onClick={() => void actions.admit(viewer.id, true)}
          >
            {t.letIn}
          </button>
          <button
            class="small"
            data-testid="deny"
            aria-label={t.denyViewer(viewer.code)}
            onClick={() => void actions.admit(viewer.id, false)}
          >
            {t.deny}
          </button>
        </>
      ) : viewer.control === 'asking' ? (
        <>
          <button
            class="small primary"
            data-testid="allow-control"
            aria-label={t.allowControlViewer(viewer.code)}
            onClick={() => void actions.grantControl(viewer.id, true)}
          >
            {t.allowControl}
          </button>
          <button
            class="small"
            data-testid="deny-control"
            aria-label={t.denyControlViewer(viewer.code)}
            onClick={() => void actions.grantControl(viewer.id, false)}
          >
            {t.denyControl}
          </button>
        </>
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
