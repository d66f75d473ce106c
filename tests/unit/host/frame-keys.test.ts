import { describe, expect, it } from 'vitest';
import { createFrameKeys } from '../../../src/offscreen/host/frame-keys';

describe('frame keys', () => {
  it('starts from key 0, derived and never sent, and each rotation makes a fresh key with the next ID', async () => {
    const keys = createFrameKeys('s'.repeat(26), 'p'.repeat(26));
    expect(keys.latest()).toBeNull();
    const first = await keys.current();
    expect(first).toMatchObject({ id: 0, raw: '' });
    expect(await keys.current()).toBe(first); // derived once
    const second = await keys.rotate();
    expect(second.id).toBe(1);
    expect(second.raw).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keys.latest()).toBe(second);
    expect(await keys.current()).toBe(second);
    const third = await keys.rotate();
    expect(third.id).toBe(2);
    expect(third.raw).not.toBe(second.raw);
  });
});
