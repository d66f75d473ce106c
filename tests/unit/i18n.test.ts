import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chromeMessages } from '../../src/shared/i18n/chrome-messages';
import { en, type Messages } from '../../src/shared/i18n/en';
import { formatNumber, formatTime, plural, pluralForm, type Plural } from '../../src/shared/i18n/format';
import { ko } from '../../src/shared/i18n/ko';
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from '../../src/shared/i18n/languages';
import { pickLanguage, queryLanguage } from '../../src/shared/i18n/pick';
import { choosePopupLanguage, describePopupError, popupLocale, popupText } from '../../src/shared/i18n/popup';
import { chooseViewerLanguage, viewerLocale, viewerText } from '../../src/shared/i18n/viewer';
import { chooseLanguage, describeShareError, locale, text } from '../../src/shared/i18n/strings';

const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];
const isPlural = (value: unknown): value is Plural =>
  typeof value === 'object' &&
  value !== null &&
  'other' in value &&
  Object.keys(value).every((k) => PLURAL_CATEGORIES.includes(k));

/** Every leaf of a catalogue: [path, value]. */
function leaves(value: unknown, at = ''): [string, unknown][] {
  if (typeof value === 'object' && value !== null && !isPlural(value))
    return Object.entries(value).flatMap(([key, inner]) => leaves(inner, at ? `${at}.${key}` : key));
  return [[at, value]];
}

/** The shape of a catalogue: each key, and per leaf its kind (a function with its arity). */
function shape(value: unknown): string[] {
  return leaves(value).map(
    ([at, leaf]) =>
      `${at}: ${typeof leaf === 'function' ? `function/${leaf.length}` : isPlural(leaf) ? 'plural' : typeof leaf}`,
  );
}

/** What a sentence is called with, in the tests: a settings problem carries every figure a sentence may ask for. */
const SAMPLE = '⟨x⟩';
const problemSample = (code: string) => ({
  code,
  value: SAMPLE,
  server: 2,
  max: 50,
  min: 1,
  maxMinutes: 1440,
  name: 'username',
});

/** Every language's whole catalogue: the extension's part (LANGUAGES) and the viewer's. */
const LANGUAGE_ENTRIES = Object.entries({ en, ko } satisfies Record<Language, Messages>) as [Language, Messages][];

describe('the catalogues', () => {
  it('are all the shape of the English one, deeply: the same keys, functions with the same arity', () => {
    for (const [language, messages] of LANGUAGE_ENTRIES) expect(shape(messages), language).toEqual(shape(en));
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'ko']);
    // The extension bundles its part alone: everything but the viewer's sentences.
    for (const [language, messages] of LANGUAGE_ENTRIES)
      expect({ ...LANGUAGES[language], viewer: messages.viewer }, language).toEqual(messages);
    expect('viewer' in LANGUAGES.ko).toBe(false);
  });

  it.each(LANGUAGE_ENTRIES)('%s: every sentence is text, and a parameter shows up in it', (language, messages) => {
    for (const [at, leaf] of leaves(messages)) {
      if (isPlural(leaf)) {
        const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
        for (const [category, form] of Object.entries(leaf)) {
          expect(categories, `${at}.${category}: not a plural category of ${language}`).toContain(category);
          expect(form.split('{n}'), `${at}.${category} has {n} once`).toHaveLength(2);
        }
        continue;
      }
      const said =
        typeof leaf === 'function'
          ? at.startsWith('settings.')
            ? leaf(problemSample(at.slice('settings.'.length)))
            : leaf(...Array.from({ length: leaf.length }, () => SAMPLE))
          : leaf;
      expect(typeof said, at).toBe('string');
      expect((said as string).trim(), at).not.toBe('');
      expect(said, at).not.toMatch(/undefined|NaN|\[object/);
      if (typeof leaf === 'function' && leaf.length > 0 && !at.startsWith('settings.'))
        expect(said, at).toContain(SAMPLE);
    }
  });

  it('Korean is Korean: every sentence has Hangul, except names and signs that are the same in both', () => {
    const same = new Set([
      'manifest.name',
      'popup.title',
      'badge.paused',
      'badge.starting',
      'badge.error',
      'viewer.stats.unknown',
    ]);
    for (const [at, leaf] of leaves(ko)) {
      if (same.has(at)) continue;
      const said = isPlural(leaf)
        ? leaf.other
        : typeof leaf === 'function'
          ? at.startsWith('settings.')
            ? leaf(problemSample(at.slice(9)))
            : leaf(...Array.from({ length: leaf.length }, () => SAMPLE))
          : leaf;
      expect(said, at).toMatch(/[\uac00-\ud7a3]/);
    }
  });

  it('Korean keeps its terms: 시청자, 설정, 중지, 확인 단어 (no 뷰어, 세팅, 인증 단어; 정지 only in 일시정지)', () => {
    const all = leaves(ko)
      .map(([at, leaf]) =>
        isPlural(leaf)
          ? leaf.other
          : typeof leaf === 'function'
            ? leaf(at.startsWith('settings.') ? problemSample(at.slice(9)) : SAMPLE, SAMPLE)
            : String(leaf),
      )
      .join('\n');
    for (const avoided of ['뷰어', '세팅', '인증 단어', '검증 단어', '스트리밍']) expect(all).not.toContain(avoided);
    expect(all.replaceAll('일시정지', '')).not.toContain('정지');
    expect(ko.viewer.codeLabel).toBe('확인 단어');
    expect(ko.popup.settings).toBe('설정');
  });

  it('say "media server" in both languages: the settings page, every problem, and the popup\'s badge and notices', () => {
    const mediaKeys = (messages: Messages) => [
      ...Object.keys(messages.options).filter((k) => k.startsWith('mediaServer')),
      ...Object.keys(messages.settings).filter((k) => k.startsWith('media-server-')),
      ...Object.keys(messages.popup).filter((k) => /mediaServer/i.test(k)),
    ];
    expect(mediaKeys(en)).toHaveLength(8 + 8 + 4);
    expect(mediaKeys(ko)).toEqual(mediaKeys(en));
    expect(ko.options.mediaServer).toBe('미디어 서버');
    expect(ko.options.mediaServerOn).toContain('미디어 서버');
    for (const messages of [en, ko]) {
      for (const sentence of [messages.popup.mediaServerUnreachable, messages.popup.mediaServerLost])
        expect(sentence).toMatch(/P2P|peer to peer/);
    }
    expect(plural('en', 1, en.popup.viaMediaServerCount)).toBe('1 via media server');
    expect(plural('ko', 12, ko.popup.viaMediaServerCount)).toBe('12명 미디어 서버 경유');
  });

  it('never translates the verification words: the Korean help says to compare them as shown', () => {
    expect(ko.popup.codeHelp).toContain('보이는 그대로');
    expect(ko.viewer.codeHelp).toContain('보이는 그대로');
  });
});

