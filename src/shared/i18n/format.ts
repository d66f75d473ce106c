// Formatting with the platform's Intl, so no language's grammar is written into the code:
// plurals by Intl.PluralRules, times by Intl.DateTimeFormat, figures by Intl.NumberFormat.
import type { FieldError, SettingsProblem } from '../settings';

/**
 * A sentence per plural category of a language, `{n}` where the number goes. `other` is the
 * one every language has (Korean has only it); English adds `one`.
 */
export type Plural = { other: string } & Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>;

const cached = <T>(make: (locale: string) => T) => {
  const made = new Map<string, T>();
  return (locale: string): T => {
    let value = made.get(locale);
    if (value === undefined) made.set(locale, (value = make(locale)));
    return value;
  };
};

const pluralRules = cached((locale) => new Intl.PluralRules(locale));
const timeFormat = cached((locale) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }));
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The form of `forms` for `n` in `locale`, with `{n}` still in it (the popup puts an element there). */
export function pluralForm(locale: string, n: number, forms: Plural): string {
  return forms[pluralRules(locale).select(n)] ?? forms.other;
}

/** The sentence for `n`, the number written the locale's way. */
export function plural(locale: string, n: number, forms: Plural): string {
  return pluralForm(locale, n, forms).replaceAll('{n}', formatNumber(locale, n));
}

/** A time of day as hours and minutes, the locale's way: 14:05, 2:05 PM, 오후 02:05. */
export function formatTime(locale: string, at: number | Date): string {
  return timeFormat(locale).format(at);
}

/** A figure with exactly `digits` decimals (0 by default), the locale's way. */
export function formatNumber(locale: string, n: number, digits = 0): string {
  const key = `${locale} ${digits}`;
  let format = numberFormats.get(key);
  if (!format)
    numberFormats.set(
      key,
      (format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })),
    );
  return format.format(n);
}

/** The catalogue's sentences for settings problems: one per code, given that problem's figures. */
export type SettingsText = { [P in SettingsProblem as P['code']]: (problem: P) => string };

/** One settings problem in words. */
export function describeFieldError(error: FieldError, words: SettingsText): string {
  const describe = words[error.code] as ((problem: FieldError) => string) | undefined;
  return describe ? describe(error) : '';
}
