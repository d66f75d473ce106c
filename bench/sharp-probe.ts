// "Link → SHARP": when a viewer first decodes a frame at full size (1280×720) with the fine detail
// kept. Installed on the viewer page before the link opens (evaluateOnNewDocument), it reads every
// decoded frame of a clone of the received video track, from the moment the page's connection
// receives it (MediaStreamTrackProcessor: pixels of WebRTC-decoded frames are readable under
// --disable-gpu), until one is sharp, then stops, so it costs the viewer nothing afterwards; and it
// matches that frame to the presented ones (requestVideoFrameCallback) by RTP timestamp. Detail is measured as measureView does (scripts/drive.ts): the contrast of the
// source page's 1-px stripes along one row of the Y plane, (p90 − p10) / 255; 0.86 is everything
// kept, a sender at 960×540 leaves ≈ 0.43.
import type { Page } from 'puppeteer-core';
import type { ViewLayout } from '../scripts/drive';
import { PAGE_SIZE } from './harness';

/** Detail at or above this, at full size, counts as sharp (0.86 all kept; runs read 0.83–0.88). */
export const SHARP_DETAIL = 0.75;

export interface SharpReading {
  /**
   * Epoch ms at which the first sharp frame was presented (requestVideoFrameCallback, as the first
   * frame is timed; matched by RTP timestamp); 0 if none within the probe's time.
   */
  sharpAt: number;
  /** Epoch ms at which that frame came out of the decoder (the processor's read), before it was shown. */
  sharpDecodedAt: number;
  /** The first decoded frame: its size and detail. */
  first: { size: string; detail: number } | null;
  /** Frames read until the first sharp one (or until the probe gave up). */
  frames: number;
  /** Each size the decoded frames had, in order, with the epoch ms it began. */
  sizes: { size: string; at: number }[];
  /** Highest detail seen at full size (when never sharp: how close it came). */
  bestDetail: number;
  /** RTP timestamps of the first frame the probe read and of the first frame presented. */
  firstDecodedRtp?: number;
  firstPresentedRtp?: number;
  error: string;
}

/** The first presented frame came before the first frame the probe read: the probe may have missed a sharp one. */
export const probeWasLate = (r: SharpReading) =>
  r.firstDecodedRtp !== undefined &&
  r.firstPresentedRtp !== undefined &&
  r.firstDecodedRtp !== r.firstPresentedRtp &&
  (r.firstDecodedRtp - r.firstPresentedRtp) >>> 0 < 2 ** 31;

