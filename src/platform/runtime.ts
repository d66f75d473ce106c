import type { Transport } from '../shared/messaging';
import browser from './browser';

/** Runtime messaging as the Transport that src/shared/messaging.ts speaks over. */
export const runtimeTransport: Transport = {
  send: (message) => browser.runtime.sendMessage(message),
  listen: (listener) => browser.runtime.onMessage.addListener((message: unknown) => listener(message)),
};
