// The popup: shows the Session (read from storage, never held here) and sends requests.
import { useEffect, useState } from 'preact/hooks';
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
        <p class="status" data-testid="status">
          {t.starting}
        </p>
      ) : (
        <section>
          <p class="status" data-testid="status">
            {t.idle}
          </p>
          <button class="primary wide" onClick={() => void actions.shareActiveTab()}>
            {t.shareThisTab}
          </button>
        </section>
      )}
    </main>
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
