// The languages TabBeam speaks. A new one: its catalogue (a copy of ko.ts, typed as Messages, so
// the compiler lists every missing sentence), one line here, and the viewer's line that the
// compiler then asks for in viewer.ts.
import { enExtension, type ExtensionMessages } from './en';
import { koExtension } from './ko';

/** The extension's part of each catalogue (the viewer site picks its own part: viewer.ts). */
export const LANGUAGES = { en: enExtension, ko: koExtension } satisfies Record<string, ExtensionMessages>;

export type Language = keyof typeof LANGUAGES;

/** Shown when none of the user's languages is one of ours. */
export const FALLBACK_LANGUAGE: Language = 'en';
