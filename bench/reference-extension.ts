// The bare reference pipeline's extension (bench/reference/extension), ready to load.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const PEERJS_DIST = path.join(ROOT, 'node_modules/peerjs/dist');

/** The reference extension, which loads PeerJS from its own folder, assembled in a temp dir. */
export function referenceExtensionDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tabbeam-reference-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true })); // its browser is gone by then
  cpSync(path.join(ROOT, 'bench/reference/extension'), dir, { recursive: true });
  cpSync(path.join(PEERJS_DIST, 'peerjs.min.js'), path.join(dir, 'peerjs.min.js'));
  return dir;
}
