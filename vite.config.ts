// Three builds from one config: `vite build` writes the extension to dist/extension,
// `vite build --mode overlay` adds the pointing overlay to it as one self-contained script, and
// `vite build --mode viewer` writes the viewer as a standalone static site to dist/viewer.
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import type * as ChromeMessages from './src/shared/i18n/chrome-messages';

/**
 * _locales/<lang>/messages.json for manifest.json's __MSG_…__, made from the catalogues
 * (src/shared/i18n) at build time. They are loaded through Vite's module runner, as the app's own
 * modules are, rather than bundled into this config.
 */
function chromeLocales(): Plugin {
  return {
    name: 'tabbeam-chrome-locales',
    async generateBundle() {
      const { module } = await runnerImport<typeof ChromeMessages>('/src/shared/i18n/chrome-messages.ts', {
        root: import.meta.dirname,
        configFile: false,
        logLevel: 'silent',
      });
      for (const [language, messages] of Object.entries(module.chromeLocales())) {
        this.emitFile({
          type: 'asset',
          fileName: `_locales/${language}/messages.json`,
          source: `${JSON.stringify(messages, null, 2)}\n`,
        });
      }
    },
  };
}

export default defineConfig(({ mode }) =>
  mode === 'overlay'
    ? {
        // Injected with chrome.scripting (src/platform/scripting.ts): a classic script, not web
        // accessible (crxjs's ?script import would list it for every site, letting pages detect TabBeam).
        publicDir: false,
        build: {
          outDir: 'dist/extension',
          emptyOutDir: false,
          target: 'es2022',
          lib: {
            entry: 'src/overlay/main.ts',
            formats: ['iife'],
            name: 'tabbeamOverlay',
            fileName: () => 'overlay.js',
          },
        },
      }
    : mode === 'viewer'
      ? {
          root: 'src/viewer',
          base: './', // relative asset paths: deployable under any path on any static host
          publicDir: false,
          plugins: [preact()],
          // No preload helper: the one lazy chunk (the media-server feed) has no CSS or imports to preload.
          build: { outDir: '../../dist/viewer', emptyOutDir: true, target: 'es2022', modulePreload: false },
        }
      : {
          plugins: [preact(), crx({ manifest }), chromeLocales()],
          // Build-time defaults (README): TABBEAM_VIEWER_URL, TABBEAM_PEER_SERVER, TABBEAM_ICE_SERVERS, TABBEAM_MEDIA_SERVER.
          envPrefix: 'TABBEAM_',
          build: {
            outDir: 'dist/extension',
            emptyOutDir: true,
            target: 'es2022',
            // Pages that the manifest does not name: the popup is set at run time, the offscreen document created.
            rollupOptions: { input: { popup: 'src/popup/index.html', offscreen: 'src/offscreen/index.html' } },
          },
        },
);