/** The script to install with page.evaluateOnNewDocument; `layout` from readViewLayout on the source. */
export function sharpProbeScript(layout: ViewLayout, giveUpMs = 60_000): string {
  // A string, not a function: tsx would wrap named helpers in a __name() the page does not have.
  return `(() => {
  const L = ${JSON.stringify({ page: layout.page, stripes: layout.stripes })};
  const FULL = ${JSON.stringify(PAGE_SIZE)};
  const MIN = ${SHARP_DETAIL};
  const s = (window.__sharp = { sharpAt: 0, sharpDecodedAt: 0, first: null, frames: 0, sizes: [], bestDetail: 0, firstDecodedRtp: undefined, firstPresentedRtp: undefined, error: '' });
  const presented = [];
  let sharpRtp = null;
  const isFull = (w, h) => w === FULL.width && h === FULL.height;
  // The first presented full-size frame at or after the sharp one (RTP timestamps, modulo 2^32).
  const match = () => {
    if (s.sharpAt || !s.sharpDecodedAt) return;
    const hit = presented.find((p) => isFull(p.w, p.h) && (sharpRtp === null || p.rtp === undefined
      ? p.at >= s.sharpDecodedAt : ((p.rtp - sharpRtp) >>> 0) < 2 ** 31));
    if (hit) s.sharpAt = hit.at;
  };
  // Every decoded frame from the first: the reader starts on the video track the moment the page's
  // connection receives it ('track', before any frame can arrive), not when the page shows it.
  let reading = false;
  const read = async (source) => {
    if (reading) return;
    reading = true;
    const track = source.clone();
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const end = performance.now() + ${giveUpMs};
    try {
      while (performance.now() < end) {
        const { value: frame, done } = await reader.read();
        if (done || !frame) break;
        const at = performance.timeOrigin + performance.now();
        s.frames++;
        const size = frame.displayWidth + '×' + frame.displayHeight;
        if (s.sizes.length < 20 && (s.sizes.length === 0 || s.sizes[s.sizes.length - 1].size !== size)) s.sizes.push({ size, at });
        const v = frame.visibleRect;
        const sx = v.width / L.page.width, sy = v.height / L.page.height;
        const row = Math.floor(((L.stripes.y + L.stripes.height / 2) * sy) / 2) * 2;
        const x0 = Math.ceil(((L.stripes.x + 8) * sx) / 2) * 2;
        const x1 = Math.floor(((L.stripes.x + L.stripes.width - 8) * sx) / 2) * 2;
        const rect = { x: v.x + x0, y: v.y + row, width: Math.max(2, x1 - x0), height: 2 };
        const planar = frame.format === 'I420' || frame.format === 'I420A' || frame.format === 'NV12';
        const options = planar ? { rect } : { rect, format: 'RGBA' };
        const data = new Uint8Array(frame.allocationSize(options));
        const [plane] = await frame.copyTo(data, options);
        const full = isFull(frame.displayWidth, frame.displayHeight);
        const rtp = frame.metadata ? frame.metadata().rtpTimestamp : undefined;
        if (s.frames === 1) s.firstDecodedRtp = rtp;
        frame.close();
        const luma = [];
        for (let x = 0; x < rect.width; x++) {
          const i = plane.offset + (planar ? x : 4 * x);
          luma.push(planar ? data[i] : 16 + ((0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]) * 219) / 255);
        }
        luma.sort((a, b) => a - b);
        const detail = (luma[Math.min(luma.length - 1, Math.floor(0.9 * luma.length))] - luma[Math.floor(0.1 * luma.length)]) / 255;
        if (!s.first) s.first = { size, detail: Math.round(detail * 100) / 100 };
        if (full) s.bestDetail = Math.max(s.bestDetail, Math.round(detail * 100) / 100);
        if (full && detail >= MIN) {
          s.sharpDecodedAt = at;
          sharpRtp = rtp === undefined ? null : rtp;
          match();
          break;
        }
      }
    } catch (error) {
      s.error = String(error);
    } finally {
      reader.cancel().catch(() => undefined);
      track.stop();
    }
  };
  const Native = window.RTCPeerConnection;
  if (Native)
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('track', (e) => { if (e.track.kind === 'video') read(e.track); });
      }
    };
  const poll = setInterval(() => {
    const video = document.querySelector('video');
    const stream = video && video.srcObject;
    if (!(stream instanceof MediaStream) || stream.getVideoTracks().length === 0) return;
    clearInterval(poll);
    const shown = (now, m) => {
      presented.push({ at: performance.timeOrigin + performance.now(), w: m.width, h: m.height, rtp: m.rtpTimestamp });
      if (presented.length === 1) s.firstPresentedRtp = m.rtpTimestamp;
      if (presented.length > 600) presented.shift();
      match();
      if (!s.sharpAt) video.requestVideoFrameCallback(shown);
    };
    video.requestVideoFrameCallback(shown);
    read(stream.getVideoTracks()[0]); // a page whose connection the probe did not see
  }, 2);
})()`;
}

/** Waits up to `timeoutMs` for the probe to find a sharp frame; what it saw either way. */
export async function readSharp(page: Page, timeoutMs: number): Promise<SharpReading> {
  await page
    .waitForFunction(() => (window as unknown as { __sharp?: SharpReading }).__sharp?.sharpAt, {
      timeout: timeoutMs,
      polling: 50,
    })
    .catch(() => undefined);
  return page.evaluate(() => (window as unknown as { __sharp: SharpReading }).__sharp);
}
