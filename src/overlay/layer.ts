// The overlay's one element in the shared tab: a fixed, click-through canvas over the viewport in
// a closed shadow root, drawn from Marks only while something is alive. It never lays the page
// out again, takes no input and reads nothing of the page but the viewport's size.
import type { PicturePoint } from '../shared/pointing';
import type { DotMark, Frame, Marks, RippleMark, StrokeMark } from './marks';

import type { Rect, Size } from '../shared/geometry';

export type { Rect, Size };

/** Sizes in CSS px. The dot's colour disc stays solid for 20 px: a test reads its centre from the video. */
export const DOT_RADIUS = 10;
export const DOT_OUTLINE = 2.5;
export const RIPPLE_FROM = 8;
export const RIPPLE_TO = 44;
export const RIPPLE_WIDTH = 4;
export const INK_WIDTH = 4;
/** White either side of a stroke, for contrast on a page of its colour. */
export const INK_HALO = 1.5;
export const LABEL_HEIGHT = 18;
export const LABEL_PADDING = 6;
/** From the dot's centre to the label's near corner, across and down. */
export const LABEL_OFFSET = 6;
const LABEL_FONT = 'bold 12px system-ui, sans-serif';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
/** `all: initial` first, then ours: inline !important beats any page rule. */
const HOST_STYLE: [string, string][] = [
  ['all', 'initial'],
  ['position', 'fixed'],
  ['inset', '0'],
  ['width', '100vw'],
  ['height', '100vh'],
  ['pointer-events', 'none'],
  ['z-index', '2147483647'],
  ['display', 'block'],
  ['margin', '0'],
  ['padding', '0'],
  ['border', '0'],
  ['background', 'transparent'],
  ['contain', 'strict'],
];
const CANVAS_STYLE: [string, string][] = [
  ['display', 'block'],
  ['width', '100%'],
  ['height', '100%'],
  ['pointer-events', 'none'],
];
/** A page's `*::before { content: … }` would otherwise draw on the host; important shadow rules win over the page's. */
const SHADOW_CSS = ':host::before, :host::after { content: none !important; display: none !important; }';

/** A picture point in viewport CSS px: tab capture captures the viewport. */
export const toViewport = ([x, y]: PicturePoint, viewport: Size): { x: number; y: number } => ({
  x: x * viewport.width,
  y: y * viewport.height,
});

/** The canvas's backing store for the viewport, in device pixels (at least 1×1). */
export function canvasPixels(viewport: Size, dpr: number): Size {
  const scale = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  const side = (css: number) => (Number.isFinite(css) && css > 0 ? Math.max(1, Math.round(css * scale)) : 1);
  return { width: side(viewport.width), height: side(viewport.height) };
}

/** A ripple's radius at `progress` (0..1): quick at first, slowing as it spreads. */
export const rippleRadius = (progress: number): number =>
  RIPPLE_FROM + (RIPPLE_TO - RIPPLE_FROM) * (1 - (1 - progress) ** 2);

/** The label pill: right-below the dot, flipped left or up where it would leave the viewport. */
export function labelBox(dot: { x: number; y: number }, textWidth: number, viewport: Size): Rect {
  const width = Math.ceil(textWidth) + 2 * LABEL_PADDING;
  const height = LABEL_HEIGHT;
  let x = dot.x + LABEL_OFFSET;
  let y = dot.y + LABEL_OFFSET;
  if (x + width > viewport.width) x = dot.x - LABEL_OFFSET - width;
  if (y + height > viewport.height) y = dot.y - LABEL_OFFSET - height;
  return { x: Math.max(0, x), y: Math.max(0, y), width, height };
}

export interface Layer {
  /** The overlay's closed shadow root: the control panel (control-panel.ts) adds its elements here. */
  shadow: ShadowRoot;
  /** Whether `el` is the overlay's element (what the page sees of everything in the shadow root). */
  owns(el: Element): boolean;
  /** Draws the marks again and keeps drawing while they live: call after each message taken. */
  wake(): void;
  /** Takes the element out of the page and stops drawing, for good. */
  remove(): void;
}

