// The offscreen document's life: one at a time, and a new share never talks to one on its way out.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offscreenDocument } from '../../src/platform/offscreen-document';

/** Chrome's offscreen API as far as it matters here: one document, slow to create and to close. */
function fakeChrome() {
  const log: string[] = [];
  let open = false;
  let release: () => void = () => undefined;
  const slow = () => new Promise<void>((resolve) => (release = resolve));
  const chrome = {
    runtime: {
      ContextType: { OFFSCREEN_DOCUMENT: 'OFFSCREEN_DOCUMENT' },
      getContexts: async () => (open ? [{}] : []),
    },
    offscreen: {
      Reason: {
        USER_MEDIA: 'USER_MEDIA',
        DISPLAY_MEDIA: 'DISPLAY_MEDIA',
        AUDIO_PLAYBACK: 'AUDIO_PLAYBACK',
        CLIPBOARD: 'CLIPBOARD',
      },
      async createDocument() {
        if (open) throw new Error('Only a single offscreen document may be created.');
        log.push('create');
        await slow();
        open = true;
      },
      async closeDocument() {
        if (!open) throw new Error('No current offscreen document.');
        log.push('close');
        await slow();
        open = false;
      },
    },
  };
  return { chrome, log, isOpen: () => open, release: () => release() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('offscreenDocument', () => {
  let fake: ReturnType<typeof fakeChrome>;
  beforeEach(() => {
    fake = fakeChrome();
    vi.stubGlobal('chrome', fake.chrome);
  });
  afterEach(() => vi.unstubAllGlobals());

  /** Lets Chrome finish the slow step that `pending` is waiting on. */
  async function finish(pending: Promise<unknown>) {
    await tick();
    fake.release();
    await pending;
  }

  it('creates one document however many opens race', async () => {
    await finish(Promise.all([offscreenDocument.open(), offscreenDocument.open()]));
    expect(fake.log).toEqual(['create']);
    expect(fake.isOpen()).toBe(true);
  });

  it('says goodbye through the document before closing it, and only if there is one', async () => {
    const farewell = vi.fn(async () => fake.log.push('farewell'));
    await offscreenDocument.close(farewell);
    expect(farewell).not.toHaveBeenCalled();

    await finish(offscreenDocument.open());
    await finish(offscreenDocument.close(farewell));
    expect(fake.log).toEqual(['create', 'farewell', 'close']);
    expect(fake.isOpen()).toBe(false);
  });

  it('a start while the old document is closing waits, then gets a new document', async () => {
    await finish(offscreenDocument.open());

    const closing = offscreenDocument.close(async () => undefined);
    await tick();
    const reopening = offscreenDocument.open(); // would otherwise see the closing document as usable
    await tick();
    expect(fake.log).toEqual(['create', 'close']);
    fake.release();
    await closing;
    await finish(reopening);
    expect(fake.log).toEqual(['create', 'close', 'create']);
    expect(fake.isOpen()).toBe(true);
  });

  it('a farewell that fails still closes the document', async () => {
    await finish(offscreenDocument.open());
    await finish(offscreenDocument.close(() => Promise.reject(new Error('no receiver'))));
    expect(fake.isOpen()).toBe(false);
  });
});
