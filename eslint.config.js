// Lint keeps the layers honest. Enforced under src/:
// - chrome / browser (and webextension-polyfill) only in src/platform; tests and scripts act as
//   the user and may touch them too.
// - A context (background, offscreen, options, overlay, popup, viewer) imports no other context:
//   they share code through src/shared and talk through messages.
// - src/viewer (a static site) and src/shared (pure) import neither src/platform nor any context.
// Import cycles and size budgets are checked by `npm run check` (scripts/check-code.ts).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CONTEXTS = ['background', 'offscreen', 'options', 'overlay', 'popup', 'viewer'];
const POLYFILL = { name: 'webextension-polyfill', message: 'Import it through src/platform/browser.ts.' };

// One rule entry per block: flat config replaces a rule's options rather than merging them, so each
// block repeats the polyfill ban next to its own folders.
const restrictImports = (folders, message) => [
  'error',
  { paths: [POLYFILL], patterns: [{ group: folders.map((folder) => `**/${folder}/**`), message }] },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The benchmark's reference pipeline is a plain-JS extension on purpose (nothing of TabBeam in it).
    files: ['bench/reference/**/*.js'],
    languageOptions: { globals: { chrome: 'readonly', peerjs: 'readonly' } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'Use src/platform.' },
        { name: 'browser', message: 'Use src/platform.' },
      ],
      'no-restricted-imports': ['error', { paths: [POLYFILL] }],
    },
  },
  ...CONTEXTS.filter((context) => context !== 'viewer').map((context) => ({
    files: [`src/${context}/**`],
    rules: {
      'no-restricted-imports': restrictImports(
        CONTEXTS.filter((other) => other !== context),
        'A context never imports another: share code through src/shared, talk through messages.',
      ),
    },
  })),
  {
    files: ['src/viewer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        ['platform', ...CONTEXTS],
        'The viewer and shared code run without the extension: they import only src/shared.',
      ),
    },
  },
);
