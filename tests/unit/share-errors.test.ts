import { describe, expect, it } from 'vitest';
import { DETAIL_SHOWN, FIXED_IN_SETTINGS, toShareError, type ErrorCode } from '../../src/shared/errors';
import { describeShareError, shareErrorText } from '../../src/shared/strings';

const CODES = Object.keys(shareErrorText) as ErrorCode[];

describe('what the popup says about a failure', () => {
  it("names the broker or the bad setting, which are TabBeam's own words", () => {
    expect(describeShareError({ code: 'broker-unreachable', detail: 'http://127.0.0.1:9/' })).toContain('http://127.0.0.1:9/');
    expect(describeShareError({ code: 'broker-rejected', detail: 'http://127.0.0.1:9/' })).toContain('http://127.0.0.1:9/');
    const invalid = 'ICE server 1: "http://x" is not a stun:, stuns:, turn: or turns: URL.';
    expect(describeShareError({ code: 'bad-settings', detail: invalid })).toContain(invalid);
  });

  it("never shows a browser's or library's message", () => {
    const raw = 'Lost connection to server.';
    for (const code of CODES.filter((c) => !DETAIL_SHOWN.includes(c))) {
      expect(describeShareError({ code, detail: raw })).toBe(describeShareError({ code }));
      expect(describeShareError({ code, detail: raw })).not.toContain(raw);
    }
    // Anything thrown that is not one of ours is "internal", with its message kept out of sight.
    expect(describeShareError(toShareError(new TypeError('x is undefined')))).toBe(describeShareError({ code: 'internal' }));
  });

  it('says something for every failure, and what to do where the user can act', () => {
    for (const code of CODES) expect(describeShareError({ code }).length).toBeGreaterThan(20);
    // Every failure fixed in Settings says so (the popup adds the button).
    for (const code of FIXED_IN_SETTINGS) expect(describeShareError({ code })).toContain('Settings');
  });
});
