// `npm run package`: zips dist/extension into dist/tabbeam-<version>.zip for the Chrome Web Store,
// after checking that the build links to a real viewer (scripts/package-guard.ts).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { loadEnv } from 'vite';
import { EXTENSION_DIR } from './chromium';
import { checkStoreViewerUrl } from './package-guard';

const ROOT = path.resolve(import.meta.dirname, '..');

function collect(dir: string, into: Zippable = {}, prefix = ''): Zippable {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name === '.vite') continue; // build metadata, not part of the extension
    if (statSync(full).isDirectory()) collect(full, into, `${prefix}${name}/`);
    else into[`${prefix}${name}`] = readFileSync(full);
  }
  return into;
}

function originRemote(): string | null {
  try {
    return execFileSync('git', ['remote', 'get-url', 'origin'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null; // no git, or no remote called origin
  }
}

// `npm run package` has just run `npm run build` with this environment; loadEnv sees what the
// extension build (`vite build`, mode production) saw: process.env over any .env files.
const { TABBEAM_VIEWER_URL } = loadEnv('production', ROOT, 'TABBEAM_');
const verdict = checkStoreViewerUrl({ viewerUrl: TABBEAM_VIEWER_URL, originRemote: originRemote() });
if (!verdict.ok) {
  console.error(verdict.message);
  process.exit(1);
}
const files = collect(EXTENSION_DIR);
// And dist/extension really is that build, not one left over from a build with another address:
// vite writes the variable's text into the bundle as it was given.
const given = TABBEAM_VIEWER_URL || verdict.viewerUrl;
const bundled = Object.entries(files).some(
  ([name, data]) =>
    name.endsWith('.js') &&
    data instanceof Uint8Array &&
    new TextDecoder().decode(data).includes(JSON.stringify(given).slice(1, -1)),
);
if (!bundled) {
  console.error(
    `npm run package: dist/extension was not built with TABBEAM_VIEWER_URL=${given}. Run \`npm run package\` (it rebuilds first) with the variable set.`,
  );
  process.exit(1);
}

const { version } = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { version: string };
const out = path.resolve(EXTENSION_DIR, '..', `tabbeam-${version}.zip`);
const zip = zipSync(files, { level: 9, mtime: new Date('2026-01-01') });
writeFileSync(out, zip);
console.log(
  `${path.relative(process.cwd(), out)} (${(zip.length / 1024).toFixed(1)} kB), share links → ${verdict.viewerUrl}`,
);
