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

let chosen: { choice: Choice<Language>; words: PopupMessages } | null = null;

/** Chrome's UI language (platform/i18n.ts uiLanguage()) → the popup's words from now on, once loaded. */
export async function choosePopupLanguage(tags: readonly string[]): Promise<Choice<Language>> {
  const choice = pickLanguage(tags, Object.keys(POPUP_TEXT) as Language[], 'en');
  chosen = { choice, words: await POPUP_TEXT[choice.language]() };
  return choice;
}

function current(): NonNullable<typeof chosen> {
  if (!chosen) throw new Error('choosePopupLanguage() first: the popup has no words yet');
  return chosen;
}

export const popupText = (): PopupMessages['popup'] => current().words.popup;
export const popupLocale = (): string => current().choice.locale;
export const describePopupError = (error: ShareError): string => describeError(error, current().words);
