// Runtime messaging in memory, and handlers for every request that do nothing: a test overrides
// the ones it watches.
import { controlHandlers, controlsFrom } from '../../../src/shared/controls';
import type { Reply, Transport } from '../../../src/shared/messaging';

/** Runtime messaging in memory: every listener hears every message; the first answer wins. */
export function bus(): Transport {
  const listeners: ((m: unknown) => Promise<Reply> | undefined)[] = [];
  return {
    async send(message) {
      // Structured cloning, as across real contexts.
      const copy = structuredClone(message);
      for (const listener of listeners) {
        const reply = listener(copy);
        if (reply) return structuredClone(await reply);
      }
      throw new Error('Could not establish connection. Receiving end does not exist.');
    },
    listen: (listener) => void listeners.push(listener),
  };
}

/** Every control (src/shared/controls.ts), doing nothing: both contexts serve them. */
const ignoringControls = controlsFrom(() => () => undefined);

/** Every request the offscreen host serves, each doing nothing; tests override the ones they watch. */
export const offscreenIgnoring = {
  'host/start': () => undefined,
  'host/stop': () => undefined,
  'clipboard/write': () => undefined,
  'host/source': () => undefined,
  'host/stats': () => [],
  'host/control-stats': () => ({ dropped: 0 }),
  ...controlHandlers(ignoringControls),
};

/** Every request the background serves, each doing nothing. */
export const backgroundIgnoring = {
  'share/source': () => undefined,
  'share/stop': () => undefined,
  'share/dismiss': () => undefined,
  'host/viewers': () => undefined,
  'host/ended': () => undefined,
  'host/broker': () => undefined,
  'host/server': () => undefined,
  'host/still': () => undefined,
  ...controlHandlers(ignoringControls),
};
