import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verificationCode } from '../../src/shared/proof';

const fingerprint = (i: number) =>
  createHash('sha256').update(String(i)).digest('hex').toUpperCase().match(/../g)!.join(':');

describe('verification code', () => {
  it('is four different words, the same for the same pair of fingerprints', async () => {
    const words = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = await verificationCode(fingerprint(i), fingerprint(i + 1));
      expect(code).toMatch(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/);
      const parts = code.split(' ');
      expect(new Set(parts).size).toBe(4);
      parts.forEach((w) => words.add(w));
      if (i < 20) expect(await verificationCode(fingerprint(i), fingerprint(i + 1))).toBe(code);
    }
    expect(words.size).toBe(64); // every word of the list in use
  });

  it('skips a repeated word where the first four digest bytes would repeat one', async () => {
    // Find pairs whose first four digest bytes pick a word twice (the old "forest forest" codes).
    let repeats = 0;
    for (let i = 0; i < 2000 && repeats < 5; i++) {
      const [host, viewer] = [fingerprint(i), fingerprint(i + 1)];
      const digest = createHash('sha256').update(`tabbeam/1/code\n${host}\n${viewer}`).digest();
      const firstFour = Array.from(digest.subarray(0, 4), (b) => b % 64);
      if (new Set(firstFour).size === 4) continue;
      repeats++;
      expect(new Set((await verificationCode(host, viewer)).split(' ')).size).toBe(4);
    }
    expect(repeats).toBe(5); // ~9 % of pairs: the case is really exercised
  });
});
