// The popup: shows the Session (read from storage, never held here) and sends requests.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { FIXED_IN_SETTINGS, toShareError, type ShareError } from '../shared/errors';
import { PRESETS, type Preset } from '../shared/quality';
import { LEFT_NOTICE_MS, type Departure, type Session } from '../shared/session';
import { formatTime, pluralForm } from '../shared/i18n/format';
import { describePopupError, popupLocale, popupText } from '../shared/i18n/popup';
import type { PopupActions } from './actions';
import { drawQr, qrPixels } from './qr';

export function Popup({ watch, actions }: { watch: (cb: (s: Session) => void) => () => void; actions: PopupActions }) {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => watch(setSession), [watch]);
  if (!session) return null;
  const t = popupText();

  return (
    <main class={`popup ${session.state}`}>
      <header>
        <h1>{t.title}</h1>
        <button class="link settings" data-testid="open-settings" onClick={() => void actions.openSettings()}>
          {t.settings}
        </button>
      </header>
      {session.state === 'live' ? (
        <Live session={session} actions={actions} />
      ) : session.state === 'error' ? (
        <section>
          <p class="status error" data-testid="status" data-state={session.state} data-code={session.error.code} role="alert">
            {describePopupError(session.error)}
          </p>
          <SettingsFix error={session.error} actions={actions} />
          <div class="row">
            <button class={FIXED_IN_SETTINGS.includes(session.error.code) ? 'wide' : 'primary wide'} data-testid="try-again" onClick={() => void actions.shareActiveTab()}>
              {t.tryAgain}
            </button>
            <button data-testid="dismiss" onClick={() => void actions.dismiss().then(() => window.close())}>
              {t.dismiss}
            </button>
          </div>
        </section>
      ) : session.state === 'starting' ? (
        <section>
          <p class="status" data-testid="status" data-state={session.state}>
            {t.starting}
          </p>
          <button class="wide" data-testid="cancel" onClick={() => void actions.stop()}>
            {t.cancel}
          </button>
        </section>
      ) : (
        <section>
          <p class="status" data-testid="status" data-state={session.state}>
            {t.idle}
          </p>
          <button class="primary wide" onClick={() => void actions.shareActiveTab()}>
            {t.shareThisTab}
          </button>
          <OtherSources actions={actions} />
        </section>
      )}
    </main>
  );
}

/** A button to the settings page, for a failure that is fixed there (a broker, ICE servers, permissions). */
function SettingsFix({ error, actions }: { error: ShareError; actions: PopupActions }) {
  if (!FIXED_IN_SETTINGS.includes(error.code)) return null;
  const t = popupText();
  return (
    <button class="primary wide fix" data-testid="error-settings" onClick={() => void actions.openSettings()}>
      {t.openSettings}
    </button>
  );
}

/** Runs a popup action and keeps its failure (a closed picker is not a failure). */
function useAction(): [ShareError | null, (task: () => Promise<void>) => void] {
  const [problem, setProblem] = useState<ShareError | null>(null);
  const run = (task: () => Promise<void>) => {
    setProblem(null);
    task().catch((error: unknown) => {
      const shareError = toShareError(error);
      if (shareError.code !== 'cancelled') setProblem(shareError);
    });
  };
  return [problem, run];
}

function OtherSources({ actions, run = (task) => void task() }: { actions: PopupActions; run?: (task: () => Promise<void>) => void }) {
  const t = popupText();
  return (
    <div class="row">
      <button data-testid="share-picked" onClick={() => run(() => actions.share('picked'))}>
        {t.sharePicked}
      </button>
      <button data-testid="share-camera" onClick={() => run(() => actions.share('camera'))}>
        {t.shareCamera}
      </button>
    </div>
  );
}

