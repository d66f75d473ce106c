// The popup while sharing: the link and its QR code, who watches, and the sharer's controls.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatTime, pluralForm } from '../shared/i18n/format';
import { popupLocale, popupText } from '../shared/i18n/popup';
import { LEFT_NOTICE_MS, type Session } from '../shared/session';
import type { PopupActions } from './actions';
import { drawQr, qrPixels } from './qr';
import { Sources } from './sources';
import { Departures, ViewerList } from './viewer-list';

export function Live({ session, actions }: { session: Extract<Session, { state: 'live' }>; actions: PopupActions }) {
  const t = popupText();
  const [copied, setCopied] = useState(false);
  const [now, elapsed] = useElapsed(session.startedAt);
  const count = session.viewers.filter((v) => v.state === 'watching').length;
  const viaServer = session.viewers.filter((v) => v.via === 'server').length;
  const left = (session.left ?? []).filter((d) => now - d.at < LEFT_NOTICE_MS);

  const copy = async () => {
    await actions.copy(session.link);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section>
      <p class={`status ${session.paused ? 'paused' : 'live'}`} data-testid="status" data-state={session.state}>
        <span class={session.paused ? 'pause-mark' : 'dot'} aria-hidden="true" /> {session.paused ? t.paused : t.live}
        {' · '}
        <span data-testid="elapsed">{elapsed}</span>
        {session.locked && <span class="muted"> · {t.locked}</span>}
      </p>
      {session.paused && (
        <p class="paused-note" data-testid="paused-note">
          {t.pausedNote}
        </p>
      )}
      {!session.brokerOnline && (
        <p class="warning" role="status" data-testid="broker-warning">
          {t.brokerLost}
        </p>
      )}
      {(session.server === 'unreachable' || session.server === 'lost') && (
        <p class="warning" role="status" data-testid="media-server-warning" data-state={session.server}>
          {session.server === 'lost' ? t.mediaServerLost : t.mediaServerUnreachable}
        </p>
      )}
      <ControlNotice session={session} actions={actions} />
      <div class="share">
        <div class="share-text">
          <label for="link">{t.linkLabel}</label>
          <input
            id="link"
            data-testid="share-link"
            readOnly
            value={session.link}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button class="primary" data-testid="copy-link" onClick={() => void copy()}>
            {copied ? t.copied : t.copy}
          </button>
          <p class="muted hint">{t.scanHint}</p>
        </div>
        <QrCode link={session.link} />
      </div>
      {/* A live region: "2 people watching" is said when someone joins or leaves. */}
      <p class="viewers" role="status">
        <Counted template={pluralForm(popupLocale(), count, t.watching)} count={count} />
        {session.server === 'on' && (
          <span class="muted" data-testid="media-server" data-count={viaServer}>
            {' · '}
            {pluralForm(popupLocale(), viaServer, t.viaMediaServerCount).replace('{n}', String(viaServer))}
          </span>
        )}
        {session.expiresAt !== null && (
          <span class="muted"> · {t.stopsAt(formatTime(popupLocale(), session.expiresAt))}</span>
        )}
      </p>
      <ViewerList session={session} actions={actions} />
      <Departures left={left} />
      <Sources session={session} actions={actions} />
      <div class="row">
        <button
          class={session.paused ? 'primary' : ''}
          data-testid="pause"
          onClick={() => void actions.pause(!session.paused)}
        >
          {session.paused ? t.resume : t.pause}
        </button>
        <button
          data-testid="lock"
          aria-pressed={session.locked}
          title={t.lockHelp}
          onClick={() => void actions.lock(!session.locked)}
        >
          {t.lock}
        </button>
      </div>
      <div class="row">
        <button onClick={() => void actions.openViewer(session.link)}>{t.preview}</button>
        <button class="danger" data-testid="stop" onClick={() => void actions.stop()}>
          {t.stop}
        </button>
      </div>
    </section>
  );
}

/** While a viewer controls the shared tab: who, and Take back, above everything else the popup shows. */
function ControlNotice({ session, actions }: { session: Extract<Session, { state: 'live' }>; actions: PopupActions }) {
  const controller = session.viewers.find((v) => v.control === 'controlling');
  if (!controller) return null;
  const t = popupText();
  return (
    <div class="warning control-notice" role="status" data-testid="control-notice">
      <p>{t.controlNotice(controller.code)}</p>
      <button class="primary" data-testid="take-back-control" onClick={() => void actions.takeBackControl()}>
        {t.takeBackControl}
      </button>
    </div>
  );
}

/** The link as a QR code, dark on light whatever the theme, with its quiet zone, for a phone's camera. */
function QrCode({ link }: { link: string }) {
  const drawing = useMemo(() => drawQr(link), [link]);
  if (!drawing) return null;
  const pixels = qrPixels(drawing.size);
  const { size } = drawing;
  return (
    <svg
      class="qr"
      data-testid="qr-code"
      role="img"
      aria-label={popupText().qrLabel}
      width={pixels}
      height={pixels}
      viewBox={`0 0 ${size} ${size}`}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={drawing.path} fill="#000" />
    </svg>
  );
}

/** A sentence with the count in it as its own element (`{n}` in the catalogue), wherever the language puts it. */
function Counted({ template, count }: { template: string; count: number }) {
  const [before, after = ''] = template.split('{n}'); // every form has {n} once (i18n.test.ts)
  return (
    <>
      {before}
      <strong data-testid="viewer-count">{count}</strong>
      {after}
    </>
  );
}

/** The time now (ticking every second) and how long since `since`, as 1:05. */
function useElapsed(since: number): [number, string] {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return [now, formatElapsed(now - since)];
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
