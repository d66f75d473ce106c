// The one import of webextension-polyfill: promise-based browser.* for the APIs it covers.
// (tabCapture and offscreen are not covered; their modules use chrome.* directly.)
import browser from 'webextension-polyfill';

export default browser;
