// The viewer site's part of every catalogue, and nothing else: its bundle carries no extension sentences.
import type { Messages } from './en';
import { viewer as en } from './en';
import { viewer as ko } from './ko';
import type { Language } from './languages';
import { pickLanguage, queryLanguage, type Choice } from './pick';

export type ViewerMessages = Messages['viewer'];

/** Record<Language, …>: a language added to LANGUAGES does not compile until it is here too. */
const VIEWER_TEXT = { en, ko } satisfies Record<Language, ViewerMessages>;
const SUPPORTED = Object.keys(VIEWER_TEXT) as Language[];

let chosen: Choice<Language> = { language: 'en', locale: 'en' };

/** `?lang=ko` in the page's address first, then the browser's languages (navigator.languages). */
export function chooseViewerLanguage(search: string, languages: readonly string[]): Choice<Language> {
  chosen = pickLanguage([queryLanguage(search), ...languages], SUPPORTED, 'en');
  return chosen;
}

export function viewerText(): ViewerMessages {
  return VIEWER_TEXT[chosen.language];
}

export function viewerLocale(): string {
  return chosen.locale;
}
