// The extension's words: the catalogue of Chrome's UI language (src/shared/i18n), chosen once by
// each entry point (popup, options page, service worker) before it shows anything. The viewer
// site has its own, smaller choice (viewer.ts).
import type { ShareError } from '../errors';
import type { ExtensionMessages as Messages } from './en';
import { describeError } from './describe';
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from './languages';
import { pickLanguage, type Choice } from './pick';

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

/** The sentence for a failure, in the chosen language (i18n/describe.ts). */
export function describeShareError(error: ShareError, words: Pick<Messages, 'errors' | 'settings'> = text()): string {
  return describeError(error, words);
}
