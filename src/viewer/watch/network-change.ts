// The viewer's network changed (a phone from Wi-Fi to mobile data, a laptop to another network):
// the address every connection to the host was made from is gone. PeerJS gives the broker socket,
// the data connection and the media connection each their own transport, and all three die with
// the address: a TURN/TCP or TURN/TLS socket is bound to it, and ICE would only say "disconnected"
// after about 5 s (the heartbeat, after 4 s). There is nothing left to carry an ICE restart
// (PeerJS 1.5.5 cannot renegotiate a connection: docs/strict-networks.md), so the viewer starts a
// new attempt at once (index.ts), which is as quick: a fresh connection through TURN/TLS took
// about 0.5 s in the probe.
//
// The page hears of the change soon: `offline` then `online` (within tens of milliseconds on a quiet
// machine, up to a second on a busy one), and on browsers that know the kind of network (Android,
// ChromeOS) navigator.connection's `change` with a new `type`. This module waits for the burst to
// settle while online, checks that the picture's connection received nothing since the change
// began (a change that left it working costs nothing), and only then calls `onChange`.

/** What the page knows of its network: navigator.onLine, navigator.connection, and their events. */
export interface NetworkSignals {
  online(): boolean;
  /** The kind of network ('wifi', 'cellular'…) where the browser says, else null (desktop Chromium). */
  type(): string | null;
  /** Calls back on `online`, `offline` and navigator.connection `change`; returns the unsubscribe. */
  listen(onEvent: (event: 'online' | 'offline' | 'change') => void): () => void;
}

export interface NetworkWatchOptions {
  signals: NetworkSignals;
  /** Bytes received so far on the connection the picture arrives on, or null when there is none. */
  bytesReceived(): Promise<number | null>;
  /** The network changed and the picture's connection went quiet: get a new one. */
  onChange(): void;
}

/** Quiet this long after the last event before acting: the events of one change come within ~20 ms. */
export const NETWORK_SETTLE_MS = 50;
/**
 * A connection that still works receives something within this long (audio alone is 50 packets a
 * second): its bytes are counted when a change begins and again, at least this much later, when it settles.
 */
export const RECEIVING_CHECK_MS = 200;

/** Watches the network until the returned stop is called. */
export function watchNetwork({ signals, bytesReceived, onChange }: NetworkWatchOptions): () => void {
  let type = signals.type();
  let settle: ReturnType<typeof setTimeout> | undefined;
  /** The bytes when the change began (its first event; a browser may say `offline` long before `online`). */
  let baseline: { at: number; bytes: Promise<number | null> } | null = null;
  let check = 0;
  let stopped = false;
  const sample = () => bytesReceived().catch(() => null);

  async function settled(mine: number, base: { at: number; bytes: Promise<number | null> }): Promise<void> {
    const wait = base.at + RECEIVING_CHECK_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const [before, after] = [await base.bytes, await sample()];
    // A newer event, the network gone again, or stopped: that one decides.
    if (stopped || mine !== check || !signals.online()) return;
    baseline = null;
    if (before !== null && after !== null && after > before) return;
    onChange();
  }

  const unlisten = signals.listen((event) => {
    if (event === 'change') {
      // Also fired when Chrome's estimate of the speed moves: only a new kind of network counts.
      const now = signals.type();
      if (now === type) return;
      type = now;
    }
    baseline ??= { at: Date.now(), bytes: sample() };
    clearTimeout(settle);
    const mine = ++check; // a check under way belongs to an older event
    if (event === 'offline' || !signals.online()) return;
    const base = baseline;
    settle = setTimeout(() => void settled(mine, base), NETWORK_SETTLE_MS);
  });

  return () => {
    stopped = true;
    clearTimeout(settle);
    unlisten();
  };
}

/** Bytes received on an RTCStatsReport's transports (media, RTCP and ICE checks alike). */
export function transportBytes(report: RTCStatsReport | null): number | null {
  if (!report) return null;
  let bytes: number | null = null;
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'transport' && typeof stat.bytesReceived === 'number') bytes = (bytes ?? 0) + stat.bytesReceived;
  });
  return bytes;
}

/** The page's own signals; inert where there is no window (the unit tests' Node). */
export function browserNetwork(): NetworkSignals {
  if (typeof window === 'undefined' || typeof navigator === 'undefined')
    return { online: () => true, type: () => null, listen: () => () => undefined };
  const connection = (navigator as Navigator & { connection?: EventTarget & { type?: string } }).connection;
  return {
    online: () => navigator.onLine,
    type: () => connection?.type ?? null,
    listen(onEvent) {
      const online = () => onEvent('online');
      const offline = () => onEvent('offline');
      const change = () => onEvent('change');
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      connection?.addEventListener('change', change);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        connection?.removeEventListener('change', change);
      };
    },
  };
}
