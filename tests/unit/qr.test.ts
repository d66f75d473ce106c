import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { drawQr, qrPixels, QUIET_ZONE } from '../../src/popup/qr';
import { buildShareLink } from '../../src/shared/share-link';

/** Paints the drawing's path (runs `M x y h n v1 h-n z`) into RGBA pixels, `scale` per module, light elsewhere. */
function rasterize(size: number, path: string, scale: number): { data: Uint8ClampedArray; width: number } {
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < Number(run) * scale; dx++) {
        const i = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { data, width };
}

describe('the QR code of the share link', () => {
  it('decodes to exactly the link, with a quiet zone of four modules all round', () => {
    const links = [
      buildShareLink('https://tabbeam.github.io/watch/', {
        peerId: 'a'.repeat(26),
        secret: 'b'.repeat(26),
        broker: null,
        iceServers: null,
      }),
      buildShareLink('https://watch.example.com/', {
        peerId: 'c'.repeat(26),
        secret: 'd'.repeat(26),
        broker: { host: 'peer.example.com', port: 443, path: '/', secure: true, key: 'peerjs' },
        iceServers: [{ urls: ['turn:turn.example.com:3478'], username: 'user', credential: 'secret' }],
      }),
    ];
    for (const link of links) {
      const drawing = drawQr(link)!;
      const { data, width } = rasterize(drawing.size, drawing.path, 3);
      expect(jsQR(data, width, width)?.data).toBe(link);
      const coords = [...drawing.path.matchAll(/M(\d+) (\d+)h(\d+)/g)].map(([, x, y, run]) => [
        Number(x),
        Number(y),
        Number(x) + Number(run),
      ]);
      expect(Math.min(...coords.map(([x]) => x!), ...coords.map(([, y]) => y!))).toBe(QUIET_ZONE);
      expect(Math.max(...coords.map(([, , end]) => end!), ...coords.map(([, y]) => y! + 1))).toBe(
        drawing.size - QUIET_ZONE,
      );
    }
  });

  it('gives up on text no QR code can hold', () => {
    expect(drawQr('https://x.example/#' + 'a'.repeat(4000))).toBeNull();
  });

  it('is at least 160 px, in whole pixels per module where that fits in 184', () => {
    expect(qrPixels(45)).toBe(180); // 4 px a module
    expect(qrPixels(61)).toBe(183); // 3 px
    expect(qrPixels(53)).toBe(184); // 3 px is 159, 4 px is 212: uneven modules, still big enough
    expect(qrPixels(29)).toBe(174); // 6 px
  });
});