function Sources({ session, actions }: { session: Extract<Session, { state: 'live' }>; actions: PopupActions }) {
  const t = popupText();
  // undefined until the browser has said which tab is active: until then the popup cannot tell
  // "this tab" from "a tab", and shows neither rather than a button that then vanishes.
  const [activeTabId, setActiveTabId] = useState<number | null | undefined>(undefined);
  const [problem, run] = useAction();
  useEffect(() => void actions.activeTabId().then(setActiveTabId), [actions]);
  const { source } = session;
  const known = activeTabId !== undefined;
  const onThisTab = source.kind === 'tab' && source.tabId === activeTabId;
  // A checkbox shows the Session, not the click: it flips when the share has actually changed.
  const toggle = (event: Event, task: () => Promise<void>) => {
    event.preventDefault();
    run(task);
  };
  return (
    <section class="sources">
      {known && (
        <p data-testid="source" data-source={source.kind === 'tab' && !onThisTab ? 'otherTab' : source.kind}>
          {t.showing[source.kind === 'tab' && !onThisTab ? 'otherTab' : source.kind]}
        </p>
      )}
      {known && !onThisTab && (
        <button class="wide" data-testid="share-this-tab" onClick={() => run(actions.shareActiveTab)}>
          {t.shareThisTabInstead}
        </button>
      )}
      <OtherSources actions={actions} run={run} />
      <div class="row toggles">
        <label title={t.micHelp}>
          <input type="checkbox" data-testid="mic" checked={session.mic} onClick={(e) => toggle(e, () => actions.mic(!session.mic))} /> {t.mic}
        </label>
        {source.kind === 'tab' && (
          <label title={t.muteForMeHelp}>
            <input type="checkbox" data-testid="mute-for-me" checked={session.mutedForMe} onClick={(e) => toggle(e, () => actions.muteForMe(!session.mutedForMe))} /> {t.muteForMe}
          </label>
        )}
      </div>
      <div class="row toggles">
        <label title={t.letViewersPointHelp}>
          <input type="checkbox" data-testid="let-viewers-point" checked={session.pointing} onClick={(e) => toggle(e, () => actions.pointing(!session.pointing))} /> {t.letViewersPoint}
        </label>
      </div>
      {session.pointing && session.overlay !== 'on' && (
        <p class="muted hint" data-testid="pointing-note">
          {session.overlay === 'blocked' ? t.pointingOffPage : t.pointingOffSource}
        </p>
      )}
      <label title={t.presetHelp}>
        {t.quality}{' '}
        <select data-testid="quality" value={session.quality} onChange={(e) => run(() => actions.quality(e.currentTarget.value as Preset))}>
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t.presets[preset]}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <>
          <p class="status error" role="alert" data-testid="source-error" data-code={problem.code}>
            {describePopupError(problem)}
          </p>
          <SettingsFix error={problem} actions={actions} />
        </>
      )}
    </section>
  );
}

function Live({ session, actions }: { session: Extract<Session, { state: 'live' }>; actions: PopupActions }) {
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
        <span class={session.paused ? 'pause-mark' : 'dot'} aria-hidden="true" /> {session.paused ? t.paused : t.live} · <span data-testid="elapsed">{elapsed}</span>
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
      <div class="share">
        <div class="share-text">
          <label for="link">{t.linkLabel}</label>
          <input id="link" data-testid="share-link" readOnly value={session.link} onFocus={(e) => e.currentTarget.select()} />
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
        {session.expiresAt !== null && <span class="muted"> · {t.stopsAt(formatTime(popupLocale(), session.expiresAt))}</span>}
      </p>
      {session.viewers.length > 0 && (
        <ul class="viewer-list" data-testid="viewers">
          {session.viewers.map((viewer) => (
            <li key={viewer.id} data-testid="viewer" data-state={viewer.state}>
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
                {viewer.pointing && (
                  <small class="pointing" data-testid="viewer-pointing">
                    {t.pointing}
                  </small>
                )}
              </div>
              {viewer.state === 'waiting' ? (
                <>
                  <button class="small primary" data-testid="admit" aria-label={t.letInViewer(viewer.code)} onClick={() => void actions.admit(viewer.id, true)}>
                    {t.letIn}
                  </button>
                  <button class="small" data-testid="deny" aria-label={t.denyViewer(viewer.code)} onClick={() => void actions.admit(viewer.id, false)}>
                    {t.deny}
                  </button>
                </>
              ) : (
                <>
                  {session.pointing && (
                    <button class="small icon" data-testid="viewer-point" aria-pressed={viewer.canPoint} aria-label={t.allowPointing(viewer.code)} title={t.allowPointing(viewer.code)} onClick={() => void actions.viewerPointing(viewer.id, !viewer.canPoint)}>
                      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                        <path d="M3 2l10 5-4.2 1.3L7 13z" fill="currentColor" />
                      </svg>
                    </button>
                  )}
                  <button class="small" data-testid="kick" aria-label={t.kickViewer(viewer.code)} onClick={() => void actions.kick(viewer.id)}>
                    {t.kick}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <Departures left={left} />
      <Sources session={session} actions={actions} />
      <div class="row">
        <button class={session.paused ? 'primary' : ''} data-testid="pause" onClick={() => void actions.pause(!session.paused)}>
          {session.paused ? t.resume : t.pause}
        </button>
        <button data-testid="lock" aria-pressed={session.locked} title={t.lockHelp} onClick={() => void actions.lock(!session.locked)}>
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

/** Waiting viewers that went away (page closed or stalled) before the host let them in or not. */
function Departures({ left }: { left: Departure[] }) {
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

/** The link as a QR code, dark on light whatever the theme, with its quiet zone, for a phone's camera. */
function QrCode({ link }: { link: string }) {
  const drawing = useMemo(() => drawQr(link), [link]);
  if (!drawing) return null;
  const pixels = qrPixels(drawing.size);
  return (
    <svg class="qr" data-testid="qr-code" role="img" aria-label={popupText().qrLabel} width={pixels} height={pixels} viewBox={`0 0 ${drawing.size} ${drawing.size}`} shape-rendering="crispEdges">
      <rect width={drawing.size} height={drawing.size} fill="#fff" />
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
