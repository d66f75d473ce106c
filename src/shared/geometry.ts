// Sizes and rectangles in CSS pixels, for the viewer's zoom and the overlay's drawing.

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}
