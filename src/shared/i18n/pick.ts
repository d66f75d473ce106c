// Which catalogue to show: the first of the user's languages that TabBeam speaks, else English.
// Pure: the callers pass Chrome's UI language (extension) or navigator.languages (viewer).

export interface Choice<L extends string> {
  language: L;
  /** For Intl: the user's own tag when it matched (en-GB writes times its way), else the language. */
  locale: string;
}

/** `ko-KR` → ko, `en-GB` → en, `fr` → (no match) the fallback; tags in order of preference. */
export function pickLanguage<L extends string>(
  tags: readonly (string | null | undefined)[],
  supported: readonly L[],
  fallback: L,
): Choice<L> {
  for (const tag of tags) {
    if (!tag) continue;
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const language = supported.find((l) => l === primary);
    if (!language) continue;
    return { language, locale: canonical(tag) ?? language };
  }
  return { language: fallback, locale: fallback };
}

/** `?lang=ko` in a page's query: the language asked for there, if any. */
export function queryLanguage(search: string): string | null {
  return new URLSearchParams(search).get('lang');
}

function canonical(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null; // not a well-formed tag: its language still matched
  }
}
