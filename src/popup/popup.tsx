// The popup: shows the Session (read from storage, never held here) and sends requests.
import { useEffect, useState } from 'preact/hooks';
import { toShareError } from '../shared/errors';
import { PRESETS, type Preset } from '../shared/quality';
import type { Session } from '../shared/session';
import { describeShareError, popupText as t } from '../shared/strings';

export interface PopupActions {
  stop(): Promise<void>;
  lock(locked: boolean): Promise<void>;
  pause(paused: boolean): Promise<void>;
  admit(viewerId: string, allow: boolean): Promise<void>;
  kick(viewerId: string): Promise<void>;
  dismiss(): Promise<void>;
  shareActiveTab(): Promise<void>;
  /** Chrome's picker (screen, window, tab) or the camera: starts, or switches while live. */
  share(kind: 'picked' | 'camera'): Promise<void>;
  mic(on: boolean): Promise<void>;
  muteForMe(muted: boolean): Promise<void>;
  quality(preset: Preset): Promise<void>;
  activeTabId(): Promise<number | null>;
  copy(text: string): Promise<void>;
  openViewer(link: string): Promise<void>;
  openSettings(): Promise<void>;
}

export function Popup({ watch, actions }: { watch: (cb: (s: Session) => void) => () => void; actions: PopupActions }) {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => watch(setSession), [watch]);
  if (!session) return null;

  return (
    <main class={`popup ${session.state}`}>
      <header>
        <h1>{t.title}</h1>
        <button class="link" onClick={() => void actions.openSettings()}>
          {t.settings}
        </button>
      </header>
      {session.state === 'live' ? (
        <Live session={session} actions={actions} />
      ) : session.state === 'error' ? (
        <section>
          <p class="status error" data-testid="status" role="alert">
            {describeShareError(session.error)}
          </p>
          <div class="row">
            <button class="primary wide" onClick={() => void actions.shareActiveTab()}>
              {t.tryAgain}
            </button>
            <button onClick={() => void actions.dismiss().then(() => window.close())}>{t.dismiss}</button>
          </div>
        </section>
      ) : session.state === 'starting' ? (
        <section>
          <p class="status" data-testid="status">
            {t.starting}
          </p>
          <button class="wide" data-testid="cancel" onClick={() => void actions.stop()}>
            {t.cancel}
          </button>
        </section>
      ) : (
        <section>
          <p class="status" data-testid="status">
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

/** Runs a popup action and keeps its failure in words (a closed picker is not a failure). */
function useAction(): [string | null, (task: () => Promise<void>) => void] {
  const [problem, setProblem] = useState<string | null>(null);
  const run = (task: () => Promise<void>) => {
    setProblem(null);
    task().catch((error: unknown) => {
      const shareError = toShareError(error);
      if (shareError.code !== 'cancelled') setProblem(describeShareError(shareError));
    });
  };
  return [problem, run];
}

function OtherSources({ actions, run = (task) => void task() }: { actions: PopupActions; run?: (task: () => Promise<void>) => void }) {
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
  const [activeTabId, setActiveTabId] = useState<number | null>(null);
  const [problem, run] = useAction();
  useEffect(() => void actions.activeTabId().then(setActiveTabId), [actions]);
  const { source } = session;
  const onThisTab = source.kind === 'tab' && source.tabId === activeTabId;
  // A checkbox shows the Session, not the click: it flips when the share has actually changed.
  const toggle = (event: Event, task: () => Promise<void>) => {
    event.preventDefault();
    run(task);
  };
  return (
    <section class="sources">
      <p data-testid="source">
        {t.showing} <strong>{source.kind === 'tab' && !onThisTab ? t.sharedTab : t.source[source.kind]}</strong>
      </p>
      {!onThisTab && (
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
        <p class="status error" role="alert" data-testid="source-error">
          {problem}
        </p>
      )}
    </section>
  );
}

function Live({ session, actions }: { session: Extract<Session, { state: 'live' }>; actions: PopupActions }) {
  const [copied, setCopied] = useState(false);
  const elapsed = useElapsed(session.startedAt);
  const count = session.viewers.filter((v) => v.state === 'watching').length;

  const copy = async () => {
    await actions.copy(session.link);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section>
      <p class="status live" data-testid="status">
        <span class="dot" aria-hidden="true" /> {session.paused ? t.paused : t.live} · <span data-testid="elapsed">{elapsed}</span>
        {session.locked && <span class="muted"> · {t.locked}</span>}
      </p>
      {!session.brokerOnline && (
        <p class="warning" role="status" data-testid="broker-warning">
          {t.brokerLost}
        </p>
      )}
      <label for="link">{t.linkLabel}</label>
      <div class="row">
        <input id="link" data-testid="share-link" readOnly value={session.link} onFocus={(e) => e.currentTarget.select()} />
        <button data-testid="copy-link" onClick={() => void copy()}>
          {copied ? t.copied : t.copy}
        </button>
      </div>
      <p class="viewers">
        <strong data-testid="viewer-count">{count}</strong> {t.watching(count)}
        {session.expiresAt !== null && <span class="muted"> · {t.stopsAt(new Date(session.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))}</span>}
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
              </div>
              {viewer.state === 'waiting' ? (
                <>
                  <button class="small primary" data-testid="admit" onClick={() => void actions.admit(viewer.id, true)}>
                    {t.letIn}
                  </button>
                  <button class="small" data-testid="deny" onClick={() => void actions.admit(viewer.id, false)}>
                    {t.deny}
                  </button>
                </>
              ) : (
                <button class="small" data-testid="kick" onClick={() => void actions.kick(viewer.id)}>
                  {t.kick}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Sources session={session} actions={actions} />
      <div class="row">
        <button data-testid="pause" aria-pressed={session.paused} onClick={() => void actions.pause(!session.paused)}>
          {session.paused ? t.resume : t.pause}
        </button>
        <button data-testid="lock" aria-pressed={session.locked} onClick={() => void actions.lock(!session.locked)}>
          {session.locked ? t.unlock : t.lock}
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

function useElapsed(since: number): string {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return formatElapsed(now - since);
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
