import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './tools/eslint/layerBoundaries.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'scratch/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', fetch: 'readonly', document: 'readonly', window: 'readonly', localStorage: 'readonly', navigator: 'readonly' } },
    plugins: { layers },
    rules: {
      'layers/layer-boundaries': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/core/config.ts only.' }],
    },
  },
  {
    // The config module is the one reader of the environment; tests and tools set it up.
    files: ['src/core/config.ts', 'test/**', 'bench/**', 'scripts/**', 'tools/**', '*.config.ts', 'web/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
