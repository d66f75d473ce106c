// The languages TabBeam speaks. A new one: its catalogue (a copy of ko.ts, typed as Messages, so
// the compiler lists every missing sentence), one line here, and the viewer's line that the
// compiler then asks for in viewer.ts.
import { en, type Messages } from './en';
import { ko } from './ko';

export const LANGUAGES = { en, ko } satisfies Record<string, Messages>;

export type Language = keyof typeof LANGUAGES;

/** Shown when none of the user's languages is one of ours. */
export const FALLBACK_LANGUAGE: Language = 'en';
