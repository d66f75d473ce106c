// Lint keeps the layers honest: chrome.* / browser.* only in src/platform (and the test/script
// drivers that act as the user), the viewer imports only src/shared.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      'no-restricted-globals': ['error', { name: 'chrome', message: 'Use src/platform.' }, { name: 'browser', message: 'Use src/platform.' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'webextension-polyfill', message: 'Import it through src/platform/browser.ts.' }] }],
    },
  },
  {
    files: ['src/viewer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/platform/**', '**/background/**', '**/popup/**', '**/offscreen/**', '**/options/**'], message: 'The viewer and shared code run without the extension.' }] },
      ],
    },
  },
);
