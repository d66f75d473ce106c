// e2e tests drive the BUILT extension and viewer; `npm test` builds first, and this makes
// `vitest run --project e2e` on its own fail clearly instead of testing a stale or missing build.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromiumPath, EXTENSION_DIR, VIEWER_DIR } from '../../scripts/chromium';
import { xvfbPath } from '../../scripts/xvfb';

export default function setup(): void {
  for (const dir of [EXTENSION_DIR, VIEWER_DIR]) {
    if (!existsSync(path.join(dir, dir === EXTENSION_DIR ? 'manifest.json' : 'index.html'))) {
      throw new Error(`${dir} is missing: run \`npm run build\` (npm test does it for you).`);
    }
  }
  chromiumPath(); // throws, naming CHROME_PATH and apt-get, when there is no Chromium
  xvfbPath(); // the screen-capture test runs Chromium on a virtual display
}