/** Adds the overlay to the page; null where it cannot draw (no root element, no 2D canvas). */
export function createLayer(marks: Marks, win: Window = window): Layer | null {
  const doc = win.document;
  if (!doc.documentElement) return null;
  const host = doc.createElementNS(HTML_NS, 'tabbeam-overlay') as HTMLElement;
  for (const [name, value] of HOST_STYLE) host.style.setProperty(name, value, 'important');
  const shadow = host.attachShadow({ mode: 'closed' });
  const canvas = doc.createElementNS(HTML_NS, 'canvas') as HTMLCanvasElement;
  for (const [name, value] of CANVAS_STYLE) canvas.style.setProperty(name, value, 'important');
  // On the canvas, not the host: the control prompt beside it must reach the sharer's screen reader.
  canvas.setAttribute('aria-hidden', 'true');
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  // Constructed, not a <style>: a page's CSP does not block it.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SHADOW_CSS);
  shadow.adoptedStyleSheets = [sheet];
  shadow.append(canvas);

  let viewport: Size = { width: 0, height: 0 };
  let dpr = 0;
  let raf = 0;
  let removed = false;

  const measure = () => {
    viewport = { width: win.innerWidth, height: win.innerHeight };
    dpr = win.devicePixelRatio;
    const pixels = canvasPixels(viewport, dpr);
    // Setting either clears the canvas: only when it changes.
    if (canvas.width !== pixels.width) canvas.width = pixels.width;
    if (canvas.height !== pixels.height) canvas.height = pixels.height;
  };

  const tick = () => {
    raf = 0;
    // Moving to a screen of another density need not fire resize.
    if (win.devicePixelRatio !== dpr) measure();
    const frame = marks.frame();
    draw(ctx, canvas, frame, viewport);
    if (frame.alive) raf = win.requestAnimationFrame(tick);
  };

  const wake = () => {
    if (removed) return;
    // A page that rewrites its root's children may have taken the element out.
    if (!host.isConnected) doc.documentElement?.append(host);
    if (!raf) raf = win.requestAnimationFrame(tick);
  };

  const onResize = () => {
    measure();
    wake();
  };

  measure();
  doc.documentElement.append(host);
  win.addEventListener('resize', onResize);

  return {
    shadow,
    owns: (el) => el === host,
    wake,
    remove() {
      if (removed) return;
      removed = true;
      if (raf) win.cancelAnimationFrame(raf);
      raf = 0;
      win.removeEventListener('resize', onResize);
      host.remove();
    },
  };
}

function draw(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement, frame: Frame, viewport: Size): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (viewport.width <= 0 || viewport.height <= 0) return;
  ctx.setTransform(canvas.width / viewport.width, 0, 0, canvas.height / viewport.height, 0, 0);
  for (const stroke of frame.strokes) drawStroke(ctx, stroke, viewport);
  for (const ripple of frame.ripples) drawRipple(ctx, ripple, viewport);
  for (const dot of frame.dots) drawDot(ctx, dot, viewport);
  ctx.globalAlpha = 1;
}

function drawStroke(ctx: CanvasRenderingContext2D, stroke: StrokeMark, viewport: Size): void {
  if (stroke.opacity <= 0 || stroke.points.length === 0) return;
  const points = stroke.points.map((p) => toViewport(p, viewport));
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const trace = (width: number, style: string) => {
    ctx.strokeStyle = style;
    ctx.fillStyle = style;
    ctx.lineWidth = width;
    ctx.beginPath();
    const [first, ...rest] = points;
    if (!first) return;
    // A single point has no segment to stroke (the canvas prunes zero-length ones): a disc.
    if (rest.length === 0) {
      ctx.arc(first.x, first.y, width / 2, 0, 2 * Math.PI);
      ctx.fill();
      return;
    }
    ctx.moveTo(first.x, first.y);
    for (const p of rest) ctx.lineTo(p.x, p.y);
    ctx.stroke();
  };
  ctx.globalAlpha = stroke.opacity * 0.85;
  trace(INK_WIDTH + 2 * INK_HALO, '#ffffff');
  ctx.globalAlpha = stroke.opacity;
  trace(INK_WIDTH, stroke.colour);
}

function drawRipple(ctx: CanvasRenderingContext2D, ripple: RippleMark, viewport: Size): void {
  if (ripple.progress >= 1) return;
  const { x, y } = toViewport(ripple.at, viewport);
  ctx.globalAlpha = 1 - ripple.progress;
  ctx.strokeStyle = ripple.colour;
  ctx.lineWidth = RIPPLE_WIDTH;
  ctx.beginPath();
  ctx.arc(x, y, rippleRadius(ripple.progress), 0, 2 * Math.PI);
  ctx.stroke();
}

function drawDot(ctx: CanvasRenderingContext2D, dot: DotMark, viewport: Size): void {
  if (dot.opacity <= 0) return;
  const centre = toViewport(dot.at, viewport);
  ctx.globalAlpha = dot.opacity;
  // The label first, so the dot's outline sits over its corner.
  if (dot.label) {
    ctx.font = LABEL_FONT;
    const box = labelBox(centre, ctx.measureText(dot.label).width, viewport);
    ctx.beginPath();
    ctx.roundRect(box.x, box.y, box.width, box.height, box.height / 2);
    ctx.fillStyle = dot.colour;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(dot.label, box.x + LABEL_PADDING, box.y + box.height / 2);
  }
  const disc = (radius: number, style: string) => {
    ctx.beginPath();
    ctx.arc(centre.x, centre.y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = style;
    ctx.fill();
  };
  disc(DOT_RADIUS + DOT_OUTLINE, '#ffffff');
  disc(DOT_RADIUS, dot.colour);
}
