// Chrome's own catalogue format (_locales/<lang>/messages.json) for what Chrome shows before any
// of TabBeam runs: the name, description, toolbar title and shortcut descriptions in manifest.json
// (__MSG_name__ …). Made from the catalogues at build time (vite.config.ts), never written by hand.
import type { ExtensionMessages as Messages } from './en';
import { LANGUAGES } from './languages';

export type ChromeMessages = Record<string, { message: string }>;

/** A catalogue's `manifest` part as messages.json; `$` is doubled, since Chrome reads $name$ as a placeholder. */
export function chromeMessages(dict: Messages): ChromeMessages {
  return Object.fromEntries(
    Object.entries(dict.manifest).map(([name, message]) => [name, { message: message.replaceAll('$', '$$$$') }]),
  );
}

/** messages.json per language code, for every language TabBeam speaks. */
export function chromeLocales(): Record<string, ChromeMessages> {
  return Object.fromEntries(Object.entries(LANGUAGES).map(([language, dict]) => [language, chromeMessages(dict)]));
}
