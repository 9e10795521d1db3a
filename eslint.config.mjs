import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import packageBoundaries from './eslint-rules/package-boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      '**/out/**',
      '**/dist/**',
      '**/node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
      'src/main/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: [
      'scripts/**',
      'bench/**',
      'relay/bench/**',
      'gateway/bench/**',
      'relay/bin/**',
      'relay/src/cli.ts',
      'e2e/**',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', 'relay/bin/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The renderer talks only to window.api: no Node, no Electron, no main-process code.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', '**/main/**', '**/preload/**'],
              message: 'The renderer may import only src/shared and browser packages.',
            },
          ],
        },
      ],
    },
  },
  {
    // The app, gateway, relay, protocol and sqlite-migrate are separate packages: they share code by package name only.
    files: [
      'src/**/*.{ts,tsx}',
      'gateway/**/*.ts',
      'relay/**/*.ts',
      'protocol/**/*.ts',
      'sqlite-migrate/**/*.ts',
    ],
    plugins: { 'package-boundaries': packageBoundaries },
    rules: { 'package-boundaries/stay-in-package': 'error' },
  },
  {
    // Shared code runs in every process: no runtime-specific APIs.
    files: ['src/shared/**/*.ts', 'protocol/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'react', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared and the protocol package must stay runtime-agnostic.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'Main never imports renderer code.' }] },
      ],
    },
  },
);
