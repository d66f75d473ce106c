// What is wrong with settings, as plain text that crosses contexts (the detail of a
// 'bad-settings' ShareError), and back. Apart from settings.ts so that the popup, which only puts
// such problems in words, does not carry the validators.
import type { FieldError } from './settings-types';

export function isFieldError(value: unknown): value is FieldError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldError).field === 'string' &&
    typeof (value as FieldError).code === 'string'
  );
}

/**
 * The problems of stored settings as the detail of a 'bad-settings' ShareError (plain text that
 * crosses contexts): the popup renders them in its own language (describeShareError).
 */
export function encodeFieldErrors(errors: readonly FieldError[]): string {
  return JSON.stringify(errors);
}

/** The problems in a 'bad-settings' detail; anything else (not ours) gives none. */
export function decodeFieldErrors(detail: string | undefined): FieldError[] {
  if (!detail) return [];
  try {
    const parsed: unknown = JSON.parse(detail);
    return Array.isArray(parsed) ? parsed.filter(isFieldError) : [];
  } catch {
    return [];
  }
}
