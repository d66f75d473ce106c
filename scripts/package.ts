// `npm run package`: zips dist/extension into dist/tabbeam-<version>.zip for the Chrome Web Store.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { EXTENSION_DIR } from './chromium';

function collect(dir: string, into: Zippable = {}, prefix = ''): Zippable {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name === '.vite') continue; // build metadata, not part of the extension
    if (statSync(full).isDirectory()) collect(full, into, `${prefix}${name}/`);
    else into[`${prefix}${name}`] = readFileSync(full);
  }
  return into;
}

const { version } = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { version: string };
const out = path.resolve(EXTENSION_DIR, '..', `tabbeam-${version}.zip`);
const zip = zipSync(collect(EXTENSION_DIR), { level: 9, mtime: new Date('2026-01-01') });
writeFileSync(out, zip);
console.log(`${path.relative(process.cwd(), out)} (${(zip.length / 1024).toFixed(1)} kB)`);
