// The popup: shows the Session (read from storage, never held here) and sends requests.
import { useEffect, useState } from 'preact/hooks';
import { FIXED_IN_SETTINGS } from '../shared/errors';
import { describePopupError, popupText } from '../shared/i18n/popup';
import type { Session } from '../shared/session';
import { SettingsFix } from './action-problem';
import type { PopupActions } from './actions';
import { Live } from './live';
import { OtherSources } from './sources';

type Watch = (cb: (s: Session) => void) => () => void;

export function Popup({ watch, actions }: { watch: Watch; actions: PopupActions }) {
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
          <p
            class="status error"
            data-testid="status"
            data-state={session.state}
            data-code={session.error.code}
            role="alert"
          >
            {describePopupError(session.error)}
          </p>
          <SettingsFix error={session.error} actions={actions} />
          <div class="row">
            <button
              class={FIXED_IN_SETTINGS.includes(session.error.code) ? 'wide' : 'primary wide'}
              data-testid="try-again"
              onClick={() => void actions.shareActiveTab()}
            >
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
