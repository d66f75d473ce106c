// Injected into the shared tab (chrome.scripting.executeScript, as an IIFE): draws the marks the
// offscreen host sends over an OVERLAY_PORT port, and while the host asks, sends it the page's
// visible text (text-watch.ts), until the host drops the port. Remote control: the sharer's prompt
// and banner (control-panel.ts), and the controlling viewer's input carried out (remote-input.ts).
/* eslint-disable no-restricted-globals -- an injected content script: src/platform's polyfill would only weigh it down. */
import { overlay as en } from '../shared/i18n/en-overlay';
import { overlay as ko } from '../shared/i18n/ko-overlay';
import type { OverlayMessages } from '../shared/i18n/en-overlay';
import type { Language } from '../shared/i18n/languages';
import { pickLanguage } from '../shared/i18n/pick';
import { isTextRequest, type PageTextReport } from '../shared/page-text';
import { OVERLAY_PORT } from '../shared/pointing';
import { parseRemoteInput, type ControlAsk, type ControlReport } from '../shared/remote-control';
import { createControlPanel } from './control-panel';
import { createLayer } from './layer';
import { Marks } from './marks';
import { createRemoteInput } from './remote-input';
import { watchPageText } from './text-watch';

/** Set while an overlay is live in this page's isolated world: a second injection does nothing. */
const LIVE = Symbol.for('tabbeam.overlay');
const world = globalThis as typeof globalThis & { [LIVE]?: true };

/** Both catalogues are bundled (an injected script has no chunks to load); they are small. */
const OVERLAY_TEXT: Record<Language, OverlayMessages> = { en, ko };

const isAsk = (a: unknown): a is ControlAsk =>
  typeof a === 'object' &&
  a !== null &&
  typeof (a as ControlAsk).viewer === 'string' &&
  typeof (a as ControlAsk).words === 'string';

function start(): void {
  const marks = new Marks();
  const layer = createLayer(marks);
  if (!layer) return;
  let port: chrome.runtime.Port;
  try {
    port = chrome.runtime.connect({ name: OVERLAY_PORT });
  } catch {
    // The extension was reloaded or updated since this was injected.
    layer.remove();
    return;
  }
  world[LIVE] = true;
  let stopReading: (() => void) | null = null;
  const readText = (on: boolean) => {
    stopReading?.();
    stopReading = on
      ? watchPageText(window, (page) => port.postMessage({ t: 'page-text', page } satisfies PageTextReport))
      : null;
  };

  const choice = pickLanguage([chrome.i18n.getUILanguage()], Object.keys(OVERLAY_TEXT) as Language[], 'en');
  const panel = createControlPanel(
    layer.shadow,
    (report: ControlReport) => port.postMessage(report),
    OVERLAY_TEXT[choice.language],
    choice.locale,
  );
  const remote = createRemoteInput(window, layer.owns);
  // Input is carried out only while the host says a viewer controls (the host guards this too).
  let controlled = false;

  /** The control messages (control-asks, controller, input); false for anything else. */
  const control = (message: unknown): boolean => {
    if (typeof message !== 'object' || message === null) return false;
    const m = message as Record<string, unknown>;
    if (m.t === 'control-asks' && Array.isArray(m.asks)) {
      panel.asks(m.asks.filter(isAsk));
    } else if (m.t === 'controller' && (typeof m.words === 'string' || m.words === null)) {
      controlled = m.words !== null;
      panel.controller(m.words, m.yields === true);
      // A composition under way ends with control, kept as typed.
      if (!controlled) remote.commit();
    } else if (m.t === 'input') {
      const input = parseRemoteInput(m.input);
      if (controlled && input) remote.apply(input);
    } else {
      return false;
    }
    // The panel lives in the layer's element: put it back if the page took it out.
    layer.wake();
    return true;
  };

  port.onMessage.addListener((message: unknown) => {
    if (isTextRequest(message)) readText(message.on);
    else if (!control(message) && marks.apply(message)) layer.wake();
  });
  port.onDisconnect.addListener(() => {
    void chrome.runtime.lastError; // read, so no host listening is not logged as unchecked
    readText(false);
    remote.dispose();
    panel.dispose();
    layer.remove();
    delete world[LIVE];
  });
}

if (!world[LIVE]) start();
