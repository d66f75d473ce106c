import type { ViewProblem, ViewState } from './watch';

/** What a viewer can do next when watching has stopped; a Record, so a new problem gets a decision. */
export type NextStep = 'retry' | 'ask-again' | 'reload' | 'new-link' | null;
const NEXT_STEP: Record<ViewProblem, NextStep> = {
  'bad-link': 'new-link',
  denied: 'new-link',
  'not-found': 'retry',
  'broker-unreachable': 'retry',
  'connection-failed': 'retry',
  version: 'reload',
  'host-outdated': 'retry', // once the person sharing has updated TabBeam
  lost: 'retry',
  security: 'retry',
  full: 'retry',
  locked: 'retry',
  rejected: 'ask-again',
  kicked: null, // the person sharing decided; asking them is the next step
};

export function nextStep(state: ViewState): NextStep {
  return state.kind === 'ended' ? 'retry' : state.kind === 'error' ? NEXT_STEP[state.problem] : null;
}
