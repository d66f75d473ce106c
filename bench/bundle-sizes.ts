// Gzip size of what each page loads: its HTML's scripts and styles, every JS chunk they import, and
// the largest chunk it imports on demand.
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

/** Files `entry` loads as it starts (scripts, styles, static imports), and the targets of its dynamic imports. */
function files(
  entry: string,
  root: string,
  seen = new Set<string>(),
  lazy = new Set<string>(),
): { seen: Set<string>; lazy: Set<string> } {
  if (seen.has(entry) || !existsSync(entry)) return { seen, lazy };
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  const refs = entry.endsWith('.html')
    ? [...text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g)].map((m) => m[1]!)
    : [...text.matchAll(/(?:from|import)\s*["'`](\.{0,2}\/[^"'`]+)["'`]/g)].map((m) => m[1]!);
  for (const ref of refs) if (/\.(js|css)$/.test(ref)) files(resolve(entry, ref, root), root, seen, lazy);
  if (!entry.endsWith('.html'))
    for (const m of text.matchAll(/import\(\s*["'`](\.{0,2}\/[^"'`]+\.js)["'`]\s*\)/g))
      lazy.add(resolve(entry, m[1]!, root));
  return { seen, lazy };
}

const gzipBytes = (paths: Iterable<string>) => {
  let bytes = 0;
  for (const file of paths) if (!file.endsWith('.html')) bytes += gzipSync(readFileSync(file), { level: 9 }).length;
  return bytes;
};

/**
 * kB gzip (level 9) per entry page, HTML excluded: what it loads as it starts, plus the largest
 * chunk it may load later (the popup always loads one language's words; the viewer loads its
 * media-server feed only for links that name one), so the figure is the most one open costs.
 */
export function bundleSizes(): Record<keyof typeof ENTRIES, number> {
  const out = {} as Record<keyof typeof ENTRIES, number>;
  for (const [name, entry] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
    const root = entry.startsWith(VIEWER_DIR) ? VIEWER_DIR : EXTENSION_DIR;
    const { seen, lazy } = files(entry, root);
    const later = [...lazy]
      .filter((file) => !seen.has(file))
      .map((file) => gzipBytes([...files(file, root, new Set(seen)).seen].filter((f) => !seen.has(f))));
    out[name] = Math.round((gzipBytes(seen) + Math.max(0, ...later)) / 102.4) / 10;
  }
  return out;
}
