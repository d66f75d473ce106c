// What needs the overlay in the shared tab (pointing draws there, the live text is read there) works
// for a viewer only on a shared tab whose page lets TabBeam in, and while the sharer allows it: the
// one rule both follow, and the one set of answers the viewer explains.

/** Whether a feature of the shared tab's overlay works for a viewer now, and if not, why. */
export type OverlayState =
  /** It works. */
  | 'on'
  /** The person sharing turned it off (for everyone, or for this viewer). */
  | 'off'
  /** A screen, window, camera or picked tab: there is no page. */
  | 'source'
  /** The shared tab's page does not let TabBeam in (a browser page, or one that has not loaded yet). */
  | 'page';

export const OVERLAY_STATES: readonly OverlayState[] = ['on', 'off', 'source', 'page'];

/** `surface`: whether a tab TabBeam captured is shown; `overlay`: whether its page's overlay is connected. */
export function overlayState(allowed: boolean, surface: 'tab' | 'other', overlay: boolean): OverlayState {
  if (!allowed) return 'off';
  if (surface !== 'tab') return 'source';
  return overlay ? 'on' : 'page';
}
