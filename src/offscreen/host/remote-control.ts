// Remote control with the sharer's consent: who asked, who (one viewer at most) controls the shared
// tab, and the input that viewer may pass to the overlay there. Everything else is dropped and
// counted. Control ends when the sharer takes it back, the controller leaves, the share pauses or
// shows another source, or the tab's page moves to another origin (the viewer must ask again).
import { rateLimiter } from '../../shared/pointing';
import {
  CLICK_RATE,
  CONTROL_ASK_COOLDOWN_MS,
  KEY_RATE,
  parseControlReport,
  rateOf,
  WHEEL_RATE,
  type ControlAsk,
  type ControlOverlayMessage,
  type ControlState,
} from '../../shared/remote-control';
import type { ViewerControl } from '../../shared/session';
import type { ViewerMessage } from '../../shared/wire';
import { isWatching, type Entry, type Roster } from './viewers';

/**
 * How long control outlives the overlay going away (the page navigating, say): a page of the same
 * origin that connects within it carries on; otherwise control ends.
 */
export const CONTROL_GAP_MS = 10_000;

interface Asker {
  /** When it asked (0: it is not asking). */
  askedAt: number;
  /** When the sharer last denied it (0: never). */
  deniedAt: number;
  /** What this viewer was last told (null: nothing yet). */
  sent: ControlState | null;
}

export type ControlOverlay = (message: ControlOverlayMessage) => void;

export interface RemoteControlDeps {
  now(): number;
  roster: Pick<Roster, 'watching' | 'send' | 'publish' | 'byId'>;
  /** The sharer's own input takes control back (Settings: controlYieldsToSharer). */
  yields: boolean;
}

export interface RemoteControl {
  /** A viewer let in: what it may do about control. */
  welcome(entry: Entry): void;
  /** Takes a viewer's control messages; false for any other message. */
  handle(entry: Entry, message: ViewerMessage): boolean;
  /** What the viewer list shows. */
  list(entry: Entry): { control: ViewerControl };
  /** The sharer's answer to a viewer's request (popup, notification or the tab's own prompt). */
  answer(viewerId: string, allow: boolean): void;
  /** The sharer takes control back (the popup, the banner, Esc twice, their own input). */
  takeBack(): void;
  /** The viewer is gone: its request and its control with it. */
  forget(entry: Entry): void;
  /** Pausing ends control; nobody may ask while paused. */
  setPaused(paused: boolean): void;
  /** Another source is shown: control of the old one ends, and every request with it. */
  sourceChanged(): void;
  /** The overlay in the shared tab and its page's origin, or none. */
  setOverlay(surface: 'tab' | 'other', overlay: ControlOverlay | null, origin: string | null): void;
  /** What the overlay reported: an answer or taking back; false for anything else. */
  report(message: unknown): boolean;
  /** Input messages dropped since the share started: not the controller's, over the rate, or no page. */
  dropped(): number;
}

/** The viewer in control, the origin it was granted on, and its input's rate limits. */
interface Controller {
  entry: Entry;
  origin: string | null;
  rates: Record<ReturnType<typeof rateOf>, { allow(): boolean }>;
}

function controllerOf(entry: Entry, origin: string | null, now: () => number): Controller {
  const rate = (n: number) => rateLimiter(n, now);
  return { entry, origin, rates: { click: rate(CLICK_RATE), key: rate(KEY_RATE), wheel: rate(WHEEL_RATE) } };
}

/** The viewers asking, the longest waiting first, as the overlay's prompt shows them. */
const asksOf = (askers: Map<Entry, Asker>): ControlAsk[] =>
  [...askers.entries()]
    .filter(([entry, asker]) => asker.askedAt > 0 && isWatching(entry))
    .sort(([, a], [, b]) => a.askedAt - b.askedAt)
    .map(([entry]) => ({ viewer: entry.conn.peer, words: entry.code }));

export function createRemoteControl(deps: RemoteControlDeps): RemoteControl {
  return new ControlJob(deps);
}

class ControlJob implements RemoteControl {
  private readonly askers = new Map<Entry, Asker>();
  private controller: Controller | null = null;
  private surface: 'tab' | 'other' = 'other';
  private overlay: ControlOverlay | null = null;
  /** The origin of the overlay's page, kept across a gap: a grant remembers where it was given. */
  private origin: string | null = null;
  private paused = false;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private droppedInputs = 0;

  constructor(private readonly deps: RemoteControlDeps) {}

  welcome(): void {
    this.tellViewers(); // the roster lists it once it is in
  }

