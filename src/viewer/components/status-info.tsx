import { viewerText } from '../../shared/i18n/viewer';
import { nextStep } from '../next-step';
import { describe } from '../view-text';
import type { ViewState } from '../watch';
import { NextStepAction } from './next-step-action';

/** The bar's left side: the state in words, the verification code, and the way on once stopped. */
export function StatusInfo({ state }: { state: ViewState }) {
  const t = viewerText();
  const live = state.kind === 'live';
  const paused = live && state.paused;
  const step = nextStep(state);
  const code = state.kind === 'live' || state.kind === 'waiting' ? state.code : null;
  return (
    <div class="info">
      <span class="brand">TabBeam</span>
      <span
        class="status"
        data-testid="status"
        data-state={state.kind}
        data-problem={state.kind === 'error' ? state.problem : undefined}
        data-paused={paused ? 'true' : undefined}
        data-via={state.kind === 'live' ? state.via : undefined}
        role="status"
        aria-live="polite"
      >
        {live && <span class="dot" aria-hidden="true" />}
        {describe(state)}
      </span>
      {code && (
        <span class="code-box">
          <span class="code-label">{t.codeLabel}</span>{' '}
          <strong class="code" data-testid="verification-code" title={t.codeHelp}>
            {code}
          </strong>
          <span class="code-help" data-testid="verification-help">
            {live ? t.codeHelpLive : t.codeHelpWaiting}
          </span>
        </span>
      )}
      {step && <NextStepAction step={step} />}
    </div>
  );
}
