// The words for a view's state: the status line and the tab's title.
import { viewerText, type ViewerMessages } from '../shared/i18n/viewer';
import type { ViewProblem, ViewState } from './watch';

/** One sentence per problem; a Record, so a new problem cannot go without words. */
const PROBLEM_TEXT: Record<ViewProblem, (t: ViewerMessages, broker: string) => string> = {
  'bad-link': (t) => t.badLink,
  denied: (t) => t.badLink, // the host refused the secret: to the viewer, the same wrong link
  'not-found': (t) => t.notFound,
  'broker-unreachable': (t, broker) => t.brokerUnreachable(broker),
  'connection-failed': (t) => t.connectionFailed,
  version: (t) => t.versionMismatch,
  'host-outdated': (t) => t.hostOutdated,
  lost: (t) => t.lost,
  security: (t) => t.security,
  full: (t) => t.full,
  locked: (t) => t.locked,
  rejected: (t) => t.rejected,
  kicked: (t) => t.kicked,
};

export function describe(state: ViewState): string {
  const t = viewerText();
  switch (state.kind) {
    case 'connecting':
      return { broker: t.connectingBroker, host: t.connectingHost, proof: t.checkingLink, media: t.waitingMedia }[
        state.step
      ];
    case 'waiting':
      return t.waitingForHost;
    case 'reconnecting':
      return t.reconnecting(state.attempt);
    case 'live':
      return state.paused ? t.paused : t.live;
    case 'ended':
      return t.ended;
    case 'error':
      return PROBLEM_TEXT[state.problem](t, state.broker ?? '');
  }
}

/** The tab's title: the state first, so a viewer with many tabs sees it. */
export function titleOf(state: ViewState): string {
  const t = viewerText();
  const word = state.kind === 'live' && state.paused ? t.titles.paused : t.titles[state.kind];
  return `${word} · TabBeam`;
}
