// The few icons of the viewer's controls: inline SVG paths (24×24), no icon font or extra request.
const MAGNIFIER =
  'M15.5 14h-.8l-.3-.3A6.5 6.5 0 1 0 9.5 16c1.6 0 3.1-.6 4.2-1.6l.3.3v.8l5 5 1.5-1.5-5-5zm-6 0a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9z';

const PATHS = {
  fullscreen: 'M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z',
  exitFullscreen: 'M5 16h3v3h2v-5H5v2zm3-8H5v2h5V5H8v3zm6 11h2v-3h3v-2h-5v5zm2-11V5h-2v5h5V8h-3z',
  pip: 'M19 11h-8v6h8v-6zm2-8H3a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h18a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 16H3V5h18v14z',
  zoomIn: `${MAGNIFIER}M12 10h-2v2H9v-2H7V9h2V7h1v2h2z`,
  zoomOut: `${MAGNIFIER}M7 9h5v1H7z`,
  stats: 'M5 9h3v10H5zm5.6-4h2.8v14h-2.8zm5.6 8H19v6h-2.8z',
  /** An arrow with a dot beside it: the laser dot the shared tab shows. */
  point: 'M4 2.5v16l4.2-3.9 2.8 6.4 2.6-1.1-2.7-6.3 5.6-.2zM18.5 3a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  /** A hand on a pointer: control the shared tab. */
  control:
    'M13.6 11.2V5.5a1.5 1.5 0 0 0-3 0v8.3l-2.2-2.3a1.5 1.5 0 0 0-2.2 2.1l4.6 5.1c.6.8 1.5 1.3 2.5 1.3H17a3 3 0 0 0 3-3v-4.5a1.5 1.5 0 0 0-3 0v-.6a1.5 1.5 0 0 0-3-.2z',
  /** Two sheets: copy. */
  copy: 'M16 1H4a2 2 0 0 0-2 2v14h2V3h12V1zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11v14z',
  /** Lines of text and a speaker's waves: the page read aloud. */
  read: 'M3 5h11v2H3zm0 4h11v2H3zm0 4h7v2H3zm14.5-4.5 1.4-1.4a7 7 0 0 1 0 9.9l-1.4-1.4a5 5 0 0 0 0-7.1zM15 11l1.4-1.4a3 3 0 0 1 0 4.2L15 12.4a1 1 0 0 0 0-1.4z',
} as const;

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path fill="currentColor" d={PATHS[name]} />
    </svg>
  );
}
