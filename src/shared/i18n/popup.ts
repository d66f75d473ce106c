// The popup's part of every catalogue, and nothing else (as i18n/viewer.ts is the viewer site's):
// its bundle carries no other surface's sentences.
import type { ShareError } from '../errors';
import { describeError } from './describe';
import type { ExtensionMessages } from './en';
import type { Language } from './languages';
import { pickLanguage, type Choice } from './pick';

export type PopupMessages = Pick<ExtensionMessages, 'popup' | 'errors' | 'settings'>;

/**
 * One chunk per language, and the popup loads only the one it shows (3–3.5 kB gzip each).
 * Record<Language, …>: a language added to LANGUAGES does not compile until it is here too.
 */
const POPUP_TEXT = {
  en: () => import('./en-popup'),
  ko: () => import('./ko-popup'),
} satisfies Record<Language, () => Promise<PopupMessages>>;

let chosen: Choice<Language> = { language: 'en', locale: 'en' };
let words: PopupMessages | null = null;

/** Chrome's UI language (platform/i18n.ts uiLanguage()) → the popup's words from now on, once loaded. */
export async function choosePopupLanguage(tags: readonly string[]): Promise<Choice<Language>> {
  const choice = pickLanguage(tags, Object.keys(POPUP_TEXT) as Language[], 'en');
  words = await POPUP_TEXT[choice.language]();
  chosen = choice;
  return choice;
}

function loaded(): PopupMessages {
  if (!words) throw new Error('choosePopupLanguage() first: the popup has no words yet');
  return words;
}

export const popupText = (): PopupMessages['popup'] => loaded().popup;
export const popupLocale = (): string => chosen.locale;
export const describePopupError = (error: ShareError): string => describeError(error, loaded());
