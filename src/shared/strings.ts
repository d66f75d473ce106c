// The extension's words: the catalogue of Chrome's UI language (src/shared/i18n), chosen once by
// each entry point (popup, options page, service worker) before it shows anything. The viewer
// site has its own, smaller choice (i18n/viewer.ts).
import { DETAIL_SHOWN, type ShareError } from './errors';
import type { ExtensionMessages as Messages } from './i18n/en';
import { describeFieldError } from './i18n/format';
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from './i18n/languages';
import { pickLanguage, type Choice } from './i18n/pick';
import { decodeFieldErrors } from './settings';

let chosen: Choice<Language> = { language: FALLBACK_LANGUAGE, locale: FALLBACK_LANGUAGE };

/** Chrome's UI language (platform/i18n.ts uiLanguage()) → the catalogue used from now on. */
export function chooseLanguage(tags: readonly string[]): Choice<Language> {
  chosen = pickLanguage(tags, Object.keys(LANGUAGES) as Language[], FALLBACK_LANGUAGE);
  return chosen;
}

/** The chosen catalogue (English until chooseLanguage). */
export function text(): Messages {
  return LANGUAGES[chosen.language];
}

/** For Intl: plurals, times, figures. */
export function locale(): string {
  return chosen.locale;
}

/**
 * The sentence for a failure: the detail only where it is ours (DETAIL_SHOWN), never a library's
 * text. A 'bad-settings' detail is the problems as codes (settings.ts encodeFieldErrors), put in
 * words here in the reader's language.
 */
export function describeShareError(error: ShareError, words: Messages = text()): string {
  const describe = words.errors[error.code] ?? words.errors.internal;
  if (!DETAIL_SHOWN.includes(error.code)) return describe();
  if (error.code !== 'bad-settings') return describe(error.detail);
  const problems = decodeFieldErrors(error.detail).map((problem) => describeFieldError(problem, words.settings));
  return describe(problems.filter(Boolean).join(' ') || undefined);
}
