// Everything the offscreen host tells the overlay in the shared tab on its port (OVERLAY_PORT):
// marks (pointing.ts), whether to read the page's text (page-text.ts), and control (remote-control.ts).
import type { TextRequest } from './page-text';
import type { OverlayMessage } from './pointing';
import type { ControlOverlayMessage } from './remote-control';

export type ToOverlay = OverlayMessage | TextRequest | ControlOverlayMessage;
