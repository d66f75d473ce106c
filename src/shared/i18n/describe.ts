// A failure in words, from whichever catalogue part the caller holds (the popup holds only its own).
import { DETAIL_SHOWN, type ShareError } from '../errors';
import { decodeFieldErrors } from '../field-errors';
import type { ExtensionMessages } from './en';
import { describeFieldError } from './format';

/**
 * The sentence for a failure: the detail only where it is ours (DETAIL_SHOWN), never a library's
 * text. A 'bad-settings' detail is the problems as codes (settings.ts encodeFieldErrors), put in
 * words here in the reader's language.
 */
export function describeError(error: ShareError, words: Pick<ExtensionMessages, 'errors' | 'settings'>): string {
  const describe = words.errors[error.code] ?? words.errors.internal;
  if (!DETAIL_SHOWN.includes(error.code)) return describe();
  if (error.code !== 'bad-settings') return describe(error.detail);
  const problems = decodeFieldErrors(error.detail).map((problem) => describeFieldError(problem, words.settings));
  return describe(problems.filter(Boolean).join(' ') || undefined);
}