describe("Chrome's messages.json, made from the catalogues", () => {
  const manifest = readFileSync(path.resolve(import.meta.dirname, '../../manifest.json'), 'utf8');
  const placeholders = [...manifest.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);

  it('has every __MSG_x__ of manifest.json, in every language, and nothing else', () => {
    expect(JSON.parse(manifest)).toMatchObject({
      default_locale: FALLBACK_LANGUAGE,
      name: '__MSG_name__',
      description: '__MSG_description__',
      action: { default_title: '__MSG_actionTitle__' },
    });
    expect(new Set(placeholders)).toEqual(
      new Set(['name', 'description', 'actionTitle', 'executeAction', 'sharePicked', 'shareCamera']),
    );
    for (const [language, messages] of LANGUAGE_ENTRIES) {
      const chrome = chromeMessages(messages);
      expect(Object.keys(chrome).sort(), language).toEqual([...new Set(placeholders)].sort());
      for (const name of placeholders) expect(chrome[name]!.message.trim(), `${language} ${name}`).not.toBe('');
      // Chrome's limits: a name of at most 75 characters, a description of at most 132.
      expect(chrome.name!.message.length).toBeLessThanOrEqual(75);
      expect(chrome.description!.message.length).toBeLessThanOrEqual(132);
    }
  });

  it("is the catalogue's manifest part, word for word, with $ written as $$", () => {
    expect(chromeMessages(ko)).toEqual(
      Object.fromEntries(Object.entries(ko.manifest).map(([name, message]) => [name, { message }])),
    );
    expect(chromeMessages(en).sharePicked).toEqual({ message: en.menu.picked });
    expect(chromeMessages({ ...en, manifest: { ...en.manifest, description: 'Costs $5, or $$' } }).description).toEqual(
      { message: 'Costs $$5, or $$$$' },
    );
  });
});

