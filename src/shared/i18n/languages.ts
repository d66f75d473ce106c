// The languages TabBeam speaks. A new one: its catalogue (copies of ko.ts and ko-popup.ts, typed
// as Messages, so the compiler lists every missing sentence), one line here, and the lines the
// compiler then asks for in viewer.ts and popup.ts (each page bundles only its own part).
import { enExtension, type ExtensionMessages } from './en';
import { koExtension } from './ko';

/** The extension's part of each catalogue (the viewer site picks its own part: viewer.ts). */
export const LANGUAGES = { en: enExtension, ko: koExtension } satisfies Record<string, ExtensionMessages>;

export type Language = keyof typeof LANGUAGES;

/** Shown when none of the user's languages is one of ours. */
export const FALLBACK_LANGUAGE: Language = 'en';
