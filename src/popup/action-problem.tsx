// A popup action that failed: kept until the next one, and fixed in the settings where it can be.
import { useState } from 'preact/hooks';
import { FIXED_IN_SETTINGS, toShareError, type ShareError } from '../shared/errors';
import { popupText } from '../shared/i18n/popup';
import type { PopupActions } from './actions';

/** A button to the settings page, for a failure that is fixed there (a broker, ICE servers, permissions). */
export function SettingsFix({ error, actions }: { error: ShareError; actions: PopupActions }) {
  if (!FIXED_IN_SETTINGS.includes(error.code)) return null;
  const t = popupText();
  return (
    <button class="primary wide fix" data-testid="error-settings" onClick={() => void actions.openSettings()}>
      {t.openSettings}
    </button>
  );
}

/** Runs a popup action and keeps its failure (a closed picker is not a failure). */
export function useAction(): [ShareError | null, (task: () => Promise<void>) => void] {
  const [problem, setProblem] = useState<ShareError | null>(null);
  const run = (task: () => Promise<void>) => {
    setProblem(null);
    task().catch((error: unknown) => {
      const shareError = toShareError(error);
      if (shareError.code !== 'cancelled') setProblem(shareError);
    });
  };
  return [problem, run];
}