describe('picking the language', () => {
  const supported: Language[] = ['en', 'ko'];
  afterEach(() => {
    chooseLanguage(['en']);
    chooseViewerLanguage('', ['en']);
  });

  it('ko-anything is Korean, everything else English; the first language we speak wins', () => {
    expect(pickLanguage(['ko-KR'], supported, 'en')).toEqual({ language: 'ko', locale: 'ko-KR' });
    expect(pickLanguage(['ko'], supported, 'en')).toEqual({ language: 'ko', locale: 'ko' });
    expect(pickLanguage(['KO_kr'], supported, 'en')).toMatchObject({ language: 'ko' });
    expect(pickLanguage(['en-GB'], supported, 'en')).toEqual({ language: 'en', locale: 'en-GB' });
    expect(pickLanguage(['fr'], supported, 'en')).toEqual({ language: 'en', locale: 'en' });
    expect(pickLanguage(['fr-FR', 'ko-KR', 'en-US'], supported, 'en')).toMatchObject({ language: 'ko' });
    expect(pickLanguage([], supported, 'en')).toEqual({ language: 'en', locale: 'en' });
    expect(pickLanguage([null, '', 'kok'], supported, 'en')).toMatchObject({ language: 'en' }); // Konkani is not Korean
  });

  it("the extension follows Chrome's UI language", () => {
    expect(text()).toBe(LANGUAGES.en);
    expect(chooseLanguage(['ko-KR']).language).toBe('ko');
    expect(text()).toBe(LANGUAGES.ko);
    expect(locale()).toBe('ko-KR');
    chooseLanguage(['de-DE']);
    expect(text()).toBe(LANGUAGES.en);
  });

  it('the viewer follows the browser, and ?lang= in its address before that', () => {
    expect(queryLanguage('?lang=ko')).toBe('ko');
    expect(queryLanguage('?x=1')).toBeNull();
    expect(chooseViewerLanguage('', ['ko-KR', 'en-US']).language).toBe('ko');
    expect(viewerText()).toBe(ko.viewer);
    expect(viewerLocale()).toBe('ko-KR');
    expect(chooseViewerLanguage('', ['en-GB', 'ko']).language).toBe('en');
    expect(viewerText()).toBe(en.viewer);
    expect(chooseViewerLanguage('?lang=ko', ['en-US']).language).toBe('ko');
    expect(chooseViewerLanguage('?lang=en', ['ko-KR']).language).toBe('en');
    expect(chooseViewerLanguage('?lang=xx', ['ko-KR']).language).toBe('ko'); // not one of ours: the browser decides
    expect(chooseViewerLanguage('?x=1&lang=ko-KR', []).language).toBe('ko');
    for (const [language, messages] of LANGUAGE_ENTRIES) {
      chooseViewerLanguage(`?lang=${language}`, []);
      expect(viewerText()).toBe(messages.viewer);
    }
  });
});

describe('formatting with Intl', () => {
  it("plurals by the language's rules: English one and other, Korean none", () => {
    expect(plural('en', 1, en.popup.watching)).toBe('1 person watching');
    expect(plural('en', 0, en.popup.watching)).toBe('0 people watching');
    expect(plural('en', 2, en.popup.watching)).toBe('2 people watching');
    expect(plural('en', 1000, en.popup.watching)).toBe('1,000 people watching');
    expect(plural('ko', 1, ko.popup.watching)).toBe('1명 시청 중');
    expect(plural('ko', 2, ko.popup.watching)).toBe('2명 시청 중');
    expect(pluralForm('en', 1, en.popup.watching)).toBe('{n} person watching');
    // A language with more forms picks its own; a missing one falls back to `other`.
    expect(pluralForm('pl', 3, { one: '{n} a', few: '{n} b', other: '{n} c' })).toBe('{n} b');
    expect(pluralForm('pl', 3, { other: '{n} c' })).toBe('{n} c');
  });

  it("times of day the locale's way (the popup's stops at…)", () => {
    const at = new Date(2025, 0, 2, 14, 5);
    expect(formatTime('en-US', at)).toMatch(/^02:05\sPM$/);
    expect(formatTime('en-GB', at)).toBe('14:05');
    // Chrome writes 오후 02:05; some Node builds' ICU data lack Korean day periods and write PM.
    expect(formatTime('ko', at)).toMatch(/^(오후|PM)\s0?2:05$/);
    expect(formatTime('ko', at)).toBe(new Intl.DateTimeFormat('ko', { hour: '2-digit', minute: '2-digit' }).format(at));
    expect(en.popup.stopsAt(formatTime('en-GB', at))).toBe('stops at 14:05');
    expect(ko.popup.stopsAt(formatTime('ko-KR', at))).toMatch(/^(오후|PM)\s0?2:05에 자동 중지$/);
  });

  it("figures the locale's way, with fixed decimals", () => {
    expect(formatNumber('en', 2.5, 2)).toBe('2.50');
    expect(formatNumber('ko', 1234.5, 1)).toBe('1,234.5');
    expect(formatNumber('de', 1234.5, 1)).toBe('1.234,5');
    expect(formatNumber('en', 41.6)).toBe('42');
  });
});

describe("the popup's part", () => {
  it("is the catalogue's popup, errors and settings in the language chosen, and puts failures in the same words", async () => {
    for (const [language, messages] of LANGUAGE_ENTRIES) {
      await choosePopupLanguage([language === 'ko' ? 'ko-KR' : 'en-US']);
      chooseLanguage([language]);
      expect(popupText()).toBe(messages.popup);
      const failures = [
        { code: 'broker-unreachable', detail: 'https://peer.example/' },
        { code: 'capture-failed', detail: 'raw library words' },
        { code: 'internal' },
      ] as const;
      for (const error of failures)
        expect(describePopupError(error), `${language} ${error.code}`).toBe(describeShareError(error));
    }
    expect((await choosePopupLanguage(['fr'])).language).toBe('en');
    expect(popupLocale()).toBe('en');
  });
});
