// Keeps the screen on while a share plays (Screen Wake Lock). The browser releases the lock when
// the page is hidden; it is taken again when the page shows, for as long as the viewer wants it.

/** 'held': the browser granted the lock; 'released': not held (never asked, let go, or lost when hidden). */
export type WakeLockState = 'held' | 'released' | 'refused' | 'unsupported';

interface Sentinel {
  readonly released: boolean;
  release(): Promise<void>;
  addEventListener(type: 'release', listener: () => void): void;
}

export interface WakeLockDeps {
  wakeLock?: { request(type: 'screen'): Promise<Sentinel> };
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
  /** Called with the state at once, then on every change. */
  onChange(state: WakeLockState): void;
}

export interface WakeLock {
  /** true while the share plays: takes the lock (again, when the page shows); false lets it go. */
  want(on: boolean): void;
  dispose(): void;
}

export function wakeLock({ wakeLock: api, document, onChange }: WakeLockDeps): WakeLock {
  let wanted = false;
  let sentinel: Sentinel | null = null;
  let asking = false;
  let state: WakeLockState = api ? 'released' : 'unsupported';
  const set = (next: WakeLockState) => {
    if (next !== state) onChange((state = next));
  };

  async function acquire(): Promise<void> {
    if (!api || !wanted || asking || (sentinel && !sentinel.released) || document.visibilityState !== 'visible') return;
    asking = true;
    try {
      const lock = await api.request('screen');
      if (!wanted) return void lock.release().catch(() => undefined); // the share ended while asking
      sentinel = lock;
      lock.addEventListener('release', () => {
        if (sentinel === lock) set('released');
      });
      set('held');
    } catch {
      set('refused'); // e.g. a battery saver, or a browser policy
    } finally {
      asking = false;
    }
  }

  onChange(state);
  const onVisibility = () => void acquire();
  document.addEventListener('visibilitychange', onVisibility);

  return {
    want(on) {
      wanted = on;
      if (on) return void acquire();
      const lock = sentinel;
      sentinel = null;
      if (lock && !lock.released) void lock.release().catch(() => undefined);
      if (state === 'held') set('released');
    },
    dispose() {
      this.want(false);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
