// Injected into the shared tab (chrome.scripting.executeScript, as an IIFE): draws the marks the
// offscreen host sends over an OVERLAY_PORT port, and while the host asks, sends it the page's
// visible text (text-watch.ts), until the host drops the port.
/* eslint-disable no-restricted-globals -- an injected content script: src/platform's polyfill would only weigh it down. */
import { isTextRequest, type PageTextReport } from '../shared/page-text';
import { OVERLAY_PORT } from '../shared/pointing';
import { createLayer } from './layer';
import { Marks } from './marks';
import { watchPageText } from './text-watch';

/** Set while an overlay is live in this page's isolated world: a second injection does nothing. */
const LIVE = Symbol.for('tabbeam.overlay');
const world = globalThis as typeof globalThis & { [LIVE]?: true };

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
  port.onMessage.addListener((message: unknown) => {
    if (isTextRequest(message)) readText(message.on);
    else if (marks.apply(message)) layer.wake();
  });
  port.onDisconnect.addListener(() => {
    void chrome.runtime.lastError; // read, so no host listening is not logged as unchecked
    readText(false);
    layer.remove();
    delete world[LIVE];
  });
}

if (!world[LIVE]) start();
