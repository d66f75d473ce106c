// The Session lives in storage.session: it survives service-worker restarts, dies with the
// browser, and is readable by extension pages (the popup) but not by content scripts.
import { IDLE, isSession, type Session } from '../shared/session';
import browser from './browser';

const KEY = 'session';

export const sessionStore = {
  async get(): Promise<Session> {
    const stored = (await browser.storage.session.get(KEY))[KEY];
    return isSession(stored) ? stored : IDLE;
  },
  async set(session: Session): Promise<void> {
    await browser.storage.session.set({ [KEY]: session });
  },
  /** Calls back with the current Session and then every change; returns an unsubscribe. */
  watch(callback: (session: Session) => void): () => void {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && KEY in changes)
        callback(isSession(changes[KEY].newValue) ? changes[KEY].newValue : IDLE);
    };
    browser.storage.onChanged.addListener(listener);
    void sessionStore.get().then(callback);
    return () => browser.storage.onChanged.removeListener(listener);
  },
};
