import { Peer } from 'peerjs';
import { render } from 'preact';
import { ViewerPage } from './viewer-page';

// A new link pasted into the same tab is a new share.
window.addEventListener('hashchange', () => location.reload());

render(<ViewerPage hash={location.hash} createPeer={(options) => new Peer(options)} />, document.getElementById('app')!);
