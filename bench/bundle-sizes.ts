// Gzip size of what each page loads: its HTML's scripts and styles and every JS chunk they import.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR, VIEWER_DIR } from '../scripts/chromium';

const ENTRIES = {
  popup: path.join(EXTENSION_DIR, 'src/popup/index.html'),
  offscreen: path.join(EXTENSION_DIR, 'src/offscreen/index.html'),
  background: path.join(EXTENSION_DIR, 'service-worker-loader.js'),
  options: path.join(EXTENSION_DIR, 'src/options/index.html'),
  viewer: path.join(VIEWER_DIR, 'index.html'),
};

function resolve(from: string, ref: string, root: string): string {
  return ref.startsWith('/') ? path.join(root, ref) : path.resolve(path.dirname(from), ref);
}

function files(entry: string, root: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  const refs = entry.endsWith('.html')
    ? [...text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g)].map((m) => m[1]!)
    : [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{0,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  for (const ref of refs) if (/\.(js|css)$/.test(ref)) files(resolve(entry, ref, root), root, seen);
  return seen;
}

/** kB gzip (level 9) per entry page, HTML excluded. */
export function bundleSizes(): Record<keyof typeof ENTRIES, number> {
  const out = {} as Record<keyof typeof ENTRIES, number>;
  for (const [name, entry] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
    const root = entry.startsWith(VIEWER_DIR) ? VIEWER_DIR : EXTENSION_DIR;
    let bytes = 0;
    for (const file of files(entry, root)) if (!file.endsWith('.html')) bytes += gzipSync(readFileSync(file), { level: 9 }).length;
    out[name] = Math.round(bytes / 102.4) / 10;
  }
  return out;
}