  handle(entry: Entry, message: ViewerMessage): boolean {
    switch (message.t) {
      case 'ask-control':
        this.ask(entry);
        return true;
      case 'release-control':
        if (this.controller?.entry === entry) this.takeBack();
        else if (this.askers.get(entry)?.askedAt) this.stopAsking(entry);
        return true;
      case 'input': {
        const c = this.controller;
        // Only the controlling viewer acts, only on a page that is there, within the rates.
        if (c?.entry !== entry || !this.overlay || this.paused || !c.rates[rateOf(message.input)].allow())
          this.droppedInputs++;
        else this.overlay({ t: 'input', input: message.input });
        return true;
      }
      default:
        return false;
    }
  }

  list(entry: Entry): { control: ViewerControl } {
    if (this.controller?.entry === entry) return { control: 'controlling' };
    return { control: this.askers.get(entry)?.askedAt ? 'asking' : null };
  }

  answer(viewerId: string, allow: boolean): void {
    const entry = this.deps.roster.byId(viewerId);
    if (!entry || !this.askers.get(entry)?.askedAt || !isWatching(entry)) return;
    if (allow) this.grant(entry);
    else this.stopAsking(entry, true);
  }

  takeBack(): void {
    clearTimeout(this.gapTimer);
    if (!this.controller) return;
    this.controller = null;
    this.changed();
  }

  forget(entry: Entry): void {
    const wasAsking = this.askers.get(entry)?.askedAt;
    this.askers.delete(entry);
    if (this.controller?.entry === entry) this.takeBack();
    else if (wasAsking) this.tellOverlay();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.takeBack();
  }

  sourceChanged(): void {
    clearTimeout(this.gapTimer);
    const asking = [...this.askers.values()].filter((asker) => asker.askedAt > 0);
    if (!this.controller && asking.length === 0) return;
    for (const asker of asking) asker.askedAt = 0;
    this.controller = null;
    this.changed();
  }

  setOverlay(surface: 'tab' | 'other', overlay: ControlOverlay | null, origin: string | null): void {
    this.surface = surface;
    this.overlay = overlay;
    if (overlay) this.origin = origin;
    clearTimeout(this.gapTimer);
    if (this.controller && overlay && this.controller.origin !== origin) return this.takeBack();
    if (this.controller && !overlay) this.gapTimer = setTimeout(() => this.takeBack(), CONTROL_GAP_MS);
    // Who asks and who controls is unchanged: the viewers' states may be, and a new overlay needs both.
    this.tellViewers();
    this.tellOverlay();
  }

  report(message: unknown): boolean {
    const report = parseControlReport(message);
    if (!report) return false;
    if (report.t === 'take-back') this.takeBack();
    else this.answer(report.viewer, report.allow);
    return true;
  }

  dropped(): number {
    return this.droppedInputs;
  }

  private askerOf(entry: Entry): Asker {
    let asker = this.askers.get(entry);
    if (!asker) this.askers.set(entry, (asker = { askedAt: 0, deniedAt: 0, sent: null }));
    return asker;
  }

  private stateOf(entry: Entry): ControlState {
    if (this.controller?.entry === entry) return 'granted';
    if (this.surface !== 'tab') return 'source';
    if (!this.overlay) return 'page';
    const asker = this.askerOf(entry);
    if (asker.askedAt > 0) return 'asking';
    if (asker.deniedAt > 0 && this.deps.now() - asker.deniedAt < CONTROL_ASK_COOLDOWN_MS) return 'denied';
    return this.controller ? 'busy' : 'idle';
  }

  /** Who asks or who controls changed: every viewer whose state did is told, and so are the overlay and the popup. */
  private changed(): void {
    this.tellViewers();
    this.tellOverlay();
    this.deps.roster.publish();
  }

  private tellViewers(): void {
    const { roster } = this.deps;
    for (const entry of roster.watching()) {
      const asker = this.askerOf(entry);
      const state = this.stateOf(entry);
      if (state === asker.sent) continue;
      asker.sent = state;
      roster.send(entry, { t: 'control', state });
    }
  }

  private tellOverlay(): void {
    this.overlay?.({ t: 'control-asks', asks: asksOf(this.askers) });
    this.overlay?.({ t: 'controller', words: this.controller?.entry.code ?? null, yields: this.deps.yields });
  }

  private ask(entry: Entry): void {
    const state = this.stateOf(entry);
    if (this.paused || !isWatching(entry) || (state !== 'idle' && state !== 'busy')) return;
    this.askerOf(entry).askedAt = this.deps.now();
    this.changed();
  }

  private grant(entry: Entry): void {
    clearTimeout(this.gapTimer);
    this.controller = controllerOf(entry, this.origin, this.deps.now);
    this.askerOf(entry).askedAt = 0;
    this.changed();
  }

  private stopAsking(entry: Entry, denied = false): void {
    const asker = this.askerOf(entry);
    asker.askedAt = 0;
    if (denied) {
      asker.deniedAt = this.deps.now();
      setTimeout(() => this.tellViewers(), CONTROL_ASK_COOLDOWN_MS); // it may ask again: say so then
    }
    this.changed();
  }
}
