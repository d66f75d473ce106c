import type { JSX } from 'preact';
import { viewerText } from '../../shared/i18n/viewer';
import type { NextStep } from '../next-step';

/** The way on from a state that has stopped: try again, ask again, reload, or open a new link. */
export function NextStepAction({ step }: { step: Exclude<NextStep, null> }) {
  const t = viewerText();
  if (step === 'new-link') {
    const open = (e: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
      e.preventDefault();
      const value = (e.currentTarget.elements.namedItem('link') as HTMLInputElement).value.trim();
      try {
        const url = new URL(value);
        if (url.protocol === 'https:' || url.protocol === 'http:') location.assign(url.href);
      } catch {
        // not a link: the field says what it wants
      }
    };
    return (
      <form class="next new-link" onSubmit={open}>
        <input name="link" type="url" required data-testid="new-link" aria-label={t.newLink} placeholder={t.newLink} />
        <button type="submit" class="primary">
          {t.open}
        </button>
      </form>
    );
  }
  const label = step === 'ask-again' ? t.askAgain : step === 'reload' ? t.reload : t.tryAgain;
  return (
    <button class="next primary" data-testid="retry" onClick={() => location.reload()}>
      {label}
    </button>
  );
}
