import { describe, expect, it } from 'vitest';
import { DETAIL_SHOWN, FIXED_IN_SETTINGS, toShareError, type ErrorCode } from '../../src/shared/errors';
import { en } from '../../src/shared/i18n/en';
import { LANGUAGES } from '../../src/shared/i18n/languages';
import { encodeFieldErrors } from '../../src/shared/field-errors';
import { validateSettings, POLICY_DEFAULTS, type FieldError } from '../../src/shared/settings';
import { describeShareError } from '../../src/shared/i18n/strings';

const CODES = Object.keys(en.errors) as ErrorCode[];
const defaults = { viewerUrl: 'https://watch.example/', broker: null, iceServers: null, ...POLICY_DEFAULTS };

describe.each(Object.entries(LANGUAGES))('what the popup says about a failure, in %s', (_, words) => {
  const say = (code: ErrorCode, detail?: string) =>
    describeShareError(detail === undefined ? { code } : { code, detail }, words);

  it("names the broker or the bad setting, which are TabBeam's own words", () => {
    expect(say('broker-unreachable', 'http://127.0.0.1:9/')).toContain('http://127.0.0.1:9/');
    expect(say('broker-rejected', 'http://127.0.0.1:9/')).toContain('http://127.0.0.1:9/');
    // Stored settings that do not validate reach the popup as codes, and are put in its words.
    const result = validateSettings({ iceServers: [{ urls: ['http://x'] }], maxViewers: 0 }, defaults);
    const problems = (result.ok ? [] : result.errors) as FieldError[];
    const said = say('bad-settings', encodeFieldErrors(problems));
    expect(said).toContain('"http://x"');
    expect(said).toContain(words.settings['max-viewers']({ code: 'max-viewers', max: 50 }));
    expect(said).not.toContain('"code"');
  });

  it("never shows a browser's or library's message", () => {
    const raw = 'Lost connection to server.';
    for (const code of CODES.filter((c) => !DETAIL_SHOWN.includes(c))) {
      expect(say(code, raw)).toBe(say(code));
      expect(say(code, raw)).not.toContain(raw);
    }
    // A bad-settings detail that is not our codes (an old English message, a library's) is left out too.
    expect(say('bad-settings', raw)).toBe(say('bad-settings'));
    // Anything thrown that is not one of ours is "internal", with its message kept out of sight.
    expect(describeShareError(toShareError(new TypeError('x is undefined')), words)).toBe(say('internal'));
  });

  it('says something for every failure, and what to do where the user can act', () => {
    for (const code of CODES) expect(say(code).length).toBeGreaterThan(20);
    // Every failure fixed in Settings says so (the popup adds the button), in the button's word.
    for (const code of FIXED_IN_SETTINGS) expect(say(code)).toContain(words.popup.settings);
  });
});

it('speaks English until an extension page has chosen its language', () => {
  expect(describeShareError({ code: 'cancelled' })).toBe(en.errors.cancelled());
});
