// Every failure the user can see has a code; the UI turns codes into words in the user's
// language (i18n/strings.ts, describeShareError; the sentences are in src/shared/i18n).
// Errors cross context boundaries as plain data, never as Error objects.
export type ErrorCode =
  | 'not-capturable'
  | 'capture-failed'
  | 'cancelled'
  | 'mic-denied'
  | 'mic-missing'
  | 'camera-denied'
  | 'camera-missing'
  | 'bad-settings'
  | 'broker-unreachable'
  | 'broker-rejected'
  | 'internal';

export interface ShareError {
  code: ErrorCode;
  /**
   * For the codes in DETAIL_SHOWN, TabBeam's own data: the broker's address, or the settings
   * problems as codes (settings.ts encodeFieldErrors), which the UI puts in words. For the others
   * it is a browser's or library's message (in English), kept for debugging and never shown.
   */
  detail?: string;
}

/** Codes whose detail the user sees: our settings' problems (rendered from codes), the broker's address. */
export const DETAIL_SHOWN: readonly ErrorCode[] = ['bad-settings', 'broker-unreachable', 'broker-rejected'];

/** Failures the user fixes in TabBeam's settings page: the popup offers a button to it. */
export const FIXED_IN_SETTINGS: readonly ErrorCode[] = [
  'bad-settings',
  'broker-unreachable',
  'broker-rejected',
  'mic-denied',
  'camera-denied',
];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
  }

  toData(): ShareError {
    return this.detail === undefined ? { code: this.code } : { code: this.code, detail: this.detail };
  }
}

export function toShareError(error: unknown): ShareError {
  if (error instanceof AppError) return error.toData();
  if (isShareError(error)) return error;
  return { code: 'internal', detail: error instanceof Error ? error.message : String(error) };
}

export function isShareError(value: unknown): value is ShareError {
  return typeof value === 'object' && value !== null && typeof (value as ShareError).code === 'string';
}
