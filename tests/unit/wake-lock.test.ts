import { describe, expect, it, vi } from 'vitest';
import { wakeLock, type WakeLockState } from '../../src/viewer/wake-lock';

/** Like the browser's: a lock is released by its holder, or by the browser when the page is hidden. */
class FakeSentinel extends EventTarget {
  released = false;
  async release() {
    if (this.released) return;
    this.released = true;
    this.dispatchEvent(new Event('release'));
  }
}

function setup({ refuse = false } = {}) {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const sentinels: FakeSentinel[] = [];
  const api = {
    request: vi.fn(async () => {
      if (refuse) throw new DOMException('denied', 'NotAllowedError');
      const s = new FakeSentinel();
      sentinels.push(s);
      return s;
    }),
  };
  const states: WakeLockState[] = [];
  const lock = wakeLock({ wakeLock: api, document, onChange: (s) => states.push(s) });
  const hide = async () => {
    document.visibilityState = 'hidden';
    await sentinels.at(-1)?.release(); // the browser lets go of it
    document.dispatchEvent(new Event('visibilitychange'));
  };
  const show = () => {
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
  };
  return { api, lock, states, sentinels, hide, show, document };
}

describe('screen wake lock', () => {
  it('is held while wanted and released when the share ends', async () => {
    const { api, lock, states, sentinels } = setup();
    expect(states).toEqual(['released']);
    lock.want(true);
    await vi.waitFor(() => expect(states.at(-1)).toBe('held'));
    expect(api.request).toHaveBeenCalledWith('screen');
    lock.want(true); // live again after a pause: no second lock
    expect(api.request).toHaveBeenCalledTimes(1);
    lock.want(false);
    expect(sentinels[0]!.released).toBe(true);
    expect(states.at(-1)).toBe('released');
  });

  it('is taken again when the page shows after being hidden, only while still wanted', async () => {
    const { api, lock, states, hide, show } = setup();
    lock.want(true);
    await vi.waitFor(() => expect(states.at(-1)).toBe('held'));
    await hide();
    expect(states.at(-1)).toBe('released');
    expect(api.request).toHaveBeenCalledTimes(1); // not while hidden
    show();
    await vi.waitFor(() => expect(states.at(-1)).toBe('held'));
    expect(api.request).toHaveBeenCalledTimes(2);
    lock.want(false);
    await hide();
    show();
    await new Promise((r) => setTimeout(r, 0));
    expect(api.request).toHaveBeenCalledTimes(2);
    expect(states.at(-1)).toBe('released');
  });

  it('lets go of a lock granted after the share had already ended', async () => {
    const { lock, sentinels, states } = setup();
    lock.want(true);
    lock.want(false); // before the request resolved
    await vi.waitFor(() => expect(sentinels[0]?.released).toBe(true));
    expect(states).not.toContain('held');
  });

  it('says when the browser refuses or has no wake lock', async () => {
    const refused = setup({ refuse: true });
    refused.lock.want(true);
    await vi.waitFor(() => expect(refused.states.at(-1)).toBe('refused'));
    const states: WakeLockState[] = [];
    const none = wakeLock({ document: new EventTarget() as unknown as Document, onChange: (s) => states.push(s) });
    none.want(true);
    expect(states).toEqual(['unsupported']);
  });

  it('stops listening when disposed', async () => {
    const { api, lock, states, hide, show, sentinels } = setup();
    lock.want(true);
    await vi.waitFor(() => expect(states.at(-1)).toBe('held'));
    lock.dispose();
    expect(sentinels[0]!.released).toBe(true);
    await hide();
    show();
    expect(api.request).toHaveBeenCalledTimes(1);
  });
});
