// A viewer as the host lists it (src/shared/session.ts Viewer): watching, directly, doing nothing
// in particular, unless a test says otherwise.
import type { Viewer } from '../../../src/shared/session';

export const listedViewer = (overrides: Partial<Viewer> = {}): Viewer => ({
  id: 'v',
  joinedAt: 3,
  code: '🍎',
  state: 'watching',
  canPoint: true,
  pointing: false,
  via: 'direct',
  control: null,
  ...overrides,
});
