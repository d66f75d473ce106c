// The share link as a QR code, drawn as one SVG path. lean-qr (~4 kB gzip) makes the code in the
// most widely readable form: plain byte and alphanumeric segments for an ASCII link, no ECI header
// (its 2 kB "nano" build always adds one).
import { generate } from 'lean-qr';

/** Light modules around the code: the quiet zone scanners need (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE = 4;

export interface QrDrawing {
  /** Modules across, quiet zone included: the SVG's viewBox is 0 0 size size. */
  size: number;
  /** The dark modules, one rectangle per horizontal run, in module units. */
  path: string;
}

/**
 * The QR code of `text` (the smallest version that holds it, with as much error correction as that
 * version has room for), or null if it is too long for any QR code.
 */
export function drawQr(text: string): QrDrawing | null {
  let code: ReturnType<typeof generate>;
  try {
    code = generate(text);
  } catch {
    return null; // more than a QR code holds (~2.9 kB): a link with many TURN servers
  }
  let path = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size;) {
      if (!code.get(x, y)) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < code.size && code.get(x + run, y)) run++;
      path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size: code.size + 2 * QUIET_ZONE, path };
}

/**
 * CSS pixels for a code `modules` across: a whole number of pixels per module between `min` and
 * `max` where one fits (sharp edges, even modules), else `max` (phone cameras cope with uneven ones).
 */
export function qrPixels(modules: number, min = 160, max = 184): number {
  const fitted = modules * Math.ceil(min / modules);
  return fitted <= max ? fitted : max;
}
