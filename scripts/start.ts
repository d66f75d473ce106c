// `npm start`: build, run a local PeerServer and the viewer site on 127.0.0.1, and open
// Chromium with the extension configured for them on an animated demo page.
// `npm start -- --headless` (or no display) runs the whole loop itself as a user meets it (the
// build's default ICE servers, the popup open during the join) and reports what a viewer got.
// `npm start -- --media-server` also runs a private Janus (Debian's janus) and sends every viewer
// through it (threshold 0), end-to-end encrypted, as a large audience would be.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { launchWithExtension, FIXTURES_DIR, VIEWER_DIR } from './chromium';
import { measureFrames, openAndTimeFirstFrame, openPopup, startShare } from './drive';
import { startJanus, type RunningJanus } from './janus-server';
import { startBroker, startStaticServer } from './local-servers';

const headless = process.argv.includes('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

const broker = await startBroker();
const site = await startStaticServer({ '/': VIEWER_DIR, '/demo/': FIXTURES_DIR });
const janus: RunningJanus | null = process.argv.includes('--media-server')
  ? await startJanus({ transport: 'ws' })
  : null;
const env = {
  ...process.env,
  TABBEAM_VIEWER_URL: site.url,
  TABBEAM_PEER_SERVER: `http://127.0.0.1:${broker.port}/?key=peerjs`,
  // The ICE servers stay the build's default (PeerJS's public STUN/TURN), as a user gets them: with no
  // internet they do not answer, and nothing may wait for them.
  ...(janus
    ? { TABBEAM_MEDIA_SERVER: JSON.stringify({ url: janus.url, apiSecret: janus.apiSecret, threshold: 0 }) }
    : {}),
};
console.log('Building with the local broker and viewer as defaults…');
execFileSync('npm', ['run', '--silent', 'build'], {
  stdio: 'inherit',
  env,
  cwd: path.resolve(import.meta.dirname, '..'),
});

const { browser, extensionId, worker } = await launchWithExtension({ headless });
const demo = (await browser.pages())[0] ?? (await browser.newPage());
await demo.goto(`${site.url}demo/source.html`);
console.log(`PeerServer: ${broker.url}\nViewer site: ${site.url}\nDemo page: ${site.url}demo/source.html`);
if (janus) console.log(`Media server: Janus at ${janus.url} (pid ${janus.pid}); every viewer watches through it`);

async function shutdown(code: number): Promise<never> {
  await browser.close().catch(() => undefined);
  await Promise.all([broker.close(), site.close(), janus?.stop()]);
  process.exit(code);
}

if (!headless) {
  console.log(
    'Chromium is open with TabBeam loaded: click its toolbar icon to share the demo tab. Close the browser or press Ctrl+C to stop.',
  );
  browser.on('disconnected', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
} else {
  try {
    const { link, clickToLinkMs } = await startShare(browser, extensionId, worker, demo);
    console.log(`Share link: ${link}  (ready ${clickToLinkMs} ms after the click)`);
    // A second click shows the popup (link, QR code, who watches); people leave it open while they test.
    await openPopup(browser, extensionId, demo);
    const { page: viewer, firstFrameMs, timeline } = await openAndTimeFirstFrame(browser, link);
    const report = await measureFrames(viewer, 3000);
    const screenshot = path.resolve('dist/viewer-screenshot.png');
    await viewer.screenshot({ path: screenshot });
    console.log(`First frame ${firstFrameMs} ms after the link was opened (the popup open).`);
    const steps = Object.entries(timeline).sort((a, b) => a[1] - b[1]);
    console.log(`  where the time went (ms): ${steps.map(([step, ms]) => `${step} ${ms}`).join(', ')}`);
    console.log(`Viewer receives ${report.width}×${report.height} at ${report.fps.toFixed(1)} fps.`);
    if (janus) {
      await viewer.waitForSelector('[data-testid="status"][data-via="server"]', { timeout: 10_000 });
      const through = await measureFrames(viewer, 3000);
      console.log(`Through the media server: ${through.width}×${through.height} at ${through.fps.toFixed(1)} fps.`);
    }
    console.log(`Screenshot of the viewer: ${screenshot}`);
    await shutdown(0);
  } catch (error) {
    console.error(error);
    await shutdown(1);
  }
}
