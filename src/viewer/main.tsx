import { Peer } from 'peerjs';
import { render } from 'preact';
import { chooseViewerLanguage } from '../shared/i18n/viewer';
import { mark } from '../shared/marks';
import { randomToken } from '../shared/random-id';
import { startView } from './view';
import { ViewerPage } from './viewer-page';

// The browser's languages, or ?lang=ko / ?lang=en in the page's address.
document.documentElement.lang = chooseViewerLanguage(location.search, navigator.languages).language;

// A new link pasted into the same tab is a new share.
window.addEventListener('hashchange', () => location.reload());

// The broker connection and the DTLS certificate start before the first render.
// A viewer picks its own random ID: one HTTP round trip to the broker fewer than asking it for one.
const view = startView(location.hash, (options) => new Peer(randomToken(), options));
render(<ViewerPage view={view} />, document.getElementById('app')!);
mark('rendered');
