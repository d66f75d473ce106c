import { describe, expect, it } from 'vitest';
import { isCapturable, resolveSource, sourceOf } from '../../src/background/share-source';
import { AppError } from '../../src/shared/errors';

const streamIdFor = async (tabId: number) => `stream-${tabId}`;

describe("share source: from the user's choice to what is shared", () => {
  it('a tab gets its stream id and its size; the picker and the camera need nothing yet', async () => {
    const tab = { kind: 'tab', tab: { id: 3, url: 'https://example.com/', width: 1280, height: 720 } } as const;
    expect(await resolveSource(tab, streamIdFor)).toEqual({
      kind: 'tab',
      tabId: 3,
      streamId: 'stream-3',
      size: { width: 1280, height: 720 },
    });
    expect(await resolveSource({ kind: 'tab', tab: { id: 4 } }, streamIdFor)).toMatchObject({ size: null });
    expect(await resolveSource({ kind: 'picked' }, streamIdFor)).toEqual({ kind: 'picked' });
    expect(await resolveSource({ kind: 'camera' }, streamIdFor)).toEqual({ kind: 'camera' });
  });

  it('refuses the Web Store before asking Chrome for a stream', async () => {
    const asked: number[] = [];
    const choice = { kind: 'tab', tab: { id: 5, url: 'https://chromewebstore.google.com/detail/x' } } as const;
    const error = await resolveSource(choice, async (id) => String(asked.push(id))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not-capturable');
    expect(asked).toEqual([]);
    expect(isCapturable('https://chrome.google.com/webstore/category')).toBe(false);
  });

  it('records a tab by its id, and the other kinds by kind', () => {
    expect(sourceOf({ kind: 'tab', tab: { id: 3, url: 'https://example.com/' } })).toEqual({ kind: 'tab', tabId: 3 });
    expect(sourceOf({ kind: 'camera' })).toEqual({ kind: 'camera' });
  });
});
