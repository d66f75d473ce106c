// The popup's part of every catalogue, and nothing else (as i18n/viewer.ts is the viewer site's):
// its bundle carries no other surface's sentences.
import type { ShareError } from '../errors';
import { describeError } from './describe';
import type { ExtensionMessages } from './en';
import { errors as enErrors, popup as enPopup, settings as enSettings } from './en-popup';
import { errors as koErrors, popup as koPopup, settings as koSettings } from './ko-popup';
import type { Language } from './languages';
import { pickLanguage, type Choice } from './pick';

export type PopupMessages = Pick<ExtensionMessages, 'popup' | 'errors' | 'settings'>;

/** Record<Language, …>: a language added to LANGUAGES does not compile until it is here too. */
const POPUP_TEXT = {
  en: { popup: enPopup, errors: enErrors, settings: enSettings },
  ko: { popup: koPopup, errors: koErrors, settings: koSettings },
} satisfies Record<Language, PopupMessages>;

let chosen: Choice<Language> = { language: 'en', locale: 'en' };

/** Chrome's UI language (platform/i18n.ts uiLanguage()) → the popup's words from now on. */
export function choosePopupLanguage(tags: readonly string[]): Choice<Language> {
  chosen = pickLanguage(tags, Object.keys(POPUP_TEXT) as Language[], 'en');
  return chosen;
}

export const popupText = (): PopupMessages['popup'] => POPUP_TEXT[chosen.language].popup;
export const popupLocale = (): string => chosen.locale;
export const describePopupError = (error: ShareError): string => describeError(error, POPUP_TEXT[chosen.language]);
