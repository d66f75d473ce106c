// What the popup can ask of the extension (src/popup/main.tsx makes them requests).
import type { ControlFunctions } from '../shared/controls';

/** The live-share controls (src/shared/controls.ts, by the same names) and the rest of the popup's requests. */
export interface PopupActions extends ControlFunctions<Promise<void>> {
  stop(): Promise<void>;
  dismiss(): Promise<void>;
  shareActiveTab(): Promise<void>;
  /** Chrome's picker (screen, window, tab) or the camera: starts, or switches while live. */
  share(kind: 'picked' | 'camera'): Promise<void>;
  activeTabId(): Promise<number | null>;
  copy(text: string): Promise<void>;
  openViewer(link: string): Promise<void>;
  openSettings(): Promise<void>;
}
